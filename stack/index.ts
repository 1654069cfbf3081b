import * as pulumi from "@pulumi/pulumi";
import { AlertingPath, LogPipeline, ProcessingPath, type AlarmSpec } from "../components";
import { LogAnalyzerService } from "../apps/log-analyzer/deploy";
import { OrderWorkerService } from "../apps/order-worker/deploy";
import { deployTestEmitter } from "../apps/test-emitter/deploy";
import {
  ORDER_CONTRIBUTOR_RULES,
  ORDER_LOG_GROUP,
  ORDER_NAMESPACE,
  ORDER_QUERIES,
  orderMetricFilters,
} from "./orders";
import { ANALYZER_QUERIES } from "./analyzer";
import { REALTIME_NAMESPACE, REALTIME_QUERIES, realtimeMetricFilters } from "./realtime";
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
  const prefix = s.environment;
  // what every log group of the stack shares
  const logDefaults = { retentionInDays: s.logRetentionDays, logClass: s.logClass, protect: s.protect, tags };

  const orders = new LogPipeline("orders", {
    logGroupName: ORDER_LOG_GROUP,
    ...logDefaults,
    metricFilters: orderMetricFilters(),
    queries: ORDER_QUERIES,
    queryFolder: "smart-orders",
    contributorRules: ORDER_CONTRIBUTOR_RULES,
    anomalyDetection: { enabled: s.anomalyDetection },
  });

  const rt = s.realtime;
  const errors = rt.enabled
    ? new LogPipeline("errors", {
        logGroupName: rt.sourceLogGroup,
        ...logDefaults,
        metricFilters: realtimeMetricFilters(),
        queries: REALTIME_QUERIES,
        queryFolder: "realtime",
      })
    : undefined;

  type Threshold = Settings["alarms"]["paymentFailures"];
  const alarm = (name: string, pipeline: LogPipeline, filter: string, c: Threshold): AlarmSpec => ({
    name,
    metric: pipeline.metric(filter).with({ periodSeconds: c.periodSeconds }),
    threshold: c.threshold,
    comparison: ">=",
    evaluationPeriods: c.evaluationPeriods,
    datapointsToAlarm: c.datapointsToAlarm,
    treatMissingData: "notBreaching",
  });
  const alarms: AlarmSpec[] = [alarm("PaymentFailures", orders, "PaymentFailures", s.alarms.paymentFailures)];
  if (s.alarms.delayedOrders)
    alarms.push(alarm("DelayedOrders", orders, "DelayedOrders", s.alarms.delayedOrders));
  if (s.alarms.duplicateOrders)
    alarms.push(alarm("DuplicateOrders", orders, "DuplicateOrders", s.alarms.duplicateOrders));
  if (errors) alarms.push(alarm("ErrorCount", errors, "ErrorCount", rt.errorAlarm));

  const alerting = new AlertingPath("alerts", {
    emails: s.alertEmails,
    alarms,
    alarmNamePrefix: prefix,
    protect: s.protect,
    tags,
  });

  const processing = errors
    ? new ProcessingPath("incidents", {
        source: errors,
        alerting,
        functionName: `${prefix}-log-processor`,
        memoryMb: rt.memoryMb,
        timeoutSeconds: rt.timeoutSeconds,
        reservedConcurrency: rt.reservedConcurrency,
        incidentTtlDays: rt.incidentTtlDays,
        notifyMinSeverity: rt.notifyMinSeverity,
        logRetentionDays: s.logRetentionDays,
        protect: s.protect,
        tags,
      })
    : undefined;
  // Seed 002's emitter writes into the source group. Parented to the path, as it was when the path
  // declared it, so its URNs are unchanged.
  const emitter =
    errors && processing && rt.testEmitter
      ? deployTestEmitter("incidents-emitter", { target: errors, tags }, { parent: processing })
      : undefined;

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
        tags,
      })
    : undefined;

  const az = s.analyzer;
  const analyzerLogs = az.enabled
    ? new LogPipeline("analyzer-logs", {
        logGroupName: "/log-analyzer/service",
        ...logDefaults,
        queries: ANALYZER_QUERIES,
        queryFolder: "log-analyzer",
      })
    : undefined;
  const analyzer = analyzerLogs
    ? new LogAnalyzerService("analyzer", {
        logs: analyzerLogs,
        alerting,
        prefix: az.prefix,
        errorThreshold: az.errorThreshold,
        schedule: az.schedule,
        http5xxThreshold: az.http5xxThreshold,
        exposure: az.exposure,
        certificateArn: az.certificateArn,
        originDomainName: az.originDomainName,
        desiredCount: az.desiredCount,
        cpu: az.cpu,
        memory: az.memory,
        protect: s.protect,
        tags,
      })
    : undefined;

  const metricNames: Record<string, pulumi.Output<string>> = {};
  for (const [key, m] of Object.entries(orders.metrics)) metricNames[key] = pulumi.output(m.metric.name);
  const none = pulumi.output("");

  return {
    environment: s.environment,
    region: s["aws:region"],
    logGroupNames: {
      orders: orders.logGroupName,
      ...(errors ? { errors: errors.logGroupName, processor: processing!.logs.logGroupName } : {}),
      ...(analyzerLogs ? { analyzer: analyzerLogs.logGroupName } : {}),
    },
    logGroupArns: {
      orders: orders.logGroupArn,
      ...(errors ? { errors: errors.logGroupArn, processor: processing!.logs.logGroupArn } : {}),
      ...(analyzerLogs ? { analyzer: analyzerLogs.logGroupArn } : {}),
    },
    metricNamespace: ORDER_NAMESPACE,
    metricNames,
    // every alarm of the stack, the systems' own included (added through the path)
    alarmNames: { ...alerting.alarmNames },
    alarmArns: { ...alerting.alarmArns },
    alertTopicArn: alerting.topicArn,
    realtimeMetricNamespace: REALTIME_NAMESPACE,
    kmsKeyArns: {
      orderLogs: orders.kmsKeyArn,
      alertTopic: alerting.kmsKeyArn,
      ...(errors ? { errorLogs: errors.kmsKeyArn } : {}),
    },
    orderWorkerServiceName: worker ? worker.serviceName : none,
    incidentsTableName: processing ? processing.tableName : none,
    processorFunctionName: processing ? processing.functionName : none,
    deadLetterQueueUrl: processing ? processing.deadLetterQueueUrl : none,
    processorBundleBytes: processing ? processing.bundleBytes : 0,
    testEmitterFunctionName: emitter ? emitter.functionName : none,
    analyzerUrl: analyzer ? analyzer.url : none,
    analyzerBucketName: analyzer ? analyzer.bucketName : none,
    analyzerServiceName: analyzer ? analyzer.serviceName : none,
    analyzerScheduledFunctionName: analyzer ? analyzer.scheduledFunctionName : none,
    analyzerMetric: analyzer
      ? { namespace: analyzer.errorMetric.namespace, name: analyzer.errorMetric.name }
      : { namespace: "", name: "" },
  };
}
