import * as pulumi from "@pulumi/pulumi";
import { AlertingPath, LogPipeline, type AlarmSpec } from "../components";
import { OrderWorkerService } from "../apps/order-worker/deploy";
import { ORDER_CONTRIBUTOR_RULES, ORDER_LOG_GROUP, ORDER_NAMESPACE, ORDER_QUERIES, orderMetricFilters } from "./orders";
import { parseSettings, type Settings } from "./settings";

export { parseSettings, ConfigError, type Settings } from "./settings";

/** Reads and validates the running stack's config (before any resource is declared). */
export function loadSettings(): Settings {
  return parseSettings(pulumi.runtime.allConfig());
}

/**
 * The obskit stack: composes the components for the apps from validated settings and returns the
 * stack outputs. Every per-stage difference comes from `settings`.
 */
export function createStack(s: Settings) {
  const tags = { environment: s.environment, "managed-by": "pulumi", ...s.tags };
  const prefix = `${s.environment}`;

  const orders = new LogPipeline(`${prefix}-orders`, {
    logGroupName: ORDER_LOG_GROUP,
    retentionInDays: s.logRetentionDays,
    logClass: s.logClass,
    metricFilters: orderMetricFilters(),
    queries: ORDER_QUERIES,
    queryFolder: "smart-orders",
    contributorRules: ORDER_CONTRIBUTOR_RULES,
    anomalyDetection: { enabled: s.anomalyDetection },
    protect: s.protect,
    tags,
  });

  const alarm = (name: string, filter: string, c: Settings["alarms"]["paymentFailures"]): AlarmSpec => ({
    name,
    metric: orders.metric(filter).with({ periodSeconds: c.periodSeconds }),
    threshold: c.threshold,
    comparison: ">=",
    evaluationPeriods: c.evaluationPeriods,
    datapointsToAlarm: c.datapointsToAlarm,
    treatMissingData: "notBreaching",
  });
  const alarms: AlarmSpec[] = [alarm("PaymentFailures", "PaymentFailures", s.alarms.paymentFailures)];
  if (s.alarms.delayedOrders) alarms.push(alarm("DelayedOrders", "DelayedOrders", s.alarms.delayedOrders));
  if (s.alarms.duplicateOrders) alarms.push(alarm("DuplicateOrders", "DuplicateOrders", s.alarms.duplicateOrders));

  const alerting = new AlertingPath(`${prefix}-alerts`, {
    emails: s.alertEmails,
    alarms,
    alarmNamePrefix: `${prefix}-smart-orders`,
    protect: s.protect,
    tags,
  });

  const worker = s.orderWorker.enabled
    ? new OrderWorkerService(`${prefix}-order-worker`, {
        logGroupName: orders.logGroupName,
        logGroupArn: orders.logGroupArn,
        region: s["aws:region"],
        desiredCount: s.orderWorker.desiredCount,
        cpu: s.orderWorker.cpu,
        memory: s.orderWorker.memory,
        ratePerSecond: s.orderWorker.ratePerSecond,
        disposable: !s.protect,
        tags,
      })
    : undefined;

  const metricNames: Record<string, pulumi.Output<string>> = {};
  for (const [key, m] of Object.entries(orders.metrics)) metricNames[key] = pulumi.output(m.metric.name);

  return {
    environment: s.environment,
    region: s["aws:region"],
    logGroupNames: { orders: orders.logGroupName },
    logGroupArns: { orders: orders.logGroupArn },
    metricNamespace: ORDER_NAMESPACE,
    metricNames,
    alarmNames: alerting.alarmNames,
    alarmArns: alerting.alarmArns,
    alertTopicArn: alerting.topicArn,
    kmsKeyArns: { orderLogs: orders.kmsKeyArn, alertTopic: alerting.kmsKeyArn },
    orderWorkerServiceName: worker ? worker.serviceName : pulumi.output(""),
  };
}
