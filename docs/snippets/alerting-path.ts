import * as aws from "@pulumi/aws";
import { AlertingPath, LogPipeline, Metric } from "@obskit/components";

const orders = new LogPipeline("orders", {
  logGroupName: "/shop/orders",
  retentionInDays: 30,
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "Shop",
      samples: { match: ['{"event":"PAYMENT_FAILED"}'], noMatch: ['{"event":"ORDER_PROCESSED"}'] },
    },
    {
      name: "OrdersProcessed",
      pattern: '{ $.event = "ORDER_PROCESSED" }',
      namespace: "Shop",
      samples: { match: ['{"event":"ORDER_PROCESSED"}'], noMatch: ['{"event":"PAYMENT_FAILED"}'] },
    },
  ],
});

const alerts = new AlertingPath("alerts", {
  emails: ["oncall@example.com"],
  subscriptions: [{ protocol: "https", endpoint: "https://hooks.example.com/obskit" }],
  alarms: [
    // 3 of the last 5 minutes with 5 or more failures
    {
      name: "PaymentFailures",
      metric: orders.metric("PaymentFailures"),
      threshold: 5,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    },
  ],
  anomalyAlarms: [{ name: "PaymentFailuresUnusual", metric: orders.metric("PaymentFailures") }],
  metricMathAlarms: [
    {
      name: "FailureShare",
      metrics: { failed: orders.metric("PaymentFailures"), total: orders.metric("OrdersProcessed") },
      expression: "100 * failed / total",
      threshold: 10,
    },
  ],
  compositeAlarms: [{ name: "Payments", alarms: ["PaymentFailures", "FailureShare"], when: "any" }],
});

// an alarm another part of the program adds later: it reaches alarmNames like every other
const lambdaErrors = new Metric({
  namespace: "AWS/Lambda",
  name: "Errors",
  dimensions: { FunctionName: "checkout" },
});
alerts.addAlarm({ name: "CheckoutErrors", metric: lambdaErrors, threshold: 1 });

// an EventBridge rule that notifies the topic: the topic policy admits exactly this rule
const failedJobs = new aws.cloudwatch.EventRule("failed-jobs", {
  eventPattern: JSON.stringify({ source: ["aws.batch"], "detail-type": ["Batch Job State Change"] }),
});
alerts.addEventRule("failedJobs", failedJobs);
