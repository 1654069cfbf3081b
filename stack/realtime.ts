import * as aws from "@pulumi/aws";
import {
  Dashboard,
  LogPipeline,
  ProcessingPath,
  type DashboardSection,
  type MetricFilterSpec,
} from "../components";
import { deployTestEmitter } from "../apps/test-emitter/deploy";
import { DEFAULT_ERROR_PATTERN } from "../components/processingPath/args";
import { emitLogs } from "../apps/test-emitter/src/handler";
import type { Settings } from "./settings";
import { NONE, filterAlarm, type Shared, type SystemOutputs } from "./shared";

/** The real-time ERROR pipeline's metric: `LogMonitoring / ErrorCount`. */
export const REALTIME_NAMESPACE = "LogMonitoring";

/**
 * What the test emitter really writes for `{"error_count": 2}`, in the shape Powertools' logger
 * prints each call, plus the Lambda runtime's own plain-text error line.
 */
export function emitterSampleLines(): { errors: string[]; others: string[] } {
  const lines: { level: string; line: string }[] = [];
  const record = (level: string) => (message: string) =>
    lines.push({
      level,
      line: JSON.stringify({
        level,
        message,
        sampling_rate: 0,
        service: "test-emitter",
        timestamp: "2026-01-01T00:00:00.000Z",
      }),
    });
  emitLogs({ error_count: 2 }, { info: record("INFO"), error: record("ERROR") }, () => 1);
  return {
    errors: [
      ...lines.filter((l) => l.level === "ERROR").map((l) => l.line),
      '2026-01-01T00:00:00.000Z\t8f5c3a1e-0000-4000-8000-000000000000\tERROR\tInvoke Error \t{"errorType":"TimeoutError","errorMessage":"connect ETIMEDOUT"}',
    ],
    others: [
      ...lines.filter((l) => l.level !== "ERROR").map((l) => l.line),
      "START RequestId: 8f5c3a1e-0000-4000-8000-000000000000 Version: $LATEST",
      "REPORT RequestId: 8f5c3a1e-0000-4000-8000-000000000000\tDuration: 2.31 ms\tBilled Duration: 3 ms",
    ],
  };
}

/** The real-time ERROR pipeline's alerting path: count ERROR-level events (the same events the processing path gets). */
export function realtimeMetricFilters(): MetricFilterSpec[] {
  const { errors, others } = emitterSampleLines();
  return [
    {
      name: "ErrorCount",
      pattern: DEFAULT_ERROR_PATTERN,
      namespace: REALTIME_NAMESPACE,
      samples: { match: errors, noMatch: others },
    },
  ];
}

/** The design's dashboard query, saved for the console. */
export const REALTIME_QUERIES = [
  {
    name: "recent-errors",
    query: "fields @timestamp, @message\n| filter @message like /ERROR/\n| sort @timestamp desc\n| limit 20",
  },
];

/**
 * The real-time ERROR pipeline's dashboard: the error count against its alarm, the recent errors, the alarms' status,
 * the incidents the processor stored and the batches parked in its dead-letter queue.
 */
export function realtimeDashboard(
  errors: LogPipeline,
  processing: ProcessingPath,
  alarms: { errors: aws.cloudwatch.MetricAlarm; deadLetters: aws.cloudwatch.MetricAlarm },
): DashboardSection[] {
  return [
    {
      title: "ERROR pipeline",
      description: "ERROR events counted from the source log group, and what the processor made of them.",
      widgets: [
        {
          kind: "graph",
          title: "Error count (1 min)",
          metrics: [errors.metric("ErrorCount")],
          alarmThresholds: [alarms.errors],
          width: 12,
        },
        { kind: "alarms", title: "Alarm status", alarms: [alarms.errors, alarms.deadLetters], width: 12 },
        { kind: "query", title: "Recent errors", query: errors.queries["recent-errors"], width: 24 },
        {
          kind: "graph",
          title: "Incidents stored",
          metrics: [
            processing.metrics.IncidentsStored,
            processing.metrics.IncidentsAlreadyStored,
            processing.metrics.Failures,
          ],
          view: "bar",
          width: 12,
        },
        {
          kind: "graph",
          title: "Dead letters",
          metrics: [{ alarmMetric: alarms.deadLetters, label: "messages in the dead-letter queue" }],
          alarmThresholds: [alarms.deadLetters],
          width: 12,
        },
      ],
    },
  ];
}

/**
 * The real-time ERROR pipeline: the source log group with its ErrorCount filter and
 * alarm, the processing path (subscription → Lambda → DynamoDB incidents) and, where configured,
 * the test emitter that writes into the source group.
 */
export function composeRealtime(
  s: Settings,
  shared: Shared,
): SystemOutputs<
  | "realtimeMetricNamespace"
  | "incidentsTableName"
  | "processorFunctionName"
  | "deadLetterQueueUrl"
  | "processorBundleBytes"
  | "testEmitterFunctionName"
> {
  const rt = s.realtime;
  if (!rt.enabled)
    return {
      outputs: {
        realtimeMetricNamespace: REALTIME_NAMESPACE,
        incidentsTableName: NONE,
        processorFunctionName: NONE,
        deadLetterQueueUrl: NONE,
        processorBundleBytes: 0,
        testEmitterFunctionName: NONE,
      },
    };

  const errors = new LogPipeline("errors", {
    logGroupName: rt.sourceLogGroup,
    ...shared.logDefaults,
    metricFilters: realtimeMetricFilters(),
    queries: REALTIME_QUERIES,
    queryFolder: "realtime",
  });
  const errorAlarm = shared.alerting.addAlarm(filterAlarm("ErrorCount", errors, "ErrorCount", rt.errorAlarm));

  const processing = new ProcessingPath("incidents", {
    source: errors,
    alerting: shared.alerting,
    functionName: `${shared.prefix}-log-processor`,
    memoryMb: rt.memoryMb,
    timeoutSeconds: rt.timeoutSeconds,
    reservedConcurrency: rt.reservedConcurrency,
    incidentTtlDays: rt.incidentTtlDays,
    notifyMinSeverity: rt.notifyMinSeverity,
    logRetentionDays: s.logRetentionDays,
    protect: s.protect,
    tags: shared.tags,
  });
  // The real-time ERROR pipeline's emitter writes into the source group. Parented to the path, as it was when the path
  // declared it, so its URNs are unchanged.
  const emitter = rt.testEmitter
    ? deployTestEmitter("incidents-emitter", { target: errors, tags: shared.tags }, { parent: processing })
    : undefined;

  const dashboard = new Dashboard("errors-dashboard", {
    dashboardName: `${shared.prefix}-error-pipeline`,
    sections: realtimeDashboard(errors, processing, {
      errors: errorAlarm,
      deadLetters: processing.deadLetterAlarm,
    }),
  });

  return {
    logGroups: { errors, processor: processing.logs },
    dashboards: { realtime: dashboard },
    kmsKeyArns: { errorLogs: errors.kmsKeyArn },
    outputs: {
      realtimeMetricNamespace: REALTIME_NAMESPACE,
      incidentsTableName: processing.tableName,
      processorFunctionName: processing.functionName,
      deadLetterQueueUrl: processing.deadLetterQueueUrl,
      processorBundleBytes: processing.bundleBytes,
      testEmitterFunctionName: emitter ? emitter.functionName : NONE,
    },
  };
}
