import { LogPipeline } from "@obskit/components";

const FAILED = '{"event":"PAYMENT_FAILED","orderId":"ORD-1","customerId":"CUST-9","processingTimeMs":0}';
const SLOW = '{"event":"ORDER_PROCESSED","orderId":"ORD-2","customerId":"CUST-4","processingTimeMs":2400}';
const FAST = '{"event":"ORDER_PROCESSED","orderId":"ORD-3","customerId":"CUST-4","processingTimeMs":120}';
/** A processed order that took `ms`: samples at a numeric condition's threshold and one step either side. */
const took = (ms: number): string =>
  `{"event":"ORDER_PROCESSED","orderId":"ORD-4","customerId":"CUST-4","processingTimeMs":${ms}}`;

export const orders = new LogPipeline("orders", {
  logGroupName: "/smart-orders/processor",
  retentionInDays: 30,
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "SmartOrders",
      samples: { match: [FAILED], noMatch: [SLOW, FAST, "not json at all"] },
    },
    {
      // the metric's value is a field the pattern extracts
      name: "ProcessingTime",
      pattern: "{ $.processingTimeMs >= 0 }",
      namespace: "SmartOrders",
      value: "$.processingTimeMs",
      unit: "Milliseconds",
      // a numeric condition is pinned by samples at its threshold and one step either side
      samples: { match: [SLOW, FAST, took(0), took(1)], noMatch: [took(-1), "not json at all"] },
    },
  ],
  queries: [{ name: "slowest", query: "fields @timestamp, orderId | sort processingTimeMs desc | limit 20" }],
  contributorRules: [
    {
      name: "top-customers",
      keys: ["$.customerId"],
      filters: [{ match: "$.event", in: ["PAYMENT_FAILED"] }],
    },
  ],
  // a Firehose stream subscribed to the group, delivering to an encrypted, versioned bucket
  archive: { transitionDays: 30, expirationDays: 365 },
});

// the filter's metric, for alarms and dashboard widgets
export const paymentFailures = orders.metric("PaymentFailures");
