import * as pulumi from "@pulumi/pulumi";
import { LogPipeline, type ContributorRuleSpec, type MetricFilterSpec, type QuerySpec } from "../components";
import { OrderWorkerService } from "../apps/order-worker/deploy";
import { OrderEventName, type OrderEvent } from "../apps/order-worker/src/events";
import { sampleLines } from "../apps/order-worker/src/samples";
import type { Settings } from "./settings";
import { NONE, filterAlarm, type Shared, type SystemOutputs } from "./shared";

/** The order worker's log group: agents, queries and the key policy use this name. */
export const ORDER_LOG_GROUP = "/smart-orders/processor";
/** Namespace of every metric the order worker's logs produce. */
export const ORDER_NAMESPACE = "SmartOrders";

/**
 * Real worker output, classified by parsing each line (not by the patterns under test), so every
 * filter is checked before deploy against what the worker actually writes.
 */
let workerOutput: { line: string; event: OrderEvent }[] | undefined;

function samplesWhere(pred: (e: OrderEvent) => boolean, count = 4): { match: string[]; noMatch: string[] } {
  workerOutput ??= sampleLines({ seed: 20260112, count: 400 }).map((line) => ({
    line,
    event: JSON.parse(line) as OrderEvent,
  }));
  const parsed = workerOutput;
  const match = parsed.filter((p) => pred(p.event)).slice(0, count);
  const noMatch = parsed.filter((p) => !pred(p.event));
  // one of each other event kind, so a too-broad pattern is caught whichever way it errs
  const kinds = new Map<string, string>();
  for (const p of noMatch) if (!kinds.has(p.event.event)) kinds.set(p.event.event, p.line);
  return { match: match.map((p) => p.line), noMatch: [...kinds.values(), "not json at all", ""] };
}

/** The order worker's metric filters (seed 000, phase 8, and what its dashboard needs). */
export function orderMetricFilters(): MetricFilterSpec[] {
  return [
    {
      name: "PaymentFailures",
      pattern: `{ $.event = "${OrderEventName.PAYMENT_FAILED}" }`,
      namespace: ORDER_NAMESPACE,
      samples: samplesWhere((e) => e.event === OrderEventName.PAYMENT_FAILED),
    },
    {
      name: "DelayedOrders",
      pattern: "{ $.processingTimeMs > 2000 }",
      namespace: ORDER_NAMESPACE,
      samples: samplesWhere((e) => e.processingTimeMs > 2000),
    },
    {
      name: "DuplicateOrders",
      pattern: `{ $.event = "${OrderEventName.DUPLICATE_ORDER}" }`,
      namespace: ORDER_NAMESPACE,
      samples: samplesWhere((e) => e.event === OrderEventName.DUPLICATE_ORDER),
    },
    {
      name: "OrdersProcessed",
      pattern: '{ $.orderId = "ORD-*" }',
      namespace: ORDER_NAMESPACE,
      samples: samplesWhere(() => true),
    },
    {
      name: "ProcessingTime",
      pattern: "{ $.processingTimeMs >= 0 }",
      namespace: ORDER_NAMESPACE,
      value: "$.processingTimeMs",
      unit: "Milliseconds",
      samples: samplesWhere((e) => e.processingTimeMs >= 0),
    },
  ];
}

/** The ten Logs Insights queries of seed 000, phase 5A. */
export const ORDER_QUERIES: QuerySpec[] = [
  {
    name: "recent-events",
    query:
      "fields @timestamp, event, customerId, amount, processingTimeMs\n| sort @timestamp desc\n| limit 20",
  },
  {
    name: "payment-failures",
    query: 'fields @timestamp, customerId, amount\n| filter event = "PAYMENT_FAILED"\n| sort @timestamp desc',
  },
  { name: "event-distribution", query: "stats count() by event" },
  {
    name: "failures-per-minute",
    query: 'filter event = "PAYMENT_FAILED"\n| stats count() as failures by bin(1m)',
  },
  { name: "orders-per-minute", query: "stats count() as orders by bin(1m)" },
  {
    name: "noisy-customers",
    query:
      'filter event = "PAYMENT_FAILED"\n| stats count() as failures by customerId\n| sort failures desc\n| limit 10',
  },
  {
    name: "latency-over-2s-per-minute",
    query: "filter processingTimeMs > 2000\n| stats avg(processingTimeMs) as avg_delay by bin(1m)",
  },
  {
    name: "worst-case-latency",
    query:
      "fields @timestamp, customerId, processingTimeMs\n| filter processingTimeMs > 3000\n| sort processingTimeMs desc\n| limit 10",
  },
  {
    name: "failure-threshold-validation",
    query: 'filter event = "PAYMENT_FAILED"\n| stats count() as failures by bin(1m)\n| filter failures >= 5',
  },
  {
    name: "failure-rate",
    query:
      'stats count(*) as total, sum(if(event = "PAYMENT_FAILED", 1, 0)) as failed by bin(1m)\n| fields bin(1m), (failed * 100.0) / total as failure_rate',
  },
];

/** Seed 000, phase 6: who contributes the payment failures. */
export const ORDER_CONTRIBUTOR_RULES: ContributorRuleSpec[] = [
  {
    name: "top-customers-payment-failures",
    keys: ["$.customerId"],
    filters: [{ match: "$.event", in: [OrderEventName.PAYMENT_FAILED] }],
    aggregateOn: "Count",
  },
];

/**
 * Seed 000, the order worker: its log pipeline (filters, queries, contributor rules, anomaly
 * detector), its alarms on the shared path, and the Fargate service that writes the logs.
 */
export function composeOrders(s: Settings, shared: Shared): SystemOutputs {
  const orders = new LogPipeline("orders", {
    logGroupName: ORDER_LOG_GROUP,
    ...shared.logDefaults,
    metricFilters: orderMetricFilters(),
    queries: ORDER_QUERIES,
    queryFolder: "smart-orders",
    contributorRules: ORDER_CONTRIBUTOR_RULES,
    anomalyDetection: { enabled: s.anomalyDetection },
  });

  const { alerting } = shared;
  alerting.addAlarm(filterAlarm("PaymentFailures", orders, "PaymentFailures", s.alarms.paymentFailures));
  if (s.alarms.delayedOrders)
    alerting.addAlarm(filterAlarm("DelayedOrders", orders, "DelayedOrders", s.alarms.delayedOrders));
  if (s.alarms.duplicateOrders)
    alerting.addAlarm(filterAlarm("DuplicateOrders", orders, "DuplicateOrders", s.alarms.duplicateOrders));

  const worker = s.orderWorker.enabled
    ? new OrderWorkerService("order-worker", {
        logGroupName: orders.logGroupName,
        logGroupArn: orders.logGroupArn,
        region: s["aws:region"],
        desiredCount: s.orderWorker.desiredCount,
        cpu: s.orderWorker.cpu,
        memory: s.orderWorker.memory,
        ratePerSecond: s.orderWorker.ratePerSecond,
        disposable: !s.protect,
        tags: shared.tags,
      })
    : undefined;

  const metricNames: Record<string, pulumi.Output<string>> = {};
  for (const [key, m] of Object.entries(orders.metrics)) metricNames[key] = pulumi.output(m.metric.name);
  return {
    logGroups: { orders },
    kmsKeyArns: { orderLogs: orders.kmsKeyArn },
    outputs: {
      metricNamespace: ORDER_NAMESPACE,
      metricNames,
      orderWorkerServiceName: worker ? worker.serviceName : NONE,
    },
  };
}
