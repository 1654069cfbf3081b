import { z } from "zod";
import { EMAIL } from "../components/alertingPath/args";
import { LOG_CLASSES, RETENTION_DAYS } from "../components/logPipeline/constants";

/** The Pulumi project name: every obskit config key is `obskit:<key>`. */
export const PROJECT = "obskit";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/** A config value as a person typed it: numbers bare, text quoted. */
function fmt(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return v;
  return JSON.stringify(v);
}

function pathName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );
}

const number = (what = "a number") =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `must be ${what} (got ${fmt(v)})` });
      return z.NEVER;
    }
    return n;
  });
const nonNegative = number("a number ≥ 0").refine((n) => n >= 0, {
  error: (i) => `must be a number ≥ 0 (got ${fmt(i.input)})`,
});
const positiveInt = number("a whole number ≥ 1").refine((n) => Number.isInteger(n) && n >= 1, {
  error: (i) => `must be a whole number ≥ 1 (got ${fmt(i.input)})`,
});
const boolean = z.unknown().transform((v, ctx) => {
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  ctx.addIssue({ code: "custom", message: `must be true or false (got ${fmt(v)})` });
  return z.NEVER;
});
const oneOf = <T extends readonly (string | number)[]>(values: T, numeric = false) =>
  z.unknown().transform((v, ctx) => {
    const candidate = numeric && typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (!(values as readonly unknown[]).includes(candidate)) {
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")} (got ${fmt(v)})` });
      return z.NEVER;
    }
    return candidate as T[number];
  });
const email = z.unknown().refine((v): v is string => typeof v === "string" && EMAIL.test(v), {
  error: (i) => `must be an e-mail address like ops@example.com (got ${fmt(i.input)})`,
});

const alarmThreshold = z
  .strictObject(
    {
      threshold: nonNegative,
      periodSeconds: oneOf([10, 30, 60, 120, 300, 600, 900, 3600] as const, true).default(60),
      evaluationPeriods: positiveInt.default(1),
      datapointsToAlarm: positiveInt.default(1),
    },
    {
      error: (i) =>
        i.code === "unrecognized_keys"
          ? undefined
          : `must be an object with a threshold (got ${fmt(i.input)})`,
    },
  )
  .refine((a) => a.datapointsToAlarm <= a.evaluationPeriods, {
    error: "datapointsToAlarm must not exceed evaluationPeriods",
  });

const realtimeDefaults = {
  enabled: true,
  sourceLogGroup: "/aws/lambda/test-log-emitter",
  errorAlarm: { threshold: 1, periodSeconds: 60 as const, evaluationPeriods: 1, datapointsToAlarm: 1 },
  testEmitter: false,
  memoryMb: 256 as const,
  timeoutSeconds: 30,
  incidentTtlDays: 90,
};

const analyzerDefaults = {
  enabled: true,
  prefix: "",
  errorThreshold: 1,
  schedule: "rate(5 minutes)",
  http5xxThreshold: 5,
  exposure: "cloudfront" as const,
  desiredCount: 1,
  cpu: 256 as const,
  memory: 512,
};

/** The stack's settings schema: one entry per config key, each with its default. */
export const settingsSchema = z.strictObject({
  "aws:region": z
    .unknown()
    .refine((v): v is string => typeof v === "string" && /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(v), {
      error: (i) => `must be an AWS region such as eu-west-1 (got ${fmt(i.input)})`,
    }),
  environment: oneOf(ENVIRONMENTS),
  logRetentionDays: oneOf(RETENTION_DAYS, true),
  logClass: oneOf(LOG_CLASSES).default("STANDARD"),
  protect: boolean,
  anomalyDetection: boolean.default(false),
  alertEmails: z
    .array(email, { error: (i) => `must be a list of e-mail addresses (got ${fmt(i.input)})` })
    .min(1, { error: "must list at least one e-mail address, or alarms notify nobody" }),
  alarms: z.strictObject(
    {
      paymentFailures: alarmThreshold,
      delayedOrders: alarmThreshold.optional(),
      duplicateOrders: alarmThreshold.optional(),
    },
    {
      error: (i) =>
        i.code === "unrecognized_keys"
          ? undefined
          : `must be an object with paymentFailures (got ${fmt(i.input)})`,
    },
  ),
  tags: z
    .record(z.string(), z.string(), { error: (i) => `must be a map of string tags (got ${fmt(i.input)})` })
    .default({}),
  orderWorker: z
    .strictObject({
      enabled: boolean.default(true),
      desiredCount: number("a whole number ≥ 0")
        .refine((n) => Number.isInteger(n) && n >= 0, { error: "must be a whole number ≥ 0" })
        .default(1),
      cpu: oneOf([256, 512, 1024, 2048, 4096] as const, true).default(256),
      memory: positiveInt.default(512),
      ratePerSecond: number("a number > 0")
        .refine((n) => n > 0, { error: "must be > 0" })
        .default(2),
    })
    .default({ enabled: true, desiredCount: 1, cpu: 256, memory: 512, ratePerSecond: 2 }),
  realtime: z
    .strictObject({
      enabled: boolean.default(realtimeDefaults.enabled),
      sourceLogGroup: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && /^[.\-_/#A-Za-z0-9]{1,512}$/.test(v), {
          error: (i) => `must be a log group name (got ${fmt(i.input)})`,
        })
        .default(realtimeDefaults.sourceLogGroup),
      errorAlarm: alarmThreshold.default(realtimeDefaults.errorAlarm),
      testEmitter: boolean.default(realtimeDefaults.testEmitter),
      memoryMb: oneOf([128, 256, 512, 1024, 2048] as const, true).default(realtimeDefaults.memoryMb),
      timeoutSeconds: positiveInt
        .refine((n) => n <= 900, { error: "must be at most 900" })
        .default(realtimeDefaults.timeoutSeconds),
      reservedConcurrency: positiveInt.optional(),
      incidentTtlDays: number("a whole number from 0 to 3650")
        .refine((n) => Number.isInteger(n) && n >= 0 && n <= 3650, {
          error: (i) => `must be a whole number from 0 to 3650 (got ${fmt(i.input)})`,
        })
        .default(realtimeDefaults.incidentTtlDays),
      notifyMinSeverity: oneOf(["WARN", "ERROR", "CRITICAL"] as const).optional(),
    })
    .default(realtimeDefaults),
  analyzer: z
    .strictObject({
      enabled: boolean.default(analyzerDefaults.enabled),
      prefix: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && v.length <= 1024, {
          error: (i) => `must be an S3 key prefix (got ${fmt(i.input)})`,
        })
        .default(analyzerDefaults.prefix),
      errorThreshold: positiveInt.default(analyzerDefaults.errorThreshold),
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
        .default(analyzerDefaults.schedule),
      http5xxThreshold: positiveInt.default(analyzerDefaults.http5xxThreshold),
      exposure: oneOf(["cloudfront", "public-alb"] as const).default(analyzerDefaults.exposure),
      // replaced by `exposure`: say so rather than "not a known setting"
      cloudFront: z
        .unknown()
        .optional()
        .superRefine((v, ctx) => {
          if (v !== undefined)
            ctx.addIssue({
              code: "custom",
              message: `was replaced by obskit:analyzer.exposure (got ${fmt(v)}): use exposure: cloudfront (a private ALB behind CloudFront) or exposure: public-alb (an internet-facing ALB)`,
            });
        }),
      certificateArn: z
        .unknown()
        .refine(
          (v): v is string =>
            typeof v === "string" &&
            /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(v),
          {
            error: (i) =>
              `must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id>, issued in the stack's region (got ${fmt(i.input)})`,
          },
        )
        .optional(),
      originDomainName: z
        .unknown()
        .refine(
          (v): v is string =>
            typeof v === "string" &&
            /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(v),
          {
            error: (i) =>
              `must be a lower-case DNS name such as analyzer-origin.example.com (got ${fmt(i.input)})`,
          },
        )
        .optional(),
      desiredCount: number("a whole number ≥ 0")
        .refine((n) => Number.isInteger(n) && n >= 0, { error: "must be a whole number ≥ 0" })
        .default(analyzerDefaults.desiredCount),
      cpu: oneOf([256, 512, 1024, 2048, 4096] as const, true).default(analyzerDefaults.cpu),
      memory: positiveInt.default(analyzerDefaults.memory),
    })
    .superRefine((a, ctx) => {
      const cloudFrontHttps = a.exposure === "cloudfront" && a.certificateArn !== undefined;
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
    .default(analyzerDefaults),
});

export type Settings = z.output<typeof settingsSchema>;

/** Config keys whose values are structured (YAML maps or lists, JSON strings at run time). */
const STRUCTURED = new Set(["alertEmails", "alarms", "tags", "orderWorker", "realtime", "analyzer"]);

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

function keyName(k: string): string {
  return k.includes(":") ? k : `${PROJECT}:${k}`;
}

function closest(key: string, known: string[]): string | undefined {
  const d = (a: string, b: string): number => {
    const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) m[0][j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        m[i][j] = Math.min(
          m[i - 1][j] + 1,
          m[i][j - 1] + 1,
          m[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
    return m[a.length][b.length];
  };
  const best = known
    .map((k) => [k, d(key.toLowerCase(), k.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 3 ? best[0] : undefined;
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
    if (fullKey === "aws:region") key = fullKey;
    else if (fullKey.startsWith(`${PROJECT}:`)) key = fullKey.slice(PROJECT.length + 1);
    else continue; // other namespaces (aws:profile, …) belong to their providers
    if (!known.includes(key)) {
      const guess = closest(
        key,
        known.filter((k) => !k.includes(":")),
      );
      problems.push(`${fullKey} is not a known setting${guess ? `; did you mean ${PROJECT}:${guess}?` : ""}`);
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
  if (!result.success) {
    for (const issue of result.error.issues) {
      const top = String(issue.path[0] ?? "");
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys)
          problems.push(`${keyName(pathName([...issue.path, k]))} is not a known setting`);
        continue;
      }
      const name = keyName(pathName(issue.path));
      if (issue.path.length === 1 && input[top] === undefined) {
        problems.push(
          `${name} is required: set it with \`${REQUIRED_HINT[top] ?? `pulumi config set ${name} <value>`}\``,
        );
      } else {
        problems.push(`${name} ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return (result as { data: Settings }).data;
}
