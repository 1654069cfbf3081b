import { privateBucketControls } from "../shared/bucket";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { addAlarmTo } from "../alertingPath/target";
import { assertValid } from "../errors";
import { LogPipeline, type MetricFilterSpec } from "../logPipeline";
import { toJson } from "../policies/document";
import { assumeRolePolicy } from "../policies/iam";
import {
  cloudTrailBucketPolicy,
  cloudTrailKeyPolicy,
  cloudTrailLogsDeliveryPolicy,
  trailArnOf,
} from "../policies/cloudtrail";
import { componentTags } from "../tags";
import {
  AUDIT_TRAIL_DEFAULTS,
  resolveAuditTrailArgs,
  validateAuditTrailArgs,
  type AuditTrailArgs,
  type DataEventSelection,
} from "./args";
import { CIS_CONTROLS, CIS_CONTROL_TAG, cisSamples } from "./cis";
import { VERSION } from "../version";

type Selector = aws.types.input.cloudtrail.TrailAdvancedEventSelector;

/**
 * The trail's advanced event selectors: every management event (read and write), and the data
 * events asked for: S3 object calls and Lambda invocations, on every resource or on the listed
 * ARNs (`arn:aws:s3:::bucket` selects the bucket's objects, `<arn>/` being their prefix).
 */
export function auditEventSelectors(s3: DataEventSelection, lambda: DataEventSelection): Selector[] {
  const selectors: Selector[] = [
    { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
  ];
  const data = (name: string, type: string, sel: DataEventSelection, arns?: Selector["fieldSelectors"]) => {
    if (sel === "none") return;
    selectors.push({
      name,
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: [type] },
        ...(sel === "all" ? [] : (arns as never[])),
      ],
    });
  };
  data(
    "S3 object events",
    "AWS::S3::Object",
    s3,
    s3 === "all" || s3 === "none"
      ? undefined
      : [{ field: "resources.ARN", startsWiths: s3.map((a) => pulumi.interpolate`${a}/`) }],
  );
  data(
    "Lambda invocations",
    "AWS::Lambda::Function",
    lambda,
    lambda === "all" || lambda === "none" ? undefined : [{ field: "resources.ARN", equals: lambda }],
  );
  return selectors;
}

/** Each trail's LogPipeline, behind `AuditTrail.logs` (an accessor, so no schema output). */
const LOG_PIPELINES = new WeakMap<AuditTrail, LogPipeline>();

/**
 * A CloudTrail trail that keeps the account's audit record: multi-region with global service
 * events and log file validation, management events (read and write) and the chosen data events;
 * delivered to an S3 bucket (CMK-encrypted, versioned, private, TLS-only, lifecycle, optional
 * Object Lock) whose policy admits this trail only; encrypted with a key this trail only may use;
 * and sent to a CloudWatch Logs group (a `LogPipeline`) through a role that can write that
 * group's trail streams and nothing else. On the group, the CIS AWS Foundations Benchmark
 * monitoring controls: one metric filter each, checked at construction against real CloudTrail
 * records, and one alarm each on the given AlertingPath.
 */
export class AuditTrail extends pulumi.ComponentResource {
  /** The obskit version that declared this component (also its children's `obskit:version` tag). */
  readonly version: pulumi.Output<string>;
  /** The trail. */
  readonly trail: aws.cloudtrail.Trail;
  /** The trail's name. */
  readonly trailName: pulumi.Output<string>;
  /** The trail's ARN. */
  readonly trailArn: pulumi.Output<string>;
  /** The bucket created for the trail, when none was given. */
  readonly bucket?: aws.s3.Bucket;
  /** The bucket's policy, when the bucket was created here. */
  readonly bucketPolicy?: aws.s3.BucketPolicy;
  /** Name of the bucket the trail delivers to. */
  readonly bucketName: pulumi.Output<string>;
  /** The key created for the trail, when none was given. */
  readonly key?: aws.kms.Key;
  /** ARN of the key encrypting the log files. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The bucket policy the trail needs, as JSON: applied to a created bucket, to apply to an existing one. */
  readonly requiredBucketPolicy: pulumi.Output<string>;
  /** The key policy the trail needs, as JSON: applied to a created key, to merge into an existing one. */
  readonly requiredKeyPolicy: pulumi.Output<string>;
  /** Name of the trail's CloudWatch Logs group. */
  readonly logGroupName: pulumi.Output<string>;
  /** ARN of the trail's CloudWatch Logs group. */
  readonly logGroupArn: pulumi.Output<string>;
  /** The role CloudTrail assumes to write to the group. */
  readonly logsRole: aws.iam.Role;
  /** The CIS alarms, by control id (`CisControlId`; empty without `alerting`). */
  readonly cisAlarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
  /** The CIS alarms' names, by control id. */
  readonly cisAlarmNames: Record<string, pulumi.Output<string>> = {};

  /**
   * The trail's CloudWatch Logs group and its CIS metric filters (for metrics, queries and
   * dashboards). TypeScript only: an accessor, not an output, since another obskit component is
   * nothing the schema of other Pulumi languages can carry; they get `logGroupName` and
   * `logGroupArn`.
   */
  get logs(): LogPipeline {
    const logs = LOG_PIPELINES.get(this);
    if (!logs) throw new Error(`AuditTrail: \`logs\` is read before the trail's log group is declared.`);
    return logs;
  }

  constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:index:AuditTrail", name, {}, opts);
    this.version = pulumi.output(VERSION);
    assertValid("AuditTrail", name, validateAuditTrailArgs(args));
    const a = resolveAuditTrailArgs(args);
    const tags = componentTags("AuditTrail", a.tags);
    const keep = { protect: a.protect, retainOnDelete: a.protect };

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const accountId = identity.accountId;
    this.trailArn = pulumi
      .all([partition.partition, region.region, accountId])
      .apply(([p, r, acct]) =>
        trailArnOf({ partition: p, region: r, accountId: acct, trailName: a.trailName }),
      );

    // The key: created here with the guide's statements, or given.
    this.requiredKeyPolicy = pulumi
      .all([accountId, partition.partition, this.trailArn])
      .apply(([acct, p, trailArn]) =>
        toJson(cloudTrailKeyPolicy({ accountId: acct, partition: p, trailArn })),
      );
    if (a.key.kind === "create") {
      this.key = new aws.kms.Key(
        `${name}-key`,
        {
          description: `obskit: CloudTrail log file encryption for trail ${a.trailName}`,
          enableKeyRotation: true,
          deletionWindowInDays: a.key.deletionWindowInDays,
          policy: this.requiredKeyPolicy,
          tags,
        },
        { parent: this, ...keep },
      );
      this.kmsKeyArn = this.key.arn;
    } else {
      this.kmsKeyArn = pulumi.output(a.key.arn);
    }

    // The bucket: created here (private, encrypted, versioned, lifecycle, lock) or given.
    const dependsOn: pulumi.Resource[] = [];
    if (a.bucket.kind === "create") {
      const b = a.bucket;
      const bucket = new aws.s3.Bucket(
        `${name}-bucket`,
        { forceDestroy: !a.protect, objectLockEnabled: b.objectLock ? true : undefined, tags },
        { parent: this, ...keep },
      );
      this.bucket = bucket;
      const child = { parent: bucket };
      // no S3 Bucket Key: with one, S3 asks KMS under the bucket's encryption context, not the
      // trail's, which the key policy (this trail's context only) refuses
      const { ownership, publicAccess, versioning, encryption } = privateBucketControls(
        `${name}-bucket`,
        bucket,
        { kmsKeyArn: this.kmsKeyArn, bucketKeyEnabled: false },
        child,
      );
      const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ];
      if (b.transitionAfterDays > 0)
        rules.push({
          id: "transition-log-files",
          status: "Enabled",
          filter: {},
          transitions: [{ days: b.transitionAfterDays, storageClass: b.transitionStorageClass }],
          noncurrentVersionTransitions: [
            { noncurrentDays: b.transitionAfterDays, storageClass: b.transitionStorageClass },
          ],
        });
      if (b.expireAfterDays > 0)
        rules.push({
          id: "expire-log-files",
          status: "Enabled",
          filter: {},
          expiration: { days: b.expireAfterDays },
          noncurrentVersionExpiration: { noncurrentDays: b.expireAfterDays },
        });
      new aws.s3.BucketLifecycleConfiguration(
        `${name}-bucket-lifecycle`,
        { bucket: bucket.id, rules },
        { ...child, dependsOn: [versioning] },
      );
      if (b.objectLock) {
        dependsOn.push(
          new aws.s3.BucketObjectLockConfiguration(
            `${name}-bucket-object-lock`,
            {
              bucket: bucket.id,
              objectLockEnabled: "Enabled",
              rule: { defaultRetention: { mode: b.objectLock.mode, days: b.objectLock.days } },
            },
            { ...child, dependsOn: [versioning] },
          ),
        );
      }
      this.bucketName = bucket.bucket;
      this.requiredBucketPolicy = pulumi
        .all([bucket.arn, accountId, this.trailArn])
        .apply(([bucketArn, acct, trailArn]) =>
          toJson(cloudTrailBucketPolicy({ bucketArn, accountId: acct, trailArn })),
        );
      this.bucketPolicy = new aws.s3.BucketPolicy(
        `${name}-bucket-policy`,
        { bucket: bucket.id, policy: this.requiredBucketPolicy },
        { ...child, dependsOn: [publicAccess] },
      );
      dependsOn.push(this.bucketPolicy, ownership, encryption, publicAccess);
    } else {
      const existing = a.bucket.name;
      this.bucketName = pulumi.output(existing);
      this.requiredBucketPolicy = pulumi
        .all([partition.partition, accountId, this.trailArn])
        .apply(([p, acct, trailArn]) =>
          toJson(
            cloudTrailBucketPolicy({ bucketArn: `arn:${p}:s3:::${existing}`, accountId: acct, trailArn }),
          ),
        );
    }

    // Delivery to CloudWatch Logs: the group (with the CIS filters) and the role CloudTrail uses.
    const filters: MetricFilterSpec[] = a.cisControls.map((id) => {
      const c = CIS_CONTROLS[id];
      return {
        name: c.metricName,
        pattern: c.pattern,
        namespace: a.cisMetricNamespace,
        value: "1",
        samples: cisSamples(c),
      };
    });
    const logs = new LogPipeline(
      `${name}-logs`,
      {
        logGroupName: a.logGroupName,
        retentionInDays: a.logRetentionInDays,
        kmsKeyArn: a.logsKmsKeyArn,
        metricFilters: filters,
        protect: a.protect,
        tags: a.tags,
      },
      { parent: this },
    );
    LOG_PIPELINES.set(this, logs);
    this.logGroupName = this.logs.logGroupName;
    this.logGroupArn = this.logs.logGroupArn;
    this.logsRole = new aws.iam.Role(
      `${name}-logs-role`,
      {
        description: `CloudTrail ${a.trailName} delivers to ${a.logGroupName}`,
        assumeRolePolicy: pulumi
          .all([accountId, this.trailArn])
          .apply(([acct, trailArn]) => toJson(assumeRolePolicy("cloudtrail.amazonaws.com", acct, trailArn))),
        tags,
      },
      { parent: this },
    );
    const logsPolicy = new aws.iam.RolePolicy(
      `${name}-logs-delivery`,
      {
        role: this.logsRole.name,
        policy: pulumi
          .all([this.logs.logGroupArn, accountId])
          .apply(([logGroupArn, acct]) =>
            toJson(cloudTrailLogsDeliveryPolicy({ logGroupArn, accountId: acct })),
          ),
      },
      { parent: this.logsRole },
    );

    this.trail = new aws.cloudtrail.Trail(
      `${name}-trail`,
      {
        name: a.trailName,
        s3BucketName: this.bucketName,
        kmsKeyId: this.kmsKeyArn,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        advancedEventSelectors: auditEventSelectors(a.s3DataEvents, a.lambdaDataEvents),
        cloudWatchLogsGroupArn: pulumi.interpolate`${this.logs.logGroupArn}:*`,
        cloudWatchLogsRoleArn: this.logsRole.arn,
        tags,
      },
      { parent: this, ...keep, dependsOn: [...dependsOn, logsPolicy, ...(this.key ? [this.key] : [])] },
    );
    this.trailName = this.trail.name;

    if (args.alerting) {
      for (const id of a.cisControls) {
        const c = CIS_CONTROLS[id];
        const alarm = addAlarmTo(
          args.alerting,
          {
            name: `cis-${id}`,
            metric: this.logs
              .metric(c.metricName)
              .with({ periodSeconds: AUDIT_TRAIL_DEFAULTS.cisAlarm.periodSeconds }),
            threshold: AUDIT_TRAIL_DEFAULTS.cisAlarm.threshold,
            comparison: ">=",
            evaluationPeriods: 1,
            treatMissingData: "notBreaching",
            description: `CIS AWS Foundations ${c.recommendation}: ${c.description} (trail ${a.trailName})`,
            tags: { [CIS_CONTROL_TAG]: id },
          },
          {
            key: `cis:${id}`,
            parent: this,
            resourceName: `${name}-cis-${id}`,
            owner: { component: "AuditTrail", name, resource: this },
            tags,
          },
        );
        this.cisAlarms[id] = alarm;
        this.cisAlarmNames[id] = alarm.name;
      }
    }

    this.registerOutputs({
      version: this.version,
      trailName: this.trailName,
      trailArn: this.trailArn,
      bucketName: this.bucketName,
      kmsKeyArn: this.kmsKeyArn,
      logGroupName: this.logGroupName,
    });
  }
}
