import type { MetricFilterSpec } from "../components";
import { DEFAULT_ERROR_PATTERN } from "../components/processingPath/args";
import { emitLogs } from "../apps/test-emitter/src/handler";

/** Seed 002's metric: `LogMonitoring / ErrorCount`. */
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

/** Seed 002's alerting path: count ERROR-level events (the same events the processing path gets). */
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

/** The seed's dashboard query, saved for the console. */
export const REALTIME_QUERIES = [
  {
    name: "recent-errors",
    query: "fields @timestamp, @message\n| filter @message like /ERROR/\n| sort @timestamp desc\n| limit 20",
  },
];
