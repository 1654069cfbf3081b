import type { QuerySpec } from "../components";

/** Saved queries over the analyzer's request logs (fastify/pino JSON) and scheduled runs. */
export const ANALYZER_QUERIES: QuerySpec[] = [
  {
    name: "server-errors",
    query:
      "fields @timestamp, req.url, res.statusCode, msg\n| filter res.statusCode >= 500\n| sort @timestamp desc\n| limit 50",
  },
  {
    name: "requests-per-status",
    query: "filter ispresent(res.statusCode)\n| stats count() as requests by res.statusCode, bin(5m)",
  },
  {
    name: "slowest-requests",
    query:
      "filter ispresent(responseTime)\n| sort responseTime desc\n| limit 20\n| fields @timestamp, req.url, res.statusCode, responseTime",
  },
];
