import { z } from "zod";
import { ALARM_DEFAULTS } from "../components/alertingPath/alarms";
import { EMAIL } from "../components/alertingPath/args";
import { LOG_CLASSES, RETENTION_DAYS } from "../components/logPipeline/constants";
import { ARCHIVE_STORAGE_CLASSES } from "../components/logPipeline/args";
import { LOG_ANALYZER_DEFAULTS } from "../apps/log-analyzer/deploy";
import { INSTANCE_TYPE, isIpv4Cidr } from "../apps/cafe/deploy";
import { CIS_CONTROL_IDS } from "../components/auditTrail/cis";
import { OBJECT_LOCK_MODES } from "../components/auditTrail/args";

/** The Pulumi project name: every obskit config key is `obskit:<key>`. */
export const PROJECT = "obskit";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/**
 * The config namespaces a `Pulumi.<stack>.yaml` of this program may use, each with what reads it.
 * A key in any other namespace is a typo (`obskt:logClass`) and is rejected, never ignored.
 */
export const KNOWN_NAMESPACES: Readonly<Record<string, string>> = {
  [PROJECT]: "this program's settings (below)",
  aws: "the AWS provider (aws:region, aws:profile, aws:defaultTags, …)",
  awsx: "the AWS Crosswalk provider the container services use",
  "docker-build": "the image builder awsx.ecr.Image runs",
  pulumi: "stack-level settings of Pulumi itself (pulumi:tags, pulumi:disable-default-providers)",
};

/** YAML's spellings of the non-finite numbers, as the stack-file reader hands them over. */
const NON_FINITE = /^[-+]?\.(nan|inf)$/i;

/** A config value as a person typed it: numbers bare, text quoted. */
export function fmt(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v))
    return Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf";
  if (typeof v === "string" && (NON_FINITE.test(v) || v === "true" || v === "false")) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return v;
  return JSON.stringify(v);
}

function pathName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );
}

/*
 * Every validator below says only what is allowed ("must be …"): the key and the value it got are
 * added in one place, {@link describeIssue}, so no message can lack them.
 */

const isCertificateArn = (v: unknown): v is string =>
  typeof v === "string" && /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(v);
const isDnsName = (v: unknown): v is string =>
  typeof v === "string" && /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(v);

const number = (what = "a number") =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `must be ${what}` });
      return z.NEVER;
    }
    return n;
  });
/** A number that `ok` accepts; `what` says which, e.g. "a whole number from 1 to 900". */
const numberWhere = (what: string, ok: (n: number) => boolean) =>
  number(what).refine(ok, { error: `must be ${what}` });
const whole = (min: number, max = Infinity) =>
  numberWhere(
    max === Infinity ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`,
    (n) => Number.isInteger(n) && n >= min && n <= max,
  );
const nonNegative = numberWhere("a number ≥ 0", (n) => n >= 0);
const positiveInt = whole(1);
const boolean = z.unknown().transform((v, ctx) => {
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  ctx.addIssue({ code: "custom", message: "must be true or false" });
  return z.NEVER;
});
const oneOf = <T extends readonly (string | number)[]>(values: T, numeric = false) =>
  z.unknown().transform((v, ctx) => {
    const candidate = numeric && typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (!(values as readonly unknown[]).includes(candidate)) {
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}` });
      return z.NEVER;
    }
    return candidate as T[number];
  });
const email = z.unknown().refine((v): v is string => typeof v === "string" && EMAIL.test(v), {
  error: "must be an e-mail address like ops@example.com",
});
/** Each address once: SNS would subscribe a repeated one twice (the same inbox, case aside). */
const alertEmails = z
  .array(email, { error: "must be a list of e-mail addresses" })
  .min(1, { error: "must list at least one e-mail address, or alarms notify nobody" })
  .superRefine((list, ctx) => {
    const first = new Map<string, number>();
    list.forEach((address, i) => {
      if (typeof address !== "string") return;
      const k = address.toLowerCase();
      const j = first.get(k);
      if (j === undefined) first.set(k, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `must not repeat obskit:alertEmails[${j}] (${fmt(list[j])}): addresses are compared case-insensitively and each gets one subscription; list it once`,
        });
    });
  });
/** AWS tags: names 1–128 characters not starting with `aws:`, values text of at most 256. */
const tags = z.unknown().transform((v, ctx) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: "must be a map of tag names to text values" });
    return z.NEVER;
  }
  for (const [k, value] of Object.entries(v)) {
    if (k.length < 1 || k.length > 128 || k.toLowerCase().startsWith("aws:"))
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: "must have a tag name of 1 to 128 characters that does not start with aws:",
      });
    else if (typeof value !== "string")
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: "must be text (tag values are strings: quote numbers and booleans in YAML)",
      });
    else if (value.length > 256)
      ctx.addIssue({ code: "custom", path: [k], message: "must be text of at most 256 characters" });
  }
  return v as Record<string, string>;
});

/** An alarm map's evaluationPeriods as typed, or its default when unset. */
const evaluationPeriodsOf = (input: unknown): string => {
  const ep = (input as { evaluationPeriods?: unknown }).evaluationPeriods;
  return ep === undefined ? `${ALARM_DEFAULTS.evaluationPeriods}, its default` : fmt(ep);
};

const alarmThreshold = z
  .strictObject(
    {
      threshold: nonNegative,
      // unset: the Metric's and the AlertingPath's defaults (60 s, 1 period, all of them)
      periodSeconds: oneOf([10, 30, 60, 120, 300, 600, 900, 3600] as const, true).optional(),
      evaluationPeriods: positiveInt.optional(),
      datapointsToAlarm: positiveInt.optional(),
    },
    {
      error: (i) => (i.code === "unrecognized_keys" ? undefined : "must be a map with a threshold"),
    },
  )
  // only once evaluationPeriods itself is valid: a bad one is reported on its own
  .refine(
    (a) => !((a.evaluationPeriods ?? 1) >= 1) || (a.datapointsToAlarm ?? 1) <= (a.evaluationPeriods ?? 1),
    {
      path: ["datapointsToAlarm"],
      error: (i) => `must not exceed evaluationPeriods (${evaluationPeriodsOf(i.input)})`,
    },
  );

/** Text that `re` accepts; `what` says what it is, e.g. "a DMS replication task identifier". */
const matching = (re: RegExp, what: string) =>
  z.unknown().refine((v): v is string => typeof v === "string" && re.test(v), {
    error: `must be ${what}`,
  });
const logGroupName = matching(
  /^[.\-_/#A-Za-z0-9]{1,512}$/,
  "a log group name (1 to 512 of A-Z a-z 0-9 . - _ / #)",
);

const realtimeDefaults = {
  enabled: true,
  sourceLogGroup: "/aws/lambda/test-log-emitter",
  errorAlarm: { threshold: 1 },
  testEmitter: false,
};

// Keys a component or workload defaults are left unset here: their defaults live with them
// (PROCESSING_PATH_DEFAULTS, LOG_ANALYZER_DEFAULTS, ORDER_WORKER_DEFAULTS, ALARM_DEFAULTS).

/** `"all"`, `"none"` or a list of ARNs matching `arn` (`what` names them). */
const dataEvents = (what: string, arn: RegExp) =>
  z.unknown().transform((v, ctx) => {
    if (v === "all" || v === "none") return v;
    if (Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === "string" && arn.test(a)))
      return v as string[];
    ctx.addIssue({ code: "custom", message: `must be "all", "none" or a non-empty list of ${what}` });
    return z.NEVER;
  });
/** `{ <CIS control id>: true|false }`: a control left out is enabled. */
const cisMap = z.unknown().transform((v, ctx) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    ctx.addIssue({
      code: "custom",
      message: `must be a map of CIS control ids (${CIS_CONTROL_IDS.join(", ")}) to true or false`,
    });
    return z.NEVER;
  }
  const out: Record<string, boolean> = {};
  for (const [k, value] of Object.entries(v)) {
    if (!(CIS_CONTROL_IDS as readonly string[]).includes(k))
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: `must be one of the CIS control ids ${CIS_CONTROL_IDS.join(", ")}`,
      });
    else if (value !== true && value !== false && value !== "true" && value !== "false")
      ctx.addIssue({ code: "custom", path: [k], message: "must be true or false" });
    else out[k] = value === true || value === "true";
  }
  return out;
});

/** `obskit:audit`: the trail and the CIS controls (seed 003); unset keys take AUDIT_TRAIL_DEFAULTS. */
const auditSchema = z
  .strictObject({
    enabled: boolean.default(true),
    trailName: z
      .unknown()
      .refine(
        (v): v is string => typeof v === "string" && /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(v),
        {
          error:
            "must be a trail name: 3-128 letters, digits, . _ -, starting and ending with a letter or digit",
        },
      )
      .optional(),
    s3DataEvents: dataEvents(
      "S3 bucket ARNs such as arn:aws:s3:::data-lake",
      /^arn:aws[a-z-]*:s3:::[^/]+$/,
    ).optional(),
    lambdaDataEvents: dataEvents(
      "Lambda function ARNs",
      /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/,
    ).optional(),
    transitionAfterDays: whole(0).optional(),
    expireAfterDays: whole(0).optional(),
    objectLockMode: oneOf(OBJECT_LOCK_MODES).optional(),
    objectLockDays: whole(1, 36500).optional(),
    existingBucketName: z
      .unknown()
      .refine((v): v is string => typeof v === "string" && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), {
        error: "must be an S3 bucket name",
      })
      .optional(),
    existingKeyArn: z
      .unknown()
      .refine(
        (v): v is string =>
          typeof v === "string" && /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(v),
        {
          error: "must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<id>",
        },
      )
      .optional(),
    logGroupName: z
      .unknown()
      .refine((v): v is string => typeof v === "string" && /^[.\-_/#A-Za-z0-9]{1,512}$/.test(v), {
        error: "must be a log group name",
      })
      .optional(),
    cis: cisMap.default({}),
  })
  .superRefine((a, ctx) => {
    // each field's own problem is reported by its own check; the pairing only between valid values
    const modeOk = (OBJECT_LOCK_MODES as readonly unknown[]).includes(a.objectLockMode);
    const daysOk =
      Number.isInteger(a.objectLockDays) &&
      Number(a.objectLockDays) >= 1 &&
      Number(a.objectLockDays) <= 36500;
    if ((a.objectLockMode === undefined && daysOk) || (a.objectLockDays === undefined && modeOk))
      ctx.addIssue({
        code: "custom",
        path: [a.objectLockMode === undefined ? "objectLockMode" : "objectLockDays"],
        message: "must be set together with objectLockMode and objectLockDays (got nothing)",
      });
    if (a.existingBucketName !== undefined) {
      const both = (
        ["transitionAfterDays", "expireAfterDays", "objectLockMode", "objectLockDays"] as const
      ).filter((k) => a[k] !== undefined);
      if (both.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["existingBucketName"],
          message: `must not be combined with ${both.join(", ")} of a bucket to create (got ${fmt(a.existingBucketName)}): set either`,
        });
    }
  })
  .default({ enabled: true, cis: {} });

/** The stack's settings schema: one entry per config key, each with its default. */
export const settingsSchema = z.strictObject({
  "aws:region": z
    .unknown()
    .refine((v): v is string => typeof v === "string" && /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(v), {
      error: "must be an AWS region such as eu-west-1",
    }),
  environment: oneOf(ENVIRONMENTS),
  logRetentionDays: oneOf(RETENTION_DAYS, true),
  logClass: oneOf(LOG_CLASSES).default("STANDARD"),
  protect: boolean,
  anomalyDetection: boolean.default(false),
  alertEmails,
  alarms: z.strictObject(
    {
      paymentFailures: alarmThreshold,
      delayedOrders: alarmThreshold.optional(),
      duplicateOrders: alarmThreshold.optional(),
    },
    {
      error: (i) => (i.code === "unrecognized_keys" ? undefined : "must be a map with paymentFailures"),
    },
  ),
  tags: tags.default({}),
  orderWorker: z
    .strictObject({
      enabled: boolean.default(true),
      desiredCount: whole(0).optional(),
      cpu: oneOf([256, 512, 1024, 2048, 4096] as const, true).optional(),
      memory: positiveInt.optional(),
      ratePerSecond: numberWhere("a number > 0", (n) => n > 0).optional(),
    })
    .default({ enabled: true }),
  realtime: z
    .strictObject({
      enabled: boolean.default(realtimeDefaults.enabled),
      sourceLogGroup: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && /^[.\-_/#A-Za-z0-9]{1,512}$/.test(v), {
          error: "must be a log group name (1 to 512 of A-Z a-z 0-9 . - _ / #)",
        })
        .default(realtimeDefaults.sourceLogGroup),
      errorAlarm: alarmThreshold.default(realtimeDefaults.errorAlarm),
      testEmitter: boolean.default(realtimeDefaults.testEmitter),
      memoryMb: oneOf([128, 256, 512, 1024, 2048] as const, true).optional(),
      timeoutSeconds: whole(1, 900).optional(),
      reservedConcurrency: positiveInt.optional(),
      incidentTtlDays: whole(0, 3650).optional(),
      notifyMinSeverity: oneOf(["WARN", "ERROR", "CRITICAL"] as const).optional(),
    })
    .default(realtimeDefaults),
  analyzer: z
    .strictObject({
      enabled: boolean.default(true),
      prefix: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && v.length <= 1024, {
          error: (i) => `must be an S3 key prefix (got ${fmt(i.input)})`,
        })
        .optional(),
      errorThreshold: positiveInt.optional(),
      schedule: z
        .unknown()
        .refine(
          (v): v is string =>
            typeof v === "string" &&
            /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/.test(v),
          {
            error: (i) =>
              `must be an EventBridge schedule such as rate(5 minutes) or cron(0 * * * ? *) (got ${fmt(i.input)})`,
          },
        )
        .optional(),
      http5xxThreshold: positiveInt.optional(),
      exposure: oneOf(["cloudfront", "public-alb"] as const).optional(),
      // replaced by `exposure`: say so rather than "not a known setting"
      cloudFront: z
        .unknown()
        .optional()
        .superRefine((v, ctx) => {
          if (v !== undefined)
            ctx.addIssue({
              code: "custom",
              message: `must not be set: it was replaced by obskit:analyzer.exposure (got ${fmt(v)}): use exposure: cloudfront (a private ALB behind CloudFront) or exposure: public-alb (an internet-facing ALB)`,
            });
        }),
      certificateArn: z
        .unknown()
        .refine(isCertificateArn, {
          error: (i) =>
            `must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id>, issued in the stack's region (got ${fmt(i.input)})`,
        })
        .optional(),
      originDomainName: z
        .unknown()
        .refine(isDnsName, {
          error: (i) =>
            `must be a lower-case DNS name such as analyzer-origin.example.com (got ${fmt(i.input)})`,
        })
        .optional(),
      desiredCount: number("a whole number ≥ 0")
        .refine((n) => Number.isInteger(n) && n >= 0, { error: "must be a whole number ≥ 0" })
        .optional(),
      cpu: oneOf([256, 512, 1024, 2048, 4096] as const, true).optional(),
      memory: positiveInt.optional(),
    })
    .superRefine((a, ctx) => {
      // each field's own problem is reported by its own check; the pairing only between valid values
      if (!(a.certificateArn === undefined || isCertificateArn(a.certificateArn))) return;
      if (!(a.originDomainName === undefined || isDnsName(a.originDomainName))) return;
      const cloudFrontHttps =
        (a.exposure ?? LOG_ANALYZER_DEFAULTS.exposure) === "cloudfront" && a.certificateArn !== undefined;
      if (cloudFrontHttps && a.originDomainName === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["originDomainName"],
          message:
            "is required with exposure cloudfront and a certificateArn (got nothing): set it to the DNS name the certificate covers",
        });
      if (!cloudFrontHttps && a.originDomainName !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["originDomainName"],
          message: `is used only with exposure cloudfront and a certificateArn (got ${fmt(a.originDomainName)}): remove it or set both`,
        });
    })
    .default({ enabled: true }),
  audit: auditSchema,
  // seed 003: the platform's centralized log groups and alarms; each service present only if configured
  platform: z
    .strictObject({
      enabled: boolean.default(true),
      logRetentionDays: oneOf(RETENTION_DAYS, true).optional(),
      lambda: z
        .strictObject({
          functions: z
            .array(matching(/^[A-Za-z0-9_-]{1,64}$/, "a Lambda function name (1 to 64 of A-Z a-z 0-9 - _)"), {
              error: "must be a list of Lambda function names",
            })
            .min(1, { error: "must list at least one function" }),
          errors: alarmThreshold.optional(),
        })
        .optional(),
      apiGateway: z
        .strictObject({
          apiName: matching(/^[^\s][^\n]{0,127}$/, "a REST API name (1 to 128 characters)"),
          stage: matching(/^[A-Za-z0-9_-]{1,128}$/, "a stage name (A-Z a-z 0-9 - _)"),
          logGroup: logGroupName.optional(),
          errors5xx: alarmThreshold.optional(),
        })
        .optional(),
      batch: z
        .strictObject({
          logGroup: logGroupName.optional(),
          jobQueues: z
            .array(
              matching(
                /^([A-Za-z0-9_-]{1,128}|arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{12}:job-queue\/[A-Za-z0-9_-]{1,128})$/,
                "a Batch job queue name or ARN",
              ),
              { error: "must be a list of Batch job queue names or ARNs" },
            )
            .optional(),
        })
        .optional(),
      dms: z
        .strictObject({
          replicationInstanceId: matching(
            /^[A-Za-z][A-Za-z0-9-]{0,62}$/,
            "a DMS replication instance identifier",
          ),
          replicationTaskId: matching(/^[A-Za-z][A-Za-z0-9-]{0,254}$/, "a DMS replication task identifier"),
          cdcLatency: alarmThreshold.optional(),
        })
        .optional(),
    })
    .default({ enabled: false }),
  // the policy pack's per-stack levels; rule names are checked against the pack by `obskit plan`
  policy: z
    .strictObject({
      enforcement: z.record(z.string(), oneOf(["advisory", "mandatory", "disabled"] as const)).default({}),
    })
    .default({ enforcement: {} }),
  // seed 001: unset keys take CafeServer's CAFE_SERVER_DEFAULTS and the café's CAFE_DEFAULTS
  cafe: z
    .strictObject({
      enabled: boolean.default(true),
      instanceType: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && INSTANCE_TYPE.test(v), {
          error: "must be an EC2 instance type such as t3.micro",
        })
        .optional(),
      rootVolumeGb: whole(2, 16384).optional(),
      httpCidrs: z
        .array(
          z.unknown().refine((v): v is string => typeof v === "string" && isIpv4Cidr(v), {
            error: "must be an IPv4 CIDR block such as 203.0.113.0/24",
          }),
          { error: "must be a list of IPv4 CIDR blocks" },
        )
        .optional(),
      httpSourceSecurityGroupId: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && /^sg-[0-9a-f]{8,17}$/.test(v), {
          error: "must be a security group id such as sg-0123456789abcdef0",
        })
        .optional(),
      notFoundAlarm: alarmThreshold.optional(),
      serverErrorAlarm: alarmThreshold.optional(),
      zeroOrdersAlarm: z
        .strictObject({
          requestFloor: positiveInt.optional(),
          minutes: whole(1, 1440).optional(),
        })
        .optional(),
      // the access log's S3 archive (LogPipeline `archive`); unset keys take LOG_PIPELINE_DEFAULTS.archive
      archive: z
        .strictObject({
          enabled: boolean.default(true),
          transitionDays: whole(0).optional(),
          storageClass: oneOf(ARCHIVE_STORAGE_CLASSES).optional(),
          expirationDays: whole(1).optional(),
        })
        .default({ enabled: true }),
      // the analytics function on apache/access (country, city, order volume)
      analytics: z.strictObject({ enabled: boolean.default(true) }).default({ enabled: true }),
    })
    .default({ enabled: true, archive: { enabled: true }, analytics: { enabled: true } }),
});

export type Settings = z.output<typeof settingsSchema>;

/** Config keys whose values are structured (YAML maps or lists, JSON strings at run time). */
const STRUCTURED = new Set([
  "alertEmails",
  "alarms",
  "tags",
  "orderWorker",
  "realtime",
  "analyzer",
  "audit",
  "policy",
  "platform",
  "cafe",
]);

const REQUIRED_HINT: Record<string, string> = {
  "aws:region": "pulumi config set aws:region eu-west-1",
  environment: `pulumi config set obskit:environment <${ENVIRONMENTS.join("|")}>`,
  logRetentionDays: "pulumi config set obskit:logRetentionDays 30",
  protect: "pulumi config set obskit:protect <true|false>",
  alertEmails: "pulumi config set --path 'obskit:alertEmails[0]' ops@example.com",
  alarms: "pulumi config set --path obskit:alarms.paymentFailures.threshold 5",
};

/** Raised when stack config is invalid: one message per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** The full config key of a settings path: `obskit:realtime.timeoutSeconds`, `aws:region`. */
function keyName(k: string): string {
  return /^[^.[]*:/.test(k) ? k : `${PROJECT}:${k}`;
}

function editDistance(a: string, b: string): number {
  const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) m[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      m[i][j] = Math.min(m[i - 1][j] + 1, m[i][j - 1] + 1, m[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return m[a.length][b.length];
}

function closest(key: string, known: string[], maxDistance = 3): string | undefined {
  const best = known
    .map((k) => [k, editDistance(key.toLowerCase(), k.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= maxDistance ? best[0] : undefined;
}

/** The object schema inside `schema` (through defaults, optionals, refinements), if it is one. */
function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  let t = schema;
  for (let depth = 0; t !== undefined && depth < 10; depth++) {
    if (t instanceof z.ZodObject) return t.shape as Record<string, z.ZodType>;
    const def = (t as unknown as { def: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    t = def.innerType ?? def.in;
  }
  return undefined;
}

/** The keys the settings object at `path` (e.g. `["realtime"]`) allows, if it is an object. */
function keysAt(path: PropertyKey[]): string[] {
  let shape: Record<string, z.ZodType> | undefined = settingsSchema.shape;
  for (const p of path) shape = objectShape(shape?.[String(p)]);
  return Object.keys(shape ?? {});
}

/**
 * Every setting the schema knows, as a path (`"realtime.timeoutSeconds"`, `"aws:region"`): maps
 * are walked down to their leaves; lists and tag maps are one setting each.
 */
export function settingPaths(): string[] {
  const walk = (shape: Record<string, z.ZodType>, prefix: string): string[] =>
    Object.entries(shape).flatMap(([k, schema]) => {
      const inner = objectShape(schema);
      return inner ? walk(inner, `${prefix}${k}.`) : [`${prefix}${k}`];
    });
  return walk(settingsSchema.shape, "");
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  object: "a map",
  record: "a map",
  array: "a list",
};

/** What zod's own issues (not the validators above) allow, in the same "must be …" words. */
function allowed(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith("must")) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_small":
      return `must be at least ${String(issue.minimum)}${issue.origin === "array" ? " items long" : issue.origin === "string" ? " characters long" : ""}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}${issue.origin === "array" ? " items long" : issue.origin === "string" ? " characters long" : ""}`;
    case "custom":
      // our own wording, already saying what is allowed
      return issue.message;
    default:
      return `must be valid: ${issue.message}`;
  }
}

/**
 * The one place a schema issue becomes a message: the full key (`obskit:realtime.timeoutSeconds`),
 * what is allowed, and the value it got, as the person typed it.
 */
function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string[] {
  if (issue.code === "unrecognized_keys") {
    const allowedKeys = keysAt(issue.path);
    return issue.keys.map((k) => {
      const name = keyName(pathName([...issue.path, k]));
      const guess = closest(k, allowedKeys);
      const got = fmt(valueAt(input, [...issue.path, k]));
      return guess
        ? `${name} is not a known setting (got ${got}); did you mean ${keyName(pathName([...issue.path, guess]))}?`
        : `${name} is not a known setting (got ${got}); known: ${allowedKeys.join(", ")}`;
    });
  }
  const top = String(issue.path[0] ?? "");
  const name = keyName(pathName(issue.path));
  if (issue.path.length === 1 && input[top] === undefined)
    return [
      `${name} is required: set it with \`${REQUIRED_HINT[top] ?? `pulumi config set ${name} <value>`}\``,
    ];
  const message = allowed(issue);
  // a validator that already names the value (`… (got x)`) is left as it is
  return [
    message.includes("(got ")
      ? `${name} ${message}`
      : `${name} ${message} (got ${fmt(valueAt(input, issue.path))})`,
  ];
}

/** A key in a namespace nobody reads: flagged with the likeliest meant key. */
function unknownNamespace(fullKey: string, value: string): string {
  const colon = fullKey.indexOf(":");
  const ns = fullKey.slice(0, colon);
  const rest = fullKey.slice(colon + 1);
  const namespaces = Object.keys(KNOWN_NAMESPACES);
  const nsGuess = closest(ns, namespaces, 2);
  let guess: string | undefined;
  if (nsGuess === PROJECT) {
    const k = closest(
      rest,
      Object.keys(settingsSchema.shape).filter((x) => !x.includes(":")),
    );
    guess = k && `${PROJECT}:${k}`;
  } else if (nsGuess) guess = `${nsGuess}:${rest}`;
  return `${fullKey} is in an unknown namespace "${ns}" (got ${fmt(value)}); known namespaces: ${namespaces.join(", ")}${guess ? `; did you mean ${guess}?` : ""}`;
}

/**
 * Parses the stack's raw config (`{"obskit:logRetentionDays": "7", "aws:region": "eu-west-1", …}`,
 * values as Pulumi hands them over: strings, structured ones as JSON) into typed settings.
 * Throws {@link ConfigError} listing every problem, each naming the key, the value and what is allowed.
 */
export function parseSettings(raw: Record<string, string | undefined>): Settings {
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  const known = Object.keys(settingsSchema.shape);
  for (const [fullKey, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    let key: string;
    const ns = fullKey.includes(":") ? fullKey.slice(0, fullKey.indexOf(":")) : PROJECT;
    if (fullKey === "aws:region") key = fullKey;
    else if (ns === PROJECT) key = fullKey.slice(fullKey.indexOf(":") + 1);
    else if (Object.hasOwn(KNOWN_NAMESPACES, ns))
      continue; // aws:profile, pulumi:tags, …: their readers check them
    else {
      problems.push(unknownNamespace(fullKey, value));
      continue;
    }
    if (!known.includes(key)) {
      const guess = closest(
        key,
        known.filter((k) => !k.includes(":")),
      );
      problems.push(
        `${keyName(fullKey)} is not a known setting (got ${fmt(value)}); ${guess ? `did you mean ${PROJECT}:${guess}?` : `known: ${known.join(", ")}`}`,
      );
      continue;
    }
    if (STRUCTURED.has(key)) {
      try {
        input[key] = JSON.parse(value);
      } catch {
        input[key] = value; // not JSON: let the schema say what shape it wants
      }
    } else {
      input[key] = value;
    }
  }
  const result = settingsSchema.safeParse(input);
  if (!result.success) for (const issue of result.error.issues) problems.push(...describeIssue(issue, input));
  if (problems.length > 0) throw new ConfigError(problems);
  return (result as { data: Settings }).data;
}
