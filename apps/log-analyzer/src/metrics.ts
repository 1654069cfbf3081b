/**
 * The analyzer's CloudWatch custom metrics: the contract (namespace, names, dimension) that the
 * deployment's alarms reference, and the PutMetricData request built from a summary.
 */
import {
  CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { AnalysisSummary } from "./analyze";

/**
 * The metric contract. An alarm on the analyzer's errors uses `namespace` (or the value the
 * deployment sets in the scheduled function's `METRIC_NAMESPACE`), `errorCount`, no dimensions
 * for the total, and `{ [serviceDimension]: "<service>" }` for one service.
 */
export const ANALYZER_METRICS = {
  /** Default namespace (overridable with the env var METRIC_NAMESPACE of the scheduled run). */
  namespace: "obskit/LogAnalyzer",
  /** Metric name of the error count (total: no dimension; per service: `Service` dimension). */
  errorCount: "ErrorCount",
  /** Dimension name of the per-service error counts. */
  serviceDimension: "Service",
  /** Unit of every datum. */
  unit: "Count",
  /** Default bound on the per-service data points of one run (the top services by errors). */
  maxServices: 10,
} as const;

/** Most per-service data points one run may publish (PutMetricData takes 1,000 a call). */
export const MAX_SERVICE_METRICS_LIMIT = 500;

/** How {@link buildErrorMetricData} shapes the request. */
export interface ErrorMetricOptions {
  /** CloudWatch namespace. @default ANALYZER_METRICS.namespace */
  readonly namespace?: string;
  /** Metric name. @default ANALYZER_METRICS.errorCount */
  readonly metricName?: string;
  /** Extra dimensions on every datum (the total included; alarms must then name them too). @default {} */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** Per-service data points, for the services with the most errors (0: total only). @default 10 */
  readonly maxServices?: number;
  /** Timestamp of the data points. @default now */
  readonly timestamp?: Date;
}

/**
 * A CloudWatch dimension value for a service name: dimension values must be 1–1024 printable ASCII
 * characters with at least one non-blank one, so other characters become `?` and a blank name
 * becomes `(blank)`.
 */
export function toDimensionValue(service: string): string {
  const ascii = service.replace(/[^\x20-\x7e]/g, "?").slice(0, 1024);
  return ascii.trim() === "" ? "(blank)" : ascii;
}

/** The PutMetricData request for a summary: the total, then the top services (a pure function). */
export function buildErrorMetricData(
  summary: Pick<AnalysisSummary, "errorsTotal" | "errorsByService">,
  options: ErrorMetricOptions = {},
): PutMetricDataCommandInput {
  const namespace = options.namespace ?? ANALYZER_METRICS.namespace;
  const metricName = options.metricName ?? ANALYZER_METRICS.errorCount;
  const maxServices = options.maxServices ?? ANALYZER_METRICS.maxServices;
  if (!Number.isInteger(maxServices) || maxServices < 0 || maxServices > MAX_SERVICE_METRICS_LIMIT) {
    throw new RangeError(
      `maxServices must be an integer from 0 to ${MAX_SERVICE_METRICS_LIMIT} (got ${maxServices})`,
    );
  }
  const timestamp = options.timestamp ?? new Date();
  const base = Object.entries(options.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));
  const datum = (value: number, dimensions: { Name: string; Value: string }[]): MetricDatum => ({
    MetricName: metricName,
    Dimensions: dimensions,
    Value: value,
    Unit: ANALYZER_METRICS.unit,
    Timestamp: timestamp,
  });

  // names that differ only in non-ASCII characters share a dimension value: add them up
  const perService = new Map<string, number>();
  for (const { service, count } of summary.errorsByService) {
    const value = toDimensionValue(service);
    perService.set(value, (perService.get(value) ?? 0) + count);
  }
  const top = [...perService]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxServices);

  return {
    Namespace: namespace,
    MetricData: [
      datum(summary.errorsTotal, base),
      ...top.map(([service, count]) =>
        datum(count, [...base, { Name: ANALYZER_METRICS.serviceDimension, Value: service }]),
      ),
    ],
  };
}

/**
 * Builds the request with {@link buildErrorMetricData} and sends it (one `PutMetricData` call;
 * IAM `cloudwatch:PutMetricData`). Returns the request that was sent.
 */
export async function publishErrorMetric(
  summary: Pick<AnalysisSummary, "errorsTotal" | "errorsByService">,
  options: ErrorMetricOptions = {},
  client: CloudWatchClient = new CloudWatchClient({}),
): Promise<PutMetricDataCommandInput> {
  const input = buildErrorMetricData(summary, options);
  await client.send(new PutMetricDataCommand(input));
  return input;
}
