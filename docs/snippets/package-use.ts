import { AlertingPath, LogPipeline, LogsKey, ProcessingPath, VERSION } from "@obskit/components";

const key = new LogsKey("logs", { logGroupNames: ["/shop/orders"] });
const orders = new LogPipeline("orders", {
  logGroupName: "/shop/orders",
  kmsKeyArn: key.arn,
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "Shop",
      samples: { match: ['{"event":"PAYMENT_FAILED"}'], noMatch: ['{"event":"ORDER_PROCESSED"}'] },
    },
  ],
});
const alerts = new AlertingPath("alerts", {
  emails: ["oncall@example.com"],
  alarms: [{ name: "PaymentFailures", metric: orders.metric("PaymentFailures"), threshold: 5 }],
});
new ProcessingPath("incidents", { source: orders, alerting: alerts });

export const obskitVersion = VERSION;
