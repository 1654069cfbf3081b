import { AlertingPath, Dashboard, LogPipeline } from "@obskit/components";

const sample = (event: string, customerId = "CUST-1") => JSON.stringify({ event, customerId });

const orders = new LogPipeline("orders", {
  logGroupName: "/smart-orders/processor",
  retentionInDays: 30,
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "SmartOrders",
      samples: { match: [sample("PAYMENT_FAILED")], noMatch: [sample("ORDER_PROCESSED")] },
    },
    {
      name: "OrdersProcessed",
      pattern: '{ $.event = "ORDER_PROCESSED" }',
      namespace: "SmartOrders",
      samples: { match: [sample("ORDER_PROCESSED")], noMatch: [sample("PAYMENT_FAILED")] },
    },
  ],
  queries: [{ name: "event-distribution", query: "stats count() by event" }],
  contributorRules: [
    {
      name: "top-customers",
      keys: ["$.customerId"],
      filters: [{ match: "$.event", in: ["PAYMENT_FAILED"] }],
    },
  ],
});

const alerts = new AlertingPath("alerts", {
  emails: ["oncall@example.com"],
  alarms: [{ name: "PaymentFailures", metric: orders.metric("PaymentFailures"), threshold: 5 }],
});
const alarm = alerts.alarms.PaymentFailures;

new Dashboard("orders-dashboard", {
  dashboardName: "dev-smart-orders",
  sections: [
    {
      title: "Incident & customer impact",
      widgets: [
        // the threshold line is the alarm's own threshold
        {
          kind: "graph",
          title: "Payment failures",
          metrics: [orders.metric("PaymentFailures")],
          alarmThresholds: [alarm],
        },
        {
          kind: "graph",
          title: "Failure rate (%)",
          metrics: [
            { metric: orders.metric("PaymentFailures"), id: "failed", visible: false },
            { metric: orders.metric("OrdersProcessed"), id: "total", visible: false },
            { expression: "100 * failed / total", label: "failure rate %" },
          ],
        },
        {
          kind: "query",
          title: "Event distribution",
          query: orders.queries["event-distribution"],
          view: "pie",
        },
        { kind: "contributors", title: "Top customers", rule: orders.contributorRules["top-customers"] },
        { kind: "alarms", title: "Alarm status", alarms: [alarm] },
      ],
    },
  ],
});
