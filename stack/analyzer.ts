import { LogPipeline, type QuerySpec } from "../components";
import { LogAnalyzerService } from "../apps/log-analyzer/deploy";
import type { AnalyzerExposure } from "../apps/log-analyzer/infra/args";
import type { Settings } from "./settings";
import { NONE, type Shared, type SystemOutputs } from "./shared";

/**
 * Saved queries over the analyzer's structured logs: one `request completed` line per request
 * (fields `http.method`, `http.url`, `http.statusCode`, `responseTime`), see apps/log-analyzer.
 */
export const ANALYZER_QUERIES: QuerySpec[] = [
  {
    name: "server-errors",
    query:
      "fields @timestamp, http.method, http.url, http.statusCode, msg\n| filter http.statusCode >= 500\n| sort @timestamp desc\n| limit 50",
  },
  {
    name: "requests-per-status",
    query: 'filter msg = "request completed"\n| stats count() as requests by http.statusCode, bin(5m)',
  },
  {
    name: "slowest-requests",
    query:
      'filter msg = "request completed"\n| sort responseTime desc\n| limit 20\n| fields @timestamp, http.url, http.statusCode, responseTime',
  },
];

/**
 * The log analytics service: its own log group and saved queries, and the analyzer's
 * deployment (bucket, API behind the ALB or CloudFront, scheduled run, alarms on the shared path).
 */
export function composeAnalyzer(
  s: Settings,
  shared: Shared,
): SystemOutputs<
  | "analyzerUrl"
  | "analyzerBucketName"
  | "analyzerServiceName"
  | "analyzerScheduledFunctionName"
  | "analyzerMetric"
> {
  const az = s.analyzer;
  if (!az.enabled)
    return {
      outputs: {
        analyzerUrl: NONE,
        analyzerBucketName: NONE,
        analyzerServiceName: NONE,
        analyzerScheduledFunctionName: NONE,
        analyzerMetric: { namespace: "", name: "" },
      },
    };
  const logs = new LogPipeline("analyzer-logs", {
    logGroupName: "/log-analyzer/service",
    ...shared.logDefaults,
    queries: ANALYZER_QUERIES,
    queryFolder: "log-analyzer",
  });
  const analyzer = new LogAnalyzerService("analyzer", {
    logs,
    alerting: shared.alerting,
    prefix: az.prefix,
    errorThreshold: az.errorThreshold,
    schedule: az.schedule,
    http5xxThreshold: az.http5xxThreshold,
    // the service checks the value it is given
    exposure: az.exposure as AnalyzerExposure | undefined,
    certificateArn: az.certificateArn,
    originDomainName: az.originDomainName,
    desiredCount: az.desiredCount,
    cpu: az.cpu,
    memory: az.memory,
    protect: s.protect,
    tags: shared.tags,
  });
  return {
    logGroups: { analyzer: logs },
    outputs: {
      analyzerUrl: analyzer.url,
      analyzerBucketName: analyzer.bucketName,
      analyzerServiceName: analyzer.serviceName,
      analyzerScheduledFunctionName: analyzer.scheduledFunctionName,
      analyzerMetric: { namespace: analyzer.errorMetric.namespace, name: analyzer.errorMetric.name },
    },
  };
}
