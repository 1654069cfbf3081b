import type * as pulumi from "@pulumi/pulumi";
import { problem, type ArgumentProblem } from "../errors";
import { isOneOf, oneOfProblems } from "../shared/oneOf";
import { alertingTargetProblems, type AlertingTarget } from "../alertingPath/target";
import { RETENTION_DAYS, type RetentionDays } from "../logPipeline/constants";
import { TRANSITION_STORAGE_CLASSES, TransitionStorageClass } from "../shared/bucket";
import { CIS_CONTROL_IDS, type CisControlId } from "./cis";
import { LOG_GROUP_NAME, LOG_GROUP_NAME_RULE } from "../names";

/**
 * Data events of every resource of a kind (`"all"`) or of none (`"none"`); to select resources by
 * ARN, leave it unset and list them in `s3DataEventArns` / `lambdaDataEventArns`.
 */
export const DataEventScope = { All: "all", None: "none" } as const;
export type DataEventScope = (typeof DataEventScope)[keyof typeof DataEventScope];
export const DATA_EVENT_SCOPES: readonly DataEventScope[] = Object.values(DataEventScope);

/** Which resources' data events the trail records: every one, the listed ARNs, or none (resolved). */
export type DataEventSelection = DataEventScope | pulumi.Input<string>[];

/** S3 Object Lock retention modes. */
export const ObjectLockMode = { Governance: "GOVERNANCE", Compliance: "COMPLIANCE" } as const;
export type ObjectLockMode = (typeof ObjectLockMode)[keyof typeof ObjectLockMode];
export const OBJECT_LOCK_MODES: readonly ObjectLockMode[] = Object.values(ObjectLockMode);

export { TRANSITION_STORAGE_CLASSES, TransitionStorageClass };

/**
 * S3 Object Lock of the trail's bucket: every log file is write-once for `days` in `mode`
 * (`COMPLIANCE`: nobody, not even the root user, can delete it or shorten the period).
 */
export interface AuditObjectLock {
  /** The retention mode. Required. */
  mode: ObjectLockMode;
  /** The retention period in days, 1 to 36500. Required. */
  days: number;
}

/**
 * The bucket the trail delivers to: settings of one the component creates, or
 * `existingBucketName` alone for an existing bucket (never both).
 */
export interface AuditBucketSettings {
  /**
   * Name of an existing bucket to deliver to instead of creating one; its policy is the owner's
   * (see `requiredBucketPolicy`). No other field may be set with it. @default none: a bucket is created
   */
  existingBucketName?: string;
  /** Days after which log files move to `transitionStorageClass`; 0 = never. @default 90 */
  transitionAfterDays?: number;
  /** The cheaper storage class log files move to. @default "GLACIER_IR" */
  transitionStorageClass?: TransitionStorageClass;
  /** Days after which log files (and their noncurrent versions) expire; 0 = never. @default 365 */
  expireAfterDays?: number;
  /**
   * S3 Object Lock: every log file is write-once for `days` in `mode` (`COMPLIANCE`: nobody, not
   * even the root user, can delete it or shorten the period). Set at bucket creation only.
   * @default none
   */
  objectLock?: AuditObjectLock;
}

/** An existing bucket the trail delivers to instead; its policy is the owner's (see `requiredBucketPolicy`). */
export interface ExistingAuditBucket {
  /** Name of the existing bucket. */
  existingBucketName: string;
}

/**
 * The KMS key encrypting the log files: settings of one the component creates, or `existingKeyArn`
 * alone for an existing key (never both).
 */
export interface AuditKeySettings {
  /**
   * ARN of an existing customer-managed key instead of creating one; its policy must carry
   * `requiredKeyPolicy`'s statements. Not with `deletionWindowInDays`. @default none: a key is created
   */
  existingKeyArn?: string;
  /** Waiting period of a scheduled deletion, 7 to 30 days. @default 30 */
  deletionWindowInDays?: number;
}

/** An existing customer-managed key instead; its policy must carry `requiredKeyPolicy`'s statements. */
export interface ExistingAuditKey {
  /** ARN of the existing key. */
  existingKeyArn: string;
}

export interface AuditTrailArgs {
  /** The trail's name (explicit: the bucket and key policies name the trail's ARN). Required. */
  trailName: string;
  /**
   * Data events through advanced event selectors: S3 object-level calls on every bucket (`"all"`)
   * or none (`"none"`). Not with `s3DataEventArns`. @default "none" (or the listed `s3DataEventArns`)
   */
  s3DataEvents?: DataEventScope;
  /**
   * Data events: S3 object-level calls on these buckets only (ARNs `arn:aws:s3:::bucket`, at least
   * one). Not with `s3DataEvents`. @default none
   */
  s3DataEventArns?: pulumi.Input<string>[];
  /**
   * Data events: Lambda invocations of every function (`"all"`) or none (`"none"`). Not with
   * `lambdaDataEventArns`. @default "none" (or the listed `lambdaDataEventArns`)
   */
  lambdaDataEvents?: DataEventScope;
  /** Data events: Lambda invocations of these function ARNs only (at least one). Not with `lambdaDataEvents`. @default none */
  lambdaDataEventArns?: pulumi.Input<string>[];
  /** The trail's bucket: settings of one created here, or an existing bucket. @default a bucket created here */
  bucket?: AuditBucketSettings;
  /** The trail's KMS key: settings of one created here, or an existing key. @default a key created here */
  key?: AuditKeySettings;
  /** The CloudWatch Logs group the trail delivers to. @default "/aws/cloudtrail/<trailName>" */
  logGroupName?: string;
  /** Retention of that group, one of the CloudWatch Logs values. @default 365 */
  logRetentionInDays?: number;
  /**
   * ARN of a KMS key for the log group (a `LogsKey` serving it). @default a LogsKey for this group only
   */
  logsKmsKeyArn?: pulumi.Input<string>;
  /**
   * CIS monitoring controls to leave out (each one is a metric filter + alarm): control id
   * (`CisControlId`, e.g. `"root-account-usage"`) → `false`. @default {} (all on)
   */
  cisControls?: Record<string, boolean>;
  /**
   * Where the CIS alarms go: an AlertingPath (`addAlarm`, keys `cis:<control>`) or its topic as
   * `{ topicArn, kmsKeyArn }` (alarms created under this trail); each tagged `obskit:cis-control`.
   * @default none: the filters are created, no alarm
   */
  alerting?: AlertingTarget;
  /** Namespace of the CIS filters' metrics. @default "CISBenchmark" */
  cisMetricNamespace?: string;
  /**
   * Never lose the audit record: `protect` + `retainOnDelete` on trail, bucket, key and log group.
   * @default false
   */
  protect?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** The defaults of AuditTrailArgs, written once. */
export const AUDIT_TRAIL_DEFAULTS = {
  s3DataEvents: DataEventScope.None as DataEventScope,
  lambdaDataEvents: DataEventScope.None as DataEventScope,
  bucket: {
    transitionAfterDays: 90,
    transitionStorageClass: TransitionStorageClass.GlacierIr as TransitionStorageClass,
    expireAfterDays: 365,
  },
  key: { deletionWindowInDays: 30 },
  logGroupNamePrefix: "/aws/cloudtrail/",
  logRetentionInDays: 365,
  cisMetricNamespace: "CISBenchmark",
  /** Every CIS alarm fires on one matching event in a 5-minute period (the benchmark's intent). */
  cisAlarm: { periodSeconds: 300, threshold: 1 },
  protect: false,
} as const;

export interface ResolvedAuditTrailArgs {
  trailName: string;
  s3DataEvents: DataEventSelection;
  lambdaDataEvents: DataEventSelection;
  bucket:
    | {
        kind: "create";
        transitionAfterDays: number;
        transitionStorageClass: TransitionStorageClass;
        expireAfterDays: number;
        objectLock?: AuditObjectLock;
      }
    | { kind: "existing"; name: string };
  key: { kind: "create"; deletionWindowInDays: number } | { kind: "existing"; arn: string };
  logGroupName: string;
  logRetentionInDays: RetentionDays;
  logsKmsKeyArn?: pulumi.Input<string>;
  cisControls: CisControlId[];
  cisMetricNamespace: string;
  protect: boolean;
  tags: Record<string, string>;
}

/** CloudTrail's trail-name rule: 3-128 of letters, digits, `.`, `_`, `-`, starting and ending alphanumeric. */
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const BUCKET_FIELDS = [
  "transitionAfterDays",
  "transitionStorageClass",
  "expireAfterDays",
  "objectLock",
] as const;

const isWhole = (n: unknown, min: number, max = Infinity): boolean =>
  typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

/** Problems of one kind of data events: a scope (`field`) or ARNs (`arnsField`), not both. */
function selectionProblems(
  field: string,
  scope: unknown,
  arnsField: string,
  arns: unknown,
  arn: RegExp,
  example: string,
): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (scope !== undefined && !isOneOf(DATA_EVENT_SCOPES, scope))
    problems.push(
      Array.isArray(scope)
        ? problem(field, scope, 'takes "all" or "none"', `list ARNs in \`${arnsField}\` instead`)
        : problem(
            field,
            scope,
            `must be one of ${DATA_EVENT_SCOPES.map((v) => JSON.stringify(v)).join(", ")}`,
            "use one of them",
          ),
    );
  if (arns === undefined) return problems;
  if (scope !== undefined)
    problems.push(
      problem(
        field,
        scope,
        `and \`${arnsField}\` are both set`,
        `give the ARNs alone to select resources, or \`${field}\` alone for all or none`,
      ),
    );
  if (!Array.isArray(arns) || arns.length === 0)
    return [
      ...problems,
      problem(
        arnsField,
        arns,
        "must be a non-empty list of ARNs",
        `list ARNs like ${example}, or leave it unset for none`,
      ),
    ];
  return [
    ...problems,
    ...arns.flatMap((a, i): ArgumentProblem[] =>
      (typeof a === "string" && !arn.test(a)) || a === null || a === undefined
        ? [problem(`${arnsField}[${i}]`, a, "must be an ARN", `write one like ${example}`)]
        : [],
    ),
  ];
}

/** Every problem with the arguments, each naming the field, the bad value and the fix. */
export function validateAuditTrailArgs(args: AuditTrailArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (
    typeof args.trailName !== "string" ||
    !TRAIL_NAME.test(args.trailName) ||
    /[._-]{2}/.test(args.trailName)
  )
    problems.push(
      problem(
        "trailName",
        args.trailName,
        'must be 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, without two separators in a row',
        'use a name such as "org-audit"',
      ),
    );
  problems.push(
    ...selectionProblems(
      "s3DataEvents",
      args.s3DataEvents,
      "s3DataEventArns",
      args.s3DataEventArns,
      /^arn:aws[a-z-]*:s3:::[^/]+$/,
      "arn:aws:s3:::my-bucket",
    ),
    ...selectionProblems(
      "lambdaDataEvents",
      args.lambdaDataEvents,
      "lambdaDataEventArns",
      args.lambdaDataEventArns,
      /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/,
      "arn:aws:lambda:eu-west-1:123456789012:function:my-function",
    ),
  );

  const b: AuditBucketSettings = args.bucket ?? {};
  if (b.existingBucketName !== undefined) {
    const both = BUCKET_FIELDS.filter((f) => b[f] !== undefined);
    if (both.length > 0)
      problems.push(
        problem(
          "bucket",
          both,
          "names an existing bucket and also sets fields of a bucket to create",
          "give either `existingBucketName` or the settings, never both",
        ),
      );
    if (typeof b.existingBucketName !== "string" || !BUCKET_NAME.test(b.existingBucketName))
      problems.push(
        problem(
          "bucket.existingBucketName",
          b.existingBucketName,
          'must be an S3 bucket name (3-63 lower-case letters, digits, "." and "-")',
          "give the name of the bucket, not its ARN",
        ),
      );
  } else {
    for (const f of ["transitionAfterDays", "expireAfterDays"] as const)
      if (b[f] !== undefined && !isWhole(b[f], 0))
        problems.push(
          problem(`bucket.${f}`, b[f], "must be a whole number of days ≥ 0", "use 0 or more days"),
        );
    problems.push(
      ...oneOfProblems("bucket.transitionStorageClass", b.transitionStorageClass, TRANSITION_STORAGE_CLASSES),
    );
    const transition = b.transitionAfterDays ?? AUDIT_TRAIL_DEFAULTS.bucket.transitionAfterDays;
    const expire = b.expireAfterDays ?? AUDIT_TRAIL_DEFAULTS.bucket.expireAfterDays;
    if (expire > 0 && transition > 0 && expire <= transition)
      problems.push(
        problem(
          "bucket.expireAfterDays",
          expire,
          `must be later than \`transitionAfterDays\` (${transition}), or 0 for never`,
          `use more than ${transition} days, or 0`,
        ),
      );
    const lock = b.objectLock;
    if (lock !== undefined && (lock === null || typeof lock !== "object"))
      problems.push(
        problem(
          "bucket.objectLock",
          lock,
          "must be { mode, days }",
          "set both, or leave it unset for no lock",
        ),
      );
    else if (lock !== undefined) {
      problems.push(...oneOfProblems("bucket.objectLock.mode", lock.mode, OBJECT_LOCK_MODES, true));
      if (!isWhole(lock.days, 1, 36500))
        problems.push(
          problem(
            "bucket.objectLock.days",
            lock.days,
            "must be a whole number of days from 1 to 36500",
            "use 1 to 36500 days",
          ),
        );
      else if (expire > 0 && expire < lock.days)
        problems.push(
          problem(
            "bucket.expireAfterDays",
            expire,
            `must not be shorter than \`objectLock.days\` (${lock.days}): locked versions cannot expire`,
            `raise it to ${lock.days} or more, or set 0`,
          ),
        );
    }
  }

  const k: AuditKeySettings = args.key ?? {};
  if (k.existingKeyArn !== undefined) {
    if (k.deletionWindowInDays !== undefined)
      problems.push(
        problem(
          "key",
          k,
          "names an existing key and also sets deletionWindowInDays of a key to create",
          "give either `existingKeyArn` or the settings, never both",
        ),
      );
    if (typeof k.existingKeyArn !== "string" || !KEY_ARN.test(k.existingKeyArn))
      problems.push(
        problem(
          "key.existingKeyArn",
          k.existingKeyArn,
          "must be a KMS key ARN (not an alias)",
          "write one like arn:aws:kms:eu-west-1:123456789012:key/<id>",
        ),
      );
  } else if (k.deletionWindowInDays !== undefined && !isWhole(k.deletionWindowInDays, 7, 30)) {
    problems.push(
      problem(
        "key.deletionWindowInDays",
        k.deletionWindowInDays,
        "must be a whole number from 7 to 30",
        "use 7 to 30 days, or leave it unset",
      ),
    );
  }

  if (args.logGroupName !== undefined && !LOG_GROUP_NAME.test(args.logGroupName))
    problems.push(
      problem(
        "logGroupName",
        args.logGroupName,
        `must be ${LOG_GROUP_NAME_RULE}`,
        'use a name such as "/aws/cloudtrail/org-audit"',
      ),
    );
  problems.push(...oneOfProblems("logRetentionInDays", args.logRetentionInDays, RETENTION_DAYS));
  for (const [id, on] of Object.entries(args.cisControls ?? {}))
    if (!isOneOf(CIS_CONTROL_IDS, id))
      problems.push(
        problem(
          `cisControls.${id}`,
          id,
          "names an unknown control",
          `use one of ${CIS_CONTROL_IDS.join(", ")}`,
        ),
      );
    else if (typeof on !== "boolean")
      problems.push(
        problem(`cisControls.${id}`, on, "must be true or false", "use false to leave the control out"),
      );
  if (args.alerting !== undefined) problems.push(...alertingTargetProblems("alerting", args.alerting));
  if (
    args.cisMetricNamespace !== undefined &&
    (!args.cisMetricNamespace || args.cisMetricNamespace.startsWith("AWS/"))
  )
    problems.push(
      problem(
        "cisMetricNamespace",
        args.cisMetricNamespace,
        'must be a custom namespace, not empty or under "AWS/"',
        'use your own namespace, such as "CISBenchmark"',
      ),
    );
  return problems;
}

/** All defaults, decided in one place. */
export function resolveAuditTrailArgs(args: AuditTrailArgs): ResolvedAuditTrailArgs {
  const d = AUDIT_TRAIL_DEFAULTS;
  const b = args.bucket ?? {};
  const k = args.key ?? {};
  return {
    trailName: args.trailName,
    s3DataEvents: args.s3DataEventArns ?? args.s3DataEvents ?? d.s3DataEvents,
    lambdaDataEvents: args.lambdaDataEventArns ?? args.lambdaDataEvents ?? d.lambdaDataEvents,
    bucket:
      b.existingBucketName !== undefined
        ? { kind: "existing", name: b.existingBucketName }
        : {
            kind: "create",
            transitionAfterDays: b.transitionAfterDays ?? d.bucket.transitionAfterDays,
            transitionStorageClass: b.transitionStorageClass ?? d.bucket.transitionStorageClass,
            expireAfterDays: b.expireAfterDays ?? d.bucket.expireAfterDays,
            objectLock: b.objectLock,
          },
    key:
      k.existingKeyArn !== undefined
        ? { kind: "existing", arn: k.existingKeyArn }
        : { kind: "create", deletionWindowInDays: k.deletionWindowInDays ?? d.key.deletionWindowInDays },
    logGroupName: args.logGroupName ?? `${d.logGroupNamePrefix}${args.trailName}`,
    logRetentionInDays: (args.logRetentionInDays ?? d.logRetentionInDays) as RetentionDays,
    logsKmsKeyArn: args.logsKmsKeyArn,
    cisControls: CIS_CONTROL_IDS.filter((id) => args.cisControls?.[id] !== false),
    cisMetricNamespace: args.cisMetricNamespace ?? d.cisMetricNamespace,
    protect: args.protect ?? d.protect,
    tags: args.tags ?? {},
  };
}
