import type { QuerySpec } from "../components";

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
