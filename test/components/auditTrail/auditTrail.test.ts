import { expect } from "chai";
import type { MockRun, PlannedResource } from "../../../cli/plan/mockRuntime";
import {
  AlertingPath,
  AuditTrail,
  CIS_CONTROL_IDS,
  DataEventScope,
  ObjectLockMode,
  ObskitArgsError,
  TransitionStorageClass,
  validateAuditTrailArgs,
  type AuditTrailArgs,
} from "../../../components";
import { expectProblems, problemsIn, rejection } from "../../support/errors";
import {
  ACCOUNT,
  ANONYMOUS,
  OTHER_ACCOUNT,
  expectAllowed,
  expectDenied,
  type PolicySet,
  assumeRole,
} from "../../support/iam";
import { ofType, one, runProgram } from "../../support/mocks";
import { overTheWire } from "../../support/wire";

const REGION = "eu-west-1";
const TRAIL = "audit";
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}`;
const OTHER_TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/someone-elses`;
const CLOUDTRAIL = "cloudtrail.amazonaws.com";

function plan(args: Partial<AuditTrailArgs> = {}, withAlerts = true): Promise<MockRun> {
  return runProgram(() => {
    const alerting = withAlerts ? new AlertingPath("alerts", { emails: ["ops@example.com"] }) : undefined;
    new AuditTrail("audit", { trailName: TRAIL, alerting, ...args });
  });
}

const input = <T>(r: PlannedResource, k: string): T => r.inputs[k] as T;

describe("AuditTrail", function () {
  this.timeout(60_000);
  let run: MockRun;
  let trail: PlannedResource;
  let bucketArn: string;
  let keyArn: string;
  let bucketPolicy: PolicySet;
  let keyPolicy: PolicySet;
  before(async () => {
    run = await plan();
    trail = one(run, "aws:cloudtrail/trail:Trail");
    bucketArn = String(one(run, "aws:s3/bucket:Bucket").state.arn);
    keyArn = String(one(run, "aws:kms/key:Key", "audit-key").state.arn);
    bucketPolicy = { resource: one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy };
    keyPolicy = { resource: one(run, "aws:kms/key:Key", "audit-key").inputs.policy };
  });

  describe("the trail", () => {
    it("is named, multi-region, with global service events, log file validation, KMS and CloudWatch delivery", () => {
      expect(trail.inputs).to.include({
        name: TRAIL,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: keyArn,
      });
      expect(trail.state.arn).to.equal(TRAIL_ARN);
      const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
      expect(group.inputs.name).to.equal("/aws/cloudtrail/audit");
      expect(trail.inputs.cloudWatchLogsGroupArn).to.equal(`${String(group.state.arn)}:*`);
      expect(trail.inputs.cloudWatchLogsRoleArn).to.equal(one(run, "aws:iam/role:Role").state.arn);
    });

    it("records management events, read and write, and no data events by default", () => {
      expect(trail.inputs.advancedEventSelectors).to.deep.equal([
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
      ]);
    });

    it("records S3 object and Lambda invocation data events for the chosen resources, or all", async () => {
      const chosen = one(
        await plan({
          s3DataEventArns: ["arn:aws:s3:::data-lake"],
          lambdaDataEventArns: [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:auth`],
        }),
        "aws:cloudtrail/trail:Trail",
      );
      expect(chosen.inputs.advancedEventSelectors).to.deep.include.members([
        {
          name: "S3 object events",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "resources.ARN", startsWiths: ["arn:aws:s3:::data-lake/"] },
          ],
        },
        {
          name: "Lambda invocations",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::Lambda::Function"] },
            { field: "resources.ARN", equals: [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:auth`] },
          ],
        },
      ]);
      const all = one(
        await plan({ s3DataEvents: "all", lambdaDataEvents: "all" }),
        "aws:cloudtrail/trail:Trail",
      );
      const selectors = all.inputs.advancedEventSelectors as { fieldSelectors: { field: string }[] }[];
      expect(selectors).to.have.length(3);
      expect(selectors.flatMap((s) => s.fieldSelectors.map((f) => f.field))).to.not.include("resources.ARN");
    });

    it("is created after the bucket policy, so CloudTrail's delivery check passes", () => {
      const policy = one(run, "aws:s3/bucketPolicy:BucketPolicy");
      expect(trail.dependencies ?? []).to.include(policy.urn);
    });
  });

  describe("the bucket", () => {
    it("is encrypted with the trail's key, versioned, private, owner-enforced, with lifecycle", () => {
      const enc = one(
        run,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      expect(
        input<{ applyServerSideEncryptionByDefault: unknown }[]>(enc, "rules")[0]
          .applyServerSideEncryptionByDefault,
      ).to.deep.equal({
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: keyArn,
      });
      expect(
        one(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration,
      ).to.deep.equal({
        status: "Enabled",
      });
      expect(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.include({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).to.deep.equal({
        objectOwnership: "BucketOwnerEnforced",
      });
      const rules = input<{ id: string; transitions?: unknown; expiration?: unknown }[]>(
        one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
        "rules",
      );
      expect(rules.find((r) => r.id === "transition-log-files")?.transitions).to.deep.equal([
        { days: 90, storageClass: "GLACIER_IR" },
      ]);
      expect(rules.find((r) => r.id === "expire-log-files")?.expiration).to.deep.equal({ days: 365 });
      expect(
        ofType(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"),
      ).to.have.length(0);
    });

    it("takes lifecycle days and Object Lock from the arguments", async () => {
      const locked = await plan({
        bucket: {
          transitionAfterDays: 30,
          expireAfterDays: 2557,
          objectLock: { mode: "COMPLIANCE", days: 2555 },
        },
      });
      expect(one(locked, "aws:s3/bucket:Bucket").inputs.objectLockEnabled).to.equal(true);
      expect(
        one(locked, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").inputs.rule,
      ).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 2555 } });
      const rules = input<{ id: string; expiration?: unknown }[]>(
        one(locked, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
        "rules",
      );
      expect(rules.find((r) => r.id === "expire-log-files")?.expiration).to.deep.equal({ days: 2557 });
    });
  });

  describe("the bucket policy, by simulated requests", () => {
    const put = (resource: string, context: Record<string, string>, principal = CLOUDTRAIL) => ({
      principal,
      action: "s3:PutObject",
      resource,
      context,
    });
    const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };

    it("lets CloudTrail write AWSLogs/<account>/ of this bucket, for this trail only, with the owner ACL", async () => {
      const key = `${bucketArn}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/01/01/x.json.gz`;
      await expectAllowed(put(key, { ...acl, "aws:SourceArn": TRAIL_ARN }), bucketPolicy);
      await expectDenied(put(key, { ...acl, "aws:SourceArn": OTHER_TRAIL_ARN }), bucketPolicy);
      await expectDenied(
        put(key, { ...acl, "aws:SourceArn": TRAIL_ARN.replace(ACCOUNT, OTHER_ACCOUNT) }),
        bucketPolicy,
      );
      await expectDenied(put(key, { "aws:SourceArn": TRAIL_ARN }), bucketPolicy);
      await expectDenied(put(key, { "s3:x-amz-acl": "private", "aws:SourceArn": TRAIL_ARN }), bucketPolicy);
      await expectDenied(
        put(`${bucketArn}/AWSLogs/${OTHER_ACCOUNT}/x.json.gz`, { ...acl, "aws:SourceArn": TRAIL_ARN }),
        bucketPolicy,
      );
      await expectDenied(
        put(`${bucketArn}/elsewhere/x.json.gz`, { ...acl, "aws:SourceArn": TRAIL_ARN }),
        bucketPolicy,
      );
      await expectDenied(
        put(key, { ...acl, "aws:SourceArn": TRAIL_ARN, "aws:SecureTransport": "false" }),
        bucketPolicy,
        true,
      );
      await expectDenied(put(key, acl, ANONYMOUS), bucketPolicy);
      await expectDenied(
        put(key, { ...acl, "aws:SourceArn": TRAIL_ARN }, "config.amazonaws.com"),
        bucketPolicy,
      );
    });

    it("lets CloudTrail read the bucket ACL for this trail only", async () => {
      const get = (context: Record<string, string>) => ({
        principal: CLOUDTRAIL,
        action: "s3:GetBucketAcl",
        resource: bucketArn,
        context,
      });
      await expectAllowed(get({ "aws:SourceArn": TRAIL_ARN }), bucketPolicy);
      await expectDenied(get({ "aws:SourceArn": OTHER_TRAIL_ARN }), bucketPolicy);
      await expectDenied(get({}), bucketPolicy);
      await expectDenied(
        {
          principal: CLOUDTRAIL,
          action: "s3:GetBucketAcl",
          resource: "arn:aws:s3:::another-bucket",
          context: { "aws:SourceArn": TRAIL_ARN },
        },
        bucketPolicy,
      );
      await expectDenied(
        {
          principal: CLOUDTRAIL,
          action: "s3:GetObject",
          resource: `${bucketArn}/AWSLogs/${ACCOUNT}/x`,
          context: { "aws:SourceArn": TRAIL_ARN },
        },
        bucketPolicy,
      );
    });
  });

  describe("the key policy, by simulated requests", () => {
    const ec = "kms:EncryptionContext:aws:cloudtrail:arn";
    it("lets CloudTrail generate data keys with this trail's encryption context only", async () => {
      const gen = (context: Record<string, string>) => ({
        principal: CLOUDTRAIL,
        action: "kms:GenerateDataKey",
        resource: keyArn,
        context,
      });
      await expectAllowed(gen({ [ec]: TRAIL_ARN, "aws:SourceArn": TRAIL_ARN }), keyPolicy);
      await expectDenied(gen({ [ec]: OTHER_TRAIL_ARN, "aws:SourceArn": TRAIL_ARN }), keyPolicy);
      await expectDenied(gen({ [ec]: OTHER_TRAIL_ARN, "aws:SourceArn": OTHER_TRAIL_ARN }), keyPolicy);
      await expectDenied(
        gen({ [ec]: TRAIL_ARN, "aws:SourceArn": TRAIL_ARN.replace(ACCOUNT, OTHER_ACCOUNT) }),
        keyPolicy,
      );
      await expectDenied(gen({ "aws:SourceArn": TRAIL_ARN }), keyPolicy);
      await expectDenied(gen({ [ec]: TRAIL_ARN }), keyPolicy);
      await expectDenied(
        {
          principal: CLOUDTRAIL,
          action: "kms:Decrypt",
          resource: keyArn,
          context: { [ec]: TRAIL_ARN, "aws:SourceArn": TRAIL_ARN },
        },
        keyPolicy,
      );
    });

    it("lets CloudTrail describe the key for this trail", async () => {
      const describe = (context: Record<string, string>) => ({
        principal: CLOUDTRAIL,
        action: "kms:DescribeKey",
        resource: keyArn,
        context,
      });
      await expectAllowed(describe({ "aws:SourceArn": TRAIL_ARN }), keyPolicy);
      await expectDenied(describe({ "aws:SourceArn": OTHER_TRAIL_ARN }), keyPolicy);
    });

    it("lets this account's principals (granted by IAM) decrypt this trail's log files, no one else", async () => {
      const reader = `arn:aws:iam::${ACCOUNT}:role/auditor`;
      const stranger = `arn:aws:iam::${OTHER_ACCOUNT}:role/auditor`;
      const grant = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }],
      };
      const decrypt = (principal: string, context: Record<string, string>) => ({
        principal,
        action: "kms:Decrypt",
        resource: keyArn,
        context,
      });
      const withGrant: PolicySet = { ...keyPolicy, identity: [grant] };
      await expectAllowed(decrypt(reader, { [ec]: TRAIL_ARN, "kms:CallerAccount": ACCOUNT }), withGrant);
      await expectDenied(decrypt(reader, { [ec]: OTHER_TRAIL_ARN, "kms:CallerAccount": ACCOUNT }), withGrant);
      await expectDenied(decrypt(reader, { "kms:CallerAccount": ACCOUNT }), withGrant);
      await expectDenied(decrypt(reader, { [ec]: TRAIL_ARN, "kms:CallerAccount": ACCOUNT }), keyPolicy);
      await expectDenied(
        { ...decrypt(stranger, { [ec]: TRAIL_ARN, "kms:CallerAccount": OTHER_ACCOUNT }) },
        withGrant,
      );
      await expectDenied(decrypt(ANONYMOUS, { [ec]: TRAIL_ARN }), keyPolicy);
      // an administrator of the account can manage the key but not read around the condition
      const admin = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }],
      };
      await expectDenied(decrypt(reader, { "kms:CallerAccount": ACCOUNT }), {
        ...keyPolicy,
        identity: [admin],
      });
      await expectAllowed(
        { principal: reader, action: "kms:ScheduleKeyDeletion", resource: keyArn },
        { ...keyPolicy, identity: [admin] },
      );
    });
  });

  describe("delivery to CloudWatch Logs, by simulated requests", () => {
    let role: PlannedResource;
    let group: string;
    before(() => {
      role = one(run, "aws:iam/role:Role");
      group = String(one(run, "aws:cloudwatch/logGroup:LogGroup").state.arn);
    });

    it("the role is assumable by CloudTrail for this trail of this account only", async () => {
      const trust: PolicySet = { resource: role.inputs.assumeRolePolicy };
      const assume = assumeRole(String(role.state.arn));
      await expectAllowed(
        assume(CLOUDTRAIL, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": TRAIL_ARN }),
        trust,
      );
      await expectDenied(
        assume(CLOUDTRAIL, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": OTHER_TRAIL_ARN }),
        trust,
      );
      await expectDenied(
        assume(CLOUDTRAIL, {
          "aws:SourceAccount": OTHER_ACCOUNT,
          "aws:SourceArn": TRAIL_ARN.replace(ACCOUNT, OTHER_ACCOUNT),
        }),
        trust,
      );
      await expectDenied(
        assume("lambda.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": TRAIL_ARN }),
        trust,
      );
    });

    it("the role creates and writes the trail's streams of the trail group only", async () => {
      const id: PolicySet = {
        identity: ofType(run, "aws:iam/rolePolicy:RolePolicy").map((p) => p.inputs.policy),
      };
      const me = `arn:aws:sts::${ACCOUNT}:assumed-role/${String(role.state.name)}/CloudTrail`;
      const stream = `${group}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`;
      for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"])
        await expectAllowed({ principal: me, action, resource: stream }, id);
      await expectAllowed(
        {
          principal: me,
          action: "logs:PutLogEvents",
          resource: `${group}:log-stream:${ACCOUNT}_CloudTrail_us-east-1`,
        },
        id,
      );
      await expectDenied(
        { principal: me, action: "logs:PutLogEvents", resource: `${group}:log-stream:other-stream` },
        id,
      );
      await expectDenied(
        {
          principal: me,
          action: "logs:PutLogEvents",
          resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/other/group:log-stream:${ACCOUNT}_CloudTrail_${REGION}`,
        },
        id,
      );
      for (const action of ["logs:DeleteLogGroup", "logs:PutRetentionPolicy"])
        await expectDenied({ principal: me, action, resource: group }, id);
      await expectDenied({ principal: me, action: "logs:GetLogEvents", resource: stream }, id);
    });
  });

  describe("CIS controls", () => {
    it("one metric filter on the trail's group and one tagged alarm on its metric, per control", () => {
      const filters = ofType(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
      const alarms = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(filters).to.have.length(15);
      expect(alarms).to.have.length(15);
      for (const id of CIS_CONTROL_IDS) {
        const alarm = alarms.find(
          (a) => (a.inputs.tags as Record<string, string>)["obskit:cis-control"] === id,
        );
        expect(alarm, id).to.not.equal(undefined);
        const filter = filters.find(
          (f) => (f.inputs.metricTransformation as { name: string }).name === alarm!.inputs.metricName,
        )!;
        expect(filter.inputs.logGroupName).to.equal("/aws/cloudtrail/audit");
        expect((filter.inputs.metricTransformation as { namespace: string }).namespace).to.equal(
          alarm!.inputs.namespace,
        );
        expect(alarm!.inputs).to.include({ threshold: 1, period: 300 });
        expect(alarm!.inputs.alarmActions).to.deep.equal([one(run, "aws:sns/topic:Topic").state.arn]);
      }
    });

    it("each control can be turned off; without an alerting path only the filters exist", async () => {
      const off = await plan({ cisControls: { "root-account-usage": false, "vpc-changes": false } });
      expect(ofType(off, "aws:cloudwatch/logMetricFilter:LogMetricFilter")).to.have.length(13);
      const tags = ofType(off, "aws:cloudwatch/metricAlarm:MetricAlarm").map(
        (a) => (a.inputs.tags as Record<string, string>)["obskit:cis-control"],
      );
      expect(tags).to.not.include("root-account-usage");
      expect(tags).to.have.length(13);
      const bare = await plan({}, false);
      expect(ofType(bare, "aws:cloudwatch/logMetricFilter:LogMetricFilter")).to.have.length(15);
      expect(ofType(bare, "aws:cloudwatch/metricAlarm:MetricAlarm")).to.have.length(0);
    });
  });

  describe("bring your own bucket or key", () => {
    it("an existing bucket: no bucket is created, the trail delivers to it", async () => {
      const byo = await plan({ bucket: { existingBucketName: "org-audit-logs" } });
      expect(ofType(byo, "aws:s3/bucket:Bucket")).to.have.length(0);
      expect(ofType(byo, "aws:s3/bucketPolicy:BucketPolicy")).to.have.length(0);
      expect(one(byo, "aws:cloudtrail/trail:Trail").inputs.s3BucketName).to.equal("org-audit-logs");
    });

    it("an existing key: no trail key is created, trail and bucket use it", async () => {
      const arn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-0000-1111-2222-333344445555`;
      const byo = await plan({ key: { existingKeyArn: arn } });
      expect(ofType(byo, "aws:kms/key:Key").map((k) => k.name)).to.not.include("audit-key");
      expect(one(byo, "aws:cloudtrail/trail:Trail").inputs.kmsKeyId).to.equal(arn);
    });

    it("rejects both forms at once, at construction", async () => {
      const err = await rejection(
        plan({ bucket: { existingBucketName: "org-audit-logs", expireAfterDays: 10 } as never }),
      );
      expect(err).to.be.instanceOf(ObskitArgsError);
      expectProblems(problemsIn(err, "AuditTrail", "audit"), [
        { propertyPath: "bucket", value: ["expireAfterDays"] },
      ]);
      const keyErr = validateAuditTrailArgs({
        trailName: TRAIL,
        key: {
          existingKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc",
          deletionWindowInDays: 7,
        } as never,
      });
      expectProblems(keyErr, [{ propertyPath: "key" }]);
      expect(keyErr[0].reason).to.contain("deletionWindowInDays");
    });
  });

  describe("protect", () => {
    it("protects and retains trail, bucket, key and log group (and the group's key) when asked", async () => {
      const kept = await plan({ protect: true });
      for (const [type, name] of [
        ["aws:cloudtrail/trail:Trail", "audit-trail"],
        ["aws:s3/bucket:Bucket", "audit-bucket"],
        ["aws:kms/key:Key", "audit-key"],
        ["aws:cloudwatch/logGroup:LogGroup", "audit-logs-logs"],
      ])
        expect(one(kept, type, name), name).to.deep.include({ protect: true, retainOnDelete: true });
      expect(one(kept, "aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(false);
      expect(one(run, "aws:cloudtrail/trail:Trail").protect).to.equal(false);
    });
  });

  describe("where the CIS alarms go: a path, or its topic as data", () => {
    const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ops-alerts`;
    const TOPIC_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-0000-1111-2222-333344445555`;

    it("creates the same CIS alarms under the trail, with the path's resource names, notifying the topic", async () => {
      const viaData = await plan({ alerting: { topicArn: TOPIC, kmsKeyArn: TOPIC_KEY } }, false);
      const viaPath = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
      const alarms = ofType(viaData, "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(alarms.map((a) => a.name).sort()).to.deep.equal(viaPath.map((a) => a.name).sort());
      const component = one(viaData, "obskit:index:AuditTrail");
      for (const alarm of alarms) {
        const id = (alarm.inputs.tags as Record<string, string>)["obskit:cis-control"];
        expect(alarm.name).to.equal(`audit-cis-${id}`);
        expect(alarm.parent).to.equal(component.urn);
        expect(alarm.inputs).to.deep.include({ alarmActions: [TOPIC], okActions: [TOPIC], threshold: 1 });
        expect(alarm.inputs.name).to.equal(`audit-cis-${id}`);
        const same = viaPath.find((a) => a.name === alarm.name)!;
        for (const k of ["metricName", "namespace", "period", "comparisonOperator", "alarmDescription"])
          expect(alarm.inputs[k], `${alarm.name}.${k}`).to.deep.equal(same.inputs[k]);
      }
      // with a path, they stay the path's: parented by the trail, named by the path's prefix
      for (const alarm of viaPath) expect(alarm.parent).to.equal(one(run, "obskit:index:AuditTrail").urn);
    });

    it("with an AlertingPath, the alarms join the path under the keys cis:<control>", async () => {
      let path: AlertingPath | undefined;
      let trail: AuditTrail | undefined;
      await runProgram(() => {
        path = new AlertingPath("alerts", { emails: ["ops@example.com"] });
        trail = new AuditTrail("audit", {
          trailName: TRAIL,
          alerting: path,
          cisControls: { "vpc-changes": false },
        });
      });
      const keys = CIS_CONTROL_IDS.filter((id) => id !== "vpc-changes").map((id) => `cis:${id}`);
      expect(Object.keys(path!.alarms)).to.have.members(keys);
      expect(Object.keys(trail!.cisAlarms)).to.have.members(keys.map((k) => k.slice(4)));
      expect(path!.alarms["cis:root-account-usage"]).to.equal(trail!.cisAlarms["root-account-usage"]);
    });

    it("rejects a target without its topic, naming the field", async () => {
      const err = await rejection(plan({ alerting: { kmsKeyArn: TOPIC_KEY } as never }, false));
      expect(err).to.be.instanceOf(ObskitArgsError);
      expectProblems(problemsIn(err, "AuditTrail"), [
        { propertyPath: "alerting.topicArn", value: undefined },
      ]);
    });
  });

  describe("from another Pulumi language (args as plain data)", () => {
    const planned = (r: MockRun) =>
      r.resources
        .map((x) => ({ type: x.type, name: x.name, parent: x.parent, inputs: x.inputs }))
        .sort((a, b) => `${a.type}/${a.name}`.localeCompare(`${b.type}/${b.name}`));
    const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ops-alerts`;
    const TOPIC_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-0000-1111-2222-333344445555`;
    const typed: AuditTrailArgs = {
      trailName: TRAIL,
      s3DataEventArns: ["arn:aws:s3:::data-lake"],
      lambdaDataEvents: DataEventScope.All,
      bucket: {
        transitionAfterDays: 30,
        transitionStorageClass: TransitionStorageClass.DeepArchive,
        expireAfterDays: 400,
        objectLock: { mode: ObjectLockMode.Compliance, days: 365 },
      },
      key: { deletionWindowInDays: 7 },
      cisControls: { "vpc-changes": false },
      alerting: { topicArn: TOPIC, kmsKeyArn: TOPIC_KEY, alarmNamePrefix: "audit-eu" },
      protect: true,
      tags: { team: "security" },
    };
    // what a Python/Go/YAML program sends: the enum values as strings, no obskit objects
    const plain = {
      trailName: TRAIL,
      s3DataEventArns: ["arn:aws:s3:::data-lake"],
      lambdaDataEvents: "all",
      bucket: {
        transitionAfterDays: 30,
        transitionStorageClass: "DEEP_ARCHIVE",
        expireAfterDays: 400,
        objectLock: { mode: "COMPLIANCE", days: 365 },
      },
      key: { deletionWindowInDays: 7 },
      cisControls: { "vpc-changes": false },
      alerting: { topicArn: TOPIC, kmsKeyArn: TOPIC_KEY, alarmNamePrefix: "audit-eu" },
      protect: true,
      tags: { team: "security" },
    };

    it("declares the same resources from plain data as from TypeScript args", async () => {
      const fromTs = await runProgram(() => {
        new AuditTrail("audit", typed);
      });
      const fromWire = await runProgram(async () => {
        const args = await overTheWire(plain);
        expect(args).to.deep.equal(plain); // plain objects, nothing of ours
        new AuditTrail("audit", args as AuditTrailArgs);
      });
      expect(planned(fromWire)).to.deep.equal(planned(fromTs));
      // and they are the resources asked for
      const trailInputs = one(fromWire, "aws:cloudtrail/trail:Trail").inputs;
      expect(JSON.stringify(trailInputs.advancedEventSelectors)).to.contain("arn:aws:s3:::data-lake/");
      expect(ofType(fromWire, "aws:cloudwatch/metricAlarm:MetricAlarm")).to.have.length(14);
      expect(
        one(fromWire, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").inputs.rule,
      ).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 365 } });
    });

    it("an existing bucket and key as plain data", async () => {
      const existing = {
        trailName: TRAIL,
        bucket: { existingBucketName: "org-audit-logs" },
        key: { existingKeyArn: TOPIC_KEY },
      };
      const fromTs = await runProgram(() => {
        new AuditTrail("audit", existing);
      });
      const fromWire = await runProgram(async () => {
        new AuditTrail("audit", await overTheWire<AuditTrailArgs>(existing));
      });
      expect(planned(fromWire)).to.deep.equal(planned(fromTs));
      expect(ofType(fromWire, "aws:s3/bucket:Bucket")).to.have.length(0);
    });

    it("rejects an unknown enum value or control id sent as plain data, naming the field", async () => {
      for (const [bad, field, value] of [
        [
          { bucket: { transitionStorageClass: "GLACIER_DEEP" } },
          "bucket.transitionStorageClass",
          "GLACIER_DEEP",
        ],
        [{ bucket: { objectLock: { mode: "STRICT", days: 1 } } }, "bucket.objectLock.mode", "STRICT"],
        [{ s3DataEvents: "everything" }, "s3DataEvents", "everything"],
        [{ cisControls: { "root-usage": false } }, "cisControls.root-usage", "root-usage"],
        [{ cisControls: { "vpc-changes": "no" } }, "cisControls.vpc-changes", "no"],
      ] as const) {
        const err = await rejection(
          runProgram(async () => {
            const args = await overTheWire({ trailName: TRAIL, ...bad });
            new AuditTrail("audit", args as unknown as AuditTrailArgs);
          }),
        );
        expect(err, JSON.stringify(bad)).to.be.instanceOf(ObskitArgsError);
        expectProblems(problemsIn(err, "AuditTrail", "audit"), [{ propertyPath: field, value }]);
      }
    });
  });

  describe("argument validation", () => {
    const problems = (args: Partial<AuditTrailArgs>) => validateAuditTrailArgs({ trailName: TRAIL, ...args });
    it("rejects bad trail names, selections, lifecycle and lock settings, each naming the field and the fix", () => {
      expect(validateAuditTrailArgs({ trailName: TRAIL })).to.deep.equal([]);
      expectProblems(validateAuditTrailArgs({ trailName: "a" }), [{ propertyPath: "trailName", value: "a" }]);
      expectProblems(validateAuditTrailArgs({ trailName: "bad--name" }), [
        { propertyPath: "trailName", value: "bad--name" },
      ]);
      expectProblems(problems({ s3DataEventArns: [] }), [{ propertyPath: "s3DataEventArns", value: [] }]);
      expectProblems(problems({ s3DataEventArns: ["my-bucket"] }), [
        { propertyPath: "s3DataEventArns[0]", value: "my-bucket" },
      ]);
      expectProblems(problems({ lambdaDataEventArns: ["arn:aws:s3:::x"] }), [
        { propertyPath: "lambdaDataEventArns[0]", value: "arn:aws:s3:::x" },
      ]);
      const some = problems({ s3DataEvents: "some" as never });
      expectProblems(some, [{ propertyPath: "s3DataEvents", value: "some" }]);
      expect(some[0].reason).to.contain('"all", "none"');
      const listed = problems({ s3DataEvents: ["arn:aws:s3:::x"] as never });
      expectProblems(listed, [{ propertyPath: "s3DataEvents", value: ["arn:aws:s3:::x"] }]);
      expect(listed[0].fix).to.contain("`s3DataEventArns`");
      const both = problems({ s3DataEvents: "all", s3DataEventArns: ["arn:aws:s3:::x"] });
      expectProblems(both, [{ propertyPath: "s3DataEvents", value: "all" }]);
      expect(both[0].reason).to.contain("`s3DataEventArns`");
      expectProblems(problems({ bucket: { transitionAfterDays: 90, expireAfterDays: 30 } }), [
        { propertyPath: "bucket.expireAfterDays", value: 30 },
      ]);
      expectProblems(problems({ bucket: { objectLock: { mode: "STRICT" as never, days: 1 } } }), [
        { propertyPath: "bucket.objectLock.mode", value: "STRICT" },
      ]);
      const lock = problems({ bucket: { objectLock: { mode: "GOVERNANCE", days: 400 } } });
      expectProblems(lock, [{ propertyPath: "bucket.expireAfterDays" }]);
      expect(lock[0].reason).to.contain("`objectLock.days` (400)");
      expectProblems(problems({ bucket: { transitionStorageClass: "STANDARD" as never } }), [
        { propertyPath: "bucket.transitionStorageClass", value: "STANDARD" },
      ]);
      expectProblems(problems({ key: { deletionWindowInDays: 3 } }), [
        { propertyPath: "key.deletionWindowInDays", value: 3 },
      ]);
      const alias = problems({ key: { existingKeyArn: "alias/aws/s3" } });
      expectProblems(alias, [{ propertyPath: "key.existingKeyArn", value: "alias/aws/s3" }]);
      expect(alias[0].reason).to.contain("not an alias");
      expectProblems(problems({ logRetentionInDays: 8 }), [{ propertyPath: "logRetentionInDays", value: 8 }]);
      const unknown = problems({ cisControls: { "root-usage": false } as never });
      expectProblems(unknown, [{ propertyPath: "cisControls.root-usage", value: "root-usage" }]);
      expect(unknown[0].fix).to.contain("root-account-usage");
      // every problem says what to do
      for (const p of [...some, ...listed, ...both, ...lock, ...alias, ...unknown])
        expect(p.fix).to.not.equal("");
    });
  });
});
