import { AlertingPath, LogPipeline, ProcessingPath } from "@obskit/components";

const orders = new LogPipeline("orders", {
  logGroupName: "/smart-orders/processor",
  retentionInDays: 30,
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "SmartOrders",
      // checked at construction: a sample the pattern treats otherwise fails `pulumi preview`
      samples: {
        match: ['{"event":"PAYMENT_FAILED","orderId":"ORD-e593fe"}'],
        noMatch: ['{"event":"ORDER_PROCESSED"}'],
      },
    },
  ],
  queries: [
    { name: "payment-failures", query: 'filter event = "PAYMENT_FAILED" | stats count() by bin(1m)' },
  ],
  contributorRules: [
    {
      name: "top-customers",
      keys: ["$.customerId"],
      filters: [{ match: "$.event", in: ["PAYMENT_FAILED"] }],
    },
  ],
  anomalyDetection: { enabled: true },
  protect: true,
});

// the alarm takes the filter's own metric object: no metric name is retyped
const alerts = new AlertingPath("alerts", {
  emails: ["oncall@example.com"],
  alarms: [{ name: "PaymentFailures", metric: orders.metric("PaymentFailures"), threshold: 5 }],
});

new ProcessingPath("incidents", { source: orders, alerting: alerts });
