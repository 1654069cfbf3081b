import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import {
  Dashboard,
  LogPipeline,
  type ContributorRuleSpec,
  type DashboardSection,
  type MetricFilterSpec,
  type QuerySpec,
} from "../components";
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

function samplesWhere(
  pred: (e: OrderEvent) => boolean,
  count = 4,
  boundary: { processingTimeMs?: number[] } = {},
): { match: string[]; noMatch: string[] } {
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
  // a real line at each value around a threshold, classified by the predicate: moving the
  // pattern's threshold by one step then changes how one of them is matched
  const pinned = (boundary.processingTimeMs ?? []).map((ms) => {
    const base = parsed.find((p) => p.event.event === OrderEventName.ORDER_PROCESSED) ?? parsed[0];
    const event = { ...base.event, processingTimeMs: ms };
    return { line: JSON.stringify(event), event };
  });
  return {
    match: [...match.map((p) => p.line), ...pinned.filter((p) => pred(p.event)).map((p) => p.line)],
    noMatch: [
      ...kinds.values(),
      ...pinned.filter((p) => !pred(p.event)).map((p) => p.line),
      "not json at all",
      "",
    ],
  };
}

/** One step below, at and above a threshold: where samples must sit to pin it. */
const around = (threshold: number): number[] => [threshold - 1, threshold, threshold + 1];

/** The order worker's metric filters (its design's phase 8, and what its dashboard needs). */
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
      samples: samplesWhere((e) => e.processingTimeMs > 2000, 4, { processingTimeMs: around(2000) }),
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
      samples: samplesWhere((e) => e.processingTimeMs >= 0, 4, { processingTimeMs: around(0) }),
    },
  ];
}

/** The ten Logs Insights queries of the order worker's design, phase 5A. */
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

/** The order worker's design, phase 6: who contributes the payment failures. */
export const ORDER_CONTRIBUTOR_RULES: ContributorRuleSpec[] = [
  {
    name: "top-customers-payment-failures",
    keys: ["$.customerId"],
    filters: [{ match: "$.event", in: [OrderEventName.PAYMENT_FAILED] }],
    aggregateOn: "Count",
  },
];

/**
 * The order worker's single pane in its three parts: health & traffic, incident & customer impact,
 * performance & forensics. Every widget reads the pipeline's metrics, saved queries and
 * contributor rule and the alarms' own thresholds, so nothing here is retyped.
 */
export function orderDashboard(
  orders: LogPipeline,
  alarms: { payment: aws.cloudwatch.MetricAlarm; others: aws.cloudwatch.MetricAlarm[] },
): DashboardSection[] {
  const m = (name: string) => orders.metric(name);
  const q = orders.queries;
  return [
    {
      title: "Health & traffic",
      description: "Orders and events per minute, and how the events are distributed.",
      widgets: [
        {
          kind: "graph",
          title: "Orders per minute",
          metrics: [m("OrdersProcessed")],
          view: "singleValue",
          sparkline: true,
        },
        {
          kind: "graph",
          title: "Orders and events per minute",
          metrics: [m("OrdersProcessed"), m("PaymentFailures"), m("DuplicateOrders"), m("DelayedOrders")],
          width: 12,
        },
        { kind: "query", title: "Event distribution", query: q["event-distribution"], view: "pie", width: 6 },
        {
          kind: "query",
          title: "Order volume (Logs Insights)",
          query: q["orders-per-minute"],
          view: "timeSeries",
        },
        { kind: "query", title: "Recent events", query: q["recent-events"] },
      ],
    },
    {
      title: "Incident & customer impact",
      description:
        "Payment failures against their alarm, the failure rate as an SLO-style percentage, and who is affected.",
      widgets: [
        {
          kind: "graph",
          title: "Payment failures per minute",
          metrics: [m("PaymentFailures")],
          alarmThresholds: [alarms.payment],
        },
        {
          kind: "graph",
          title: "Payment failure rate (%)",
          metrics: [
            { metric: m("PaymentFailures"), id: "failed", visible: false },
            { metric: m("OrdersProcessed"), id: "total", visible: false },
            { expression: "100 * failed / total", id: "rate", label: "failure rate %" },
          ],
          yAxis: { left: { min: 0, label: "%", showUnits: false } },
        },
        { kind: "alarms", title: "Alarm status", alarms: [alarms.payment, ...alarms.others], width: 8 },
        {
          kind: "contributors",
          title: "Top customers by payment failures",
          rule: orders.contributorRules["top-customers-payment-failures"],
        },
        { kind: "query", title: "Noisy customers", query: q["noisy-customers"], view: "bar" },
        { kind: "query", title: "Recent payment failures", query: q["payment-failures"], width: 24 },
      ],
    },
    {
      title: "Performance & forensics",
      description: "Processing latency, delayed orders and the worst cases.",
      widgets: [
        {
          kind: "graph",
          title: "Processing time: average and p99",
          metrics: [
            { metric: m("ProcessingTime").with({ statistic: "Average" }), label: "average" },
            { metric: m("ProcessingTime").with({ statistic: "p99" }), label: "p99" },
          ],
          yAxis: { left: { min: 0, label: "ms", showUnits: false } },
          width: 12,
        },
        {
          kind: "graph",
          title: "Delayed orders (> 2 s)",
          metrics: [m("DelayedOrders")],
          view: "bar",
          width: 12,
        },
        {
          kind: "query",
          title: "Latency over 2 s per minute",
          query: q["latency-over-2s-per-minute"],
          view: "timeSeries",
        },
        { kind: "query", title: "Worst-case orders", query: q["worst-case-latency"] },
      ],
    },
  ];
}

/**
 * The order worker: its log pipeline (filters, queries, contributor rules, anomaly
 * detector), its alarms on the shared path, and the Fargate service that writes the logs.
 */
export function composeOrders(
  s: Settings,
  shared: Shared,
): SystemOutputs<"metricNamespace" | "metricNames" | "orderWorkerServiceName"> {
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
  const paymentAlarm = alerting.addAlarm(
    filterAlarm("PaymentFailures", orders, "PaymentFailures", s.alarms.paymentFailures),
  );
  const delayedAlarm = s.alarms.delayedOrders
    ? alerting.addAlarm(filterAlarm("DelayedOrders", orders, "DelayedOrders", s.alarms.delayedOrders))
    : undefined;
  const duplicateAlarm = s.alarms.duplicateOrders
    ? alerting.addAlarm(filterAlarm("DuplicateOrders", orders, "DuplicateOrders", s.alarms.duplicateOrders))
    : undefined;
  const dashboard = new Dashboard("orders-dashboard", {
    dashboardName: `${shared.prefix}-smart-orders`,
    sections: orderDashboard(orders, {
      payment: paymentAlarm,
      others: [delayedAlarm, duplicateAlarm].filter((a) => a !== undefined),
    }),
  });

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
    dashboards: { orders: dashboard },
    kmsKeyArns: { orderLogs: orders.kmsKeyArn },
    outputs: {
      metricNamespace: ORDER_NAMESPACE,
      metricNames,
      orderWorkerServiceName: worker ? worker.serviceName : NONE,
    },
  };
}
