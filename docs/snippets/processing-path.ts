import { AlertingPath, LogPipeline, ProcessingPath } from "@obskit/components";

const errors = new LogPipeline("errors", { logGroupName: "/aws/lambda/checkout", retentionInDays: 14 });
const alerts = new AlertingPath("alerts", { emails: ["oncall@example.com"] });

// subscription filter → Lambda → DynamoDB incidents, retries to a dead-letter queue with an alarm
export const incidents = new ProcessingPath("incidents", {
  source: errors,
  alerting: alerts,
  functionName: "checkout-incidents",
  minSeverity: "ERROR",
  // also publish a summary of CRITICAL incidents to the alert topic
  notifyMinSeverity: "CRITICAL",
  incidentTtlDays: 30,
});
