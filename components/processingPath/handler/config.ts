/**
 * Configuration from environment variables, validated once at cold start.
 */
import { ProcessorEnv, SHARED_DEFAULTS, type ProcessorEnvName } from "./contract";
import { ConfigError } from "./errors";
import { isAtLeast, parseSeverity, Severity, SEVERITY_ORDER } from "./severity";
import * as z from "./zod";

/** Defaults of the optional variables. */
export const CONFIG_DEFAULTS = {
  MIN_SEVERITY: SHARED_DEFAULTS.minSeverity,
  INCIDENT_TTL_DAYS: SHARED_DEFAULTS.incidentTtlDays,
  MAX_MESSAGE_BYTES: 16_384,
  NOTIFY_MIN_SEVERITY: Severity.CRITICAL,
  POWERTOOLS_SERVICE_NAME: "log-processor",
  POWERTOOLS_METRICS_NAMESPACE: "obskit",
} as const;

/** Bounds of MAX_MESSAGE_BYTES: the item must stay well under DynamoDB's 400 KB item limit. */
export const MESSAGE_BYTES_RANGE = { min: 256, max: 300_000 } as const;

/** Bounds of INCIDENT_TTL_DAYS (0 = no expiry). */
export const TTL_DAYS_RANGE = { min: 0, max: 3650 } as const;

/** The processor's validated configuration. */
export interface ProcessorConfig {
  /** DynamoDB table (name or ARN) with partition key `incidentId` (S). From TABLE_NAME. */
  readonly tableName: string;
  /** Events at/above this severity become incidents. From MIN_SEVERITY. @default ERROR */
  readonly minSeverity: Severity;
  /** Days until an incident expires (`expiresAt`); 0 = never. From INCIDENT_TTL_DAYS. @default 90 */
  readonly ttlDays: number;
  /** Bound on a stored message in UTF-8 bytes. From MAX_MESSAGE_BYTES. @default 16384 */
  readonly maxMessageBytes: number;
  /** SNS topic for the high-severity summary; no notification when unset. From NOTIFY_TOPIC_ARN. @default undefined */
  readonly notifyTopicArn?: string;
  /** Incidents at/above this severity are notified. From NOTIFY_MIN_SEVERITY. @default CRITICAL */
  readonly notifyMinSeverity: Severity;
  /** Powertools service name (logs, metric dimension). From POWERTOOLS_SERVICE_NAME. @default "log-processor" */
  readonly serviceName: string;
  /** CloudWatch metric namespace of the EMF metrics. From POWERTOOLS_METRICS_NAMESPACE. @default "obskit" */
  readonly metricsNamespace: string;
}

/** Every variable the processor reads. */
export const ENV_VARS: readonly ProcessorEnvName[] = Object.values(ProcessorEnv);

const SEVERITY_MESSAGE = `must be a severity: one of ${SEVERITY_ORDER.join(", ")} (case-insensitive; aliases such as err, warning, fatal are accepted)`;

const severityName = z.pipe(
  z.string().check(z.refine((v) => parseSeverity(v) !== undefined, { error: SEVERITY_MESSAGE })),
  z.transform((v: string): Severity => parseSeverity(v) ?? Severity.INFO),
);

const integer = (fallback: number, range: { readonly min: number; readonly max: number }) => {
  const error = `must be a whole number from ${range.min} to ${range.max}`;
  return z._default(
    z.pipe(
      z.string().check(z.regex(/^\s*\d+\s*$/, { error })),
      z.pipe(
        z.transform(Number),
        z.number().check(z.minimum(range.min, { error }), z.maximum(range.max, { error })),
      ),
    ),
    fallback,
  );
};

const envSchema = z
  .object({
    [ProcessorEnv.TABLE_NAME]: z
      .string({ error: "is required: the DynamoDB incidents table name (or ARN)" })
      .check(
        z.regex(
          /^(?:[A-Za-z0-9_.-]{3,255}|arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255})$/,
          {
            error: "must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -) or table ARN",
          },
        ),
      ),
    [ProcessorEnv.MIN_SEVERITY]: z._default(severityName, CONFIG_DEFAULTS.MIN_SEVERITY),
    [ProcessorEnv.INCIDENT_TTL_DAYS]: integer(CONFIG_DEFAULTS.INCIDENT_TTL_DAYS, TTL_DAYS_RANGE),
    [ProcessorEnv.MAX_MESSAGE_BYTES]: integer(CONFIG_DEFAULTS.MAX_MESSAGE_BYTES, MESSAGE_BYTES_RANGE),
    [ProcessorEnv.NOTIFY_TOPIC_ARN]: z.optional(
      z.string().check(
        z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/, {
          error: "must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)",
        }),
      ),
    ),
    [ProcessorEnv.NOTIFY_MIN_SEVERITY]: z.optional(severityName),
    [ProcessorEnv.POWERTOOLS_SERVICE_NAME]: z._default(z.string(), CONFIG_DEFAULTS.POWERTOOLS_SERVICE_NAME),
    [ProcessorEnv.POWERTOOLS_METRICS_NAMESPACE]: z._default(
      z.string().check(z.maxLength(255)),
      CONFIG_DEFAULTS.POWERTOOLS_METRICS_NAMESPACE,
    ),
  })
  .check(
    z.superRefine((env, ctx) => {
      if (env.NOTIFY_MIN_SEVERITY === undefined) return;
      if (env.NOTIFY_TOPIC_ARN === undefined) {
        ctx.addIssue({
          code: "custom",
          input: env.NOTIFY_MIN_SEVERITY,
          path: ["NOTIFY_MIN_SEVERITY"],
          message: "is set but NOTIFY_TOPIC_ARN is not: set the topic, or remove NOTIFY_MIN_SEVERITY",
        });
      } else if (!isAtLeast(env.NOTIFY_MIN_SEVERITY, env.MIN_SEVERITY)) {
        ctx.addIssue({
          code: "custom",
          input: env.NOTIFY_MIN_SEVERITY,
          path: ["NOTIFY_MIN_SEVERITY"],
          message: `(${env.NOTIFY_MIN_SEVERITY}) is below MIN_SEVERITY (${env.MIN_SEVERITY}): only stored incidents are notified; raise it to ${env.MIN_SEVERITY} or above`,
        });
      }
    }),
  );

/**
 * Reads and validates the configuration; blank variables count as unset. Throws `ConfigError`
 * naming each bad variable and what it must be.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ProcessorConfig {
  const present: Record<string, string> = {};
  for (const name of ENV_VARS) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") present[name] = value;
  }
  const result = z.safeParse(envSchema, present);
  if (!result.success) {
    throw new ConfigError(`Invalid log-processor environment:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  const e = result.data;
  return {
    tableName: e.TABLE_NAME,
    minSeverity: e.MIN_SEVERITY,
    ttlDays: e.INCIDENT_TTL_DAYS,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    ...(e.NOTIFY_TOPIC_ARN === undefined ? {} : { notifyTopicArn: e.NOTIFY_TOPIC_ARN }),
    notifyMinSeverity: e.NOTIFY_MIN_SEVERITY ?? CONFIG_DEFAULTS.NOTIFY_MIN_SEVERITY,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
  };
}
