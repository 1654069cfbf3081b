/**
 * Scheduled run (Lambda handler for an EventBridge schedule): analyses the latest object under
 * BUCKET/PREFIX with the same core as the CLI and the HTTP API, then publishes the error counts as
 * CloudWatch custom metrics (`ErrorCount` in total, and per service with a `Service` dimension for
 * the top services), so that an alarm can watch them.
 *
 * Importing this module has no side effects (the deployment imports `ANALYZER_METRICS` and
 * `SCHEDULED_ENV` from it): the environment is read on the first invocation.
 *
 * AWS calls per run: `s3:ListObjectsV2` (IAM `s3:ListBucket`), `s3:GetObject`, and one
 * `cloudwatch:PutMetricData` (IAM `cloudwatch:PutMetricData`; it supports the condition key
 * `cloudwatch:namespace`).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { CloudWatchClient, type PutMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Context, ScheduledEvent } from "aws-lambda";
import { z } from "zod";
import { ANALYZE_DEFAULTS, fieldSchema, thresholdSchema, type AnalysisSummary } from "./analyze";
import { bucketSchema, endpointSchema, optionalEnv, parseEnv, prefixSchema } from "./config";
import { ANALYZER_METRICS, MAX_SERVICE_METRICS_LIMIT, publishErrorMetric } from "./metrics";
import { analyzeLatestObject, createS3Client } from "./s3";

export { ANALYZER_METRICS } from "./metrics";

/** Environment variables of the scheduled function (names, for the deployment). */
export const SCHEDULED_ENV = {
  /** Bucket to read (required). */
  bucket: "BUCKET",
  /** Key prefix to pick the latest object under; unset or empty: the whole bucket. */
  prefix: "PREFIX",
  /** Threshold (integer ≥ 1; the summary's `thresholdBreached`), default 1. */
  threshold: "THRESHOLD",
  /** CloudWatch namespace, default `ANALYZER_METRICS.namespace`. */
  metricNamespace: "METRIC_NAMESPACE",
  /** Bound on per-service data points, default `ANALYZER_METRICS.maxServices`. */
  maxServiceMetrics: "MAX_SERVICE_METRICS",
  /** Level field, default "level". */
  levelField: "LEVEL_FIELD",
  /** Level value, default "ERROR". */
  levelValue: "LEVEL_VALUE",
  /** Group-by field, default "service". */
  groupBy: "GROUP_BY",
  /** S3-compatible endpoint override (tests only). */
  s3Endpoint: "S3_ENDPOINT",
} as const;

/** The validated configuration of a scheduled run. */
export interface ScheduledConfig {
  /** Bucket. From BUCKET. */
  readonly bucket: string;
  /** Prefix ("" = the whole bucket). From PREFIX. @default "" */
  readonly prefix: string;
  /** Threshold. From THRESHOLD. @default 1 */
  readonly threshold: number;
  /** Metric namespace. From METRIC_NAMESPACE. @default "obskit/LogAnalyzer" */
  readonly namespace: string;
  /** Per-service data points per run. From MAX_SERVICE_METRICS. @default 10 */
  readonly maxServices: number;
  /** Level field. From LEVEL_FIELD. @default "level" */
  readonly levelField: string;
  /** Level value. From LEVEL_VALUE. @default "ERROR" */
  readonly levelValue: string;
  /** Group-by field. From GROUP_BY. @default "service" */
  readonly groupBy: string;
  /** S3 endpoint override. From S3_ENDPOINT. @default undefined (AWS S3) */
  readonly s3Endpoint?: string;
}

/** CloudWatch namespaces: 1–255 printable ASCII characters, not starting with "AWS/". */
const namespaceSchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, { error: "must be 1–255 printable ASCII characters" })
  .refine((ns) => !ns.startsWith("AWS/"), {
    error: 'must not start with "AWS/" (reserved for AWS services)',
  });

const scheduledEnvSchema = z
  .object({
    BUCKET: bucketSchema,
    // unlike the HTTP API's prefix (user input), the deployment may point the run at a whole bucket
    PREFIX: optionalEnv(prefixSchema),
    THRESHOLD: optionalEnv(thresholdSchema),
    METRIC_NAMESPACE: optionalEnv(namespaceSchema),
    MAX_SERVICE_METRICS: optionalEnv(
      z.coerce
        .number()
        .int({ error: "must be an integer" })
        .min(0, { error: "must be ≥ 0" })
        .max(MAX_SERVICE_METRICS_LIMIT, { error: `must be ≤ ${MAX_SERVICE_METRICS_LIMIT}` }),
    ),
    LEVEL_FIELD: optionalEnv(fieldSchema),
    LEVEL_VALUE: optionalEnv(fieldSchema),
    GROUP_BY: optionalEnv(fieldSchema),
    S3_ENDPOINT: optionalEnv(endpointSchema),
  })
  .transform((env): ScheduledConfig => ({
    bucket: env.BUCKET,
    prefix: env.PREFIX ?? "",
    threshold: env.THRESHOLD ?? ANALYZE_DEFAULTS.threshold,
    namespace: env.METRIC_NAMESPACE ?? ANALYZER_METRICS.namespace,
    maxServices: env.MAX_SERVICE_METRICS ?? ANALYZER_METRICS.maxServices,
    levelField: env.LEVEL_FIELD ?? ANALYZE_DEFAULTS.levelField,
    levelValue: env.LEVEL_VALUE ?? ANALYZE_DEFAULTS.levelValue,
    groupBy: env.GROUP_BY ?? ANALYZE_DEFAULTS.groupBy,
    s3Endpoint: env.S3_ENDPOINT,
  }));

/** Reads and validates the scheduled run's environment; throws one `ConfigError` listing every problem. */
export function loadScheduledConfig(env: NodeJS.ProcessEnv): ScheduledConfig {
  return parseEnv(scheduledEnvSchema, env, "scheduled run");
}

/** What one scheduled run did. */
export interface ScheduledResult {
  /** The analysis. */
  readonly summary: AnalysisSummary;
  /** The PutMetricData request that was sent. */
  readonly metrics: PutMetricDataCommandInput;
}

/** Clients and hooks of a scheduled run. */
export interface ScheduledDeps {
  /** S3 client. */
  readonly s3: S3Client;
  /** CloudWatch client. */
  readonly cloudwatch: CloudWatchClient;
  /** Cancels the run (the handler passes one that fires shortly before the Lambda timeout). @default undefined */
  readonly signal?: AbortSignal;
  /** Timestamp of the data points. @default now */
  readonly now?: Date;
}

/** One run: analyse the latest object, publish the metrics. Analyzer errors propagate. */
export async function runScheduled(config: ScheduledConfig, deps: ScheduledDeps): Promise<ScheduledResult> {
  const summary = await analyzeLatestObject(deps.s3, {
    bucket: config.bucket,
    prefix: config.prefix,
    threshold: config.threshold,
    levelField: config.levelField,
    levelValue: config.levelValue,
    groupBy: config.groupBy,
    signal: deps.signal,
  });
  const metrics = await publishErrorMetric(
    summary,
    {
      namespace: config.namespace,
      metricName: ANALYZER_METRICS.errorCount,
      maxServices: config.maxServices,
      timestamp: deps.now,
    },
    deps.cloudwatch,
  );
  return { summary, metrics };
}

/** Margin left before the Lambda timeout to fail with a clear error instead of being killed. */
const TIMEOUT_MARGIN_MS = 3000;

interface Runtime {
  readonly config: ScheduledConfig;
  readonly s3: S3Client;
  readonly cloudwatch: CloudWatchClient;
  readonly logger: Logger;
}
let runtime: Runtime | undefined;

function init(): Runtime {
  const logger = new Logger({ serviceName: "log-analyzer" });
  try {
    const config = loadScheduledConfig(process.env);
    return {
      config,
      logger,
      s3: createS3Client({ endpoint: config.s3Endpoint }),
      cloudwatch: new CloudWatchClient({}),
    };
  } catch (error) {
    logger.critical("invalid environment", error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/**
 * The Lambda handler (`handler` of the bundle). Returns the summary and the metric request; throws
 * (so the invocation counts as an error) when the analysis or the publication fails.
 */
export async function handler(
  _event: ScheduledEvent | undefined,
  context?: Context,
): Promise<ScheduledResult> {
  runtime ??= init();
  const { config, s3, cloudwatch, logger } = runtime;
  const remaining = context?.getRemainingTimeInMillis();
  const signal =
    remaining === undefined ? undefined : AbortSignal.timeout(Math.max(1000, remaining - TIMEOUT_MARGIN_MS));
  try {
    const result = await runScheduled(config, { s3, cloudwatch, signal });
    logger.info("analysis published", { summary: result.summary, namespace: config.namespace });
    return result;
  } catch (error) {
    logger.error("scheduled analysis failed", error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/** Forgets the cached configuration and clients (tests change the environment between runs). */
export function resetScheduledRuntime(): void {
  runtime = undefined;
}
