"use strict";
/**
 * The order worker's monitoring written with aws-cdk-lib + cdk-monitoring-constructs, for
 * `npm run bench -- plan`: per stage (dev, prod) its encrypted log group, five metric filters, an
 * encrypted SNS topic with e-mail subscriptions and three alarms on the filters' metrics.
 * Run by `node bench/cdk-app.js <outdir>` with NODE_PATH pointing at the bench's package cache;
 * `app.synth()` writes the CloudFormation templates, as `cdk synth` does.
 */
const { App, Duration, RemovalPolicy, Stack } = require("aws-cdk-lib");
const cloudwatch = require("aws-cdk-lib/aws-cloudwatch");
const kms = require("aws-cdk-lib/aws-kms");
const logs = require("aws-cdk-lib/aws-logs");
const sns = require("aws-cdk-lib/aws-sns");
const subscriptions = require("aws-cdk-lib/aws-sns-subscriptions");
const { MonitoringFacade, SnsAlarmActionStrategy } = require("cdk-monitoring-constructs");

const NAMESPACE = "SmartOrders";
const FILTERS = [
  { name: "PaymentFailures", pattern: '{ $.event = "PAYMENT_FAILED" }' },
  { name: "DelayedOrders", pattern: "{ $.processingTimeMs > 2000 }" },
  { name: "DuplicateOrders", pattern: '{ $.event = "DUPLICATE_ORDER" }' },
  { name: "OrdersProcessed", pattern: '{ $.orderId = "ORD-*" }' },
  { name: "ProcessingTime", pattern: "{ $.processingTimeMs >= 0 }", value: "$.processingTimeMs" },
];
const ALARMS = [
  { metric: "PaymentFailures", threshold: 5, period: 60, evaluationPeriods: 1, datapointsToAlarm: 1 },
  { metric: "DelayedOrders", threshold: 10, period: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
  { metric: "DuplicateOrders", threshold: 20, period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
];
const STAGES = [
  { name: "dev", retention: logs.RetentionDays.ONE_WEEK, protect: false, emails: ["oncall-dev@example.com"] },
  {
    name: "prod",
    retention: logs.RetentionDays.ONE_MONTH,
    protect: true,
    emails: ["oncall@example.com", "sre-leads@example.com"],
  },
];

const app = new App({ outdir: process.argv[2] });
for (const stage of STAGES) {
  const stack = new Stack(app, `obskit-${stage.name}`, {
    env: { account: "123456789012", region: "eu-west-1" },
  });
  const removalPolicy = stage.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const logsKey = new kms.Key(stack, "OrdersKey", { enableKeyRotation: true, removalPolicy });
  const logGroup = new logs.LogGroup(stack, "OrdersLogs", {
    logGroupName: "/smart-orders/processor",
    retention: stage.retention,
    encryptionKey: logsKey,
    removalPolicy,
  });
  const metrics = {};
  for (const f of FILTERS) {
    const filter = new logs.MetricFilter(stack, `Filter${f.name}`, {
      logGroup,
      filterPattern: logs.FilterPattern.literal(f.pattern),
      metricNamespace: NAMESPACE,
      metricName: f.name,
      metricValue: f.value ?? "1",
    });
    metrics[f.name] = filter.metric({ statistic: "Sum" });
  }
  const topicKey = new kms.Key(stack, "AlertsKey", { enableKeyRotation: true, removalPolicy });
  const topic = new sns.Topic(stack, "AlertsTopic", { masterKey: topicKey });
  for (const email of stage.emails) topic.addSubscription(new subscriptions.EmailSubscription(email));

  const monitoring = new MonitoringFacade(stack, "Monitoring", {
    alarmFactoryDefaults: {
      alarmNamePrefix: stage.name,
      actionsEnabled: true,
      action: new SnsAlarmActionStrategy({ onAlarmTopic: topic }),
    },
  });
  monitoring.monitorCustom({
    alarmFriendlyName: "OrderWorker",
    metricGroups: [
      {
        title: "Order worker",
        metrics: ALARMS.map((a) => ({
          metric: metrics[a.metric].with({ period: Duration.seconds(a.period) }),
          alarmFriendlyName: a.metric,
          addAlarm: {
            Critical: {
              threshold: a.threshold,
              comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
              treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
              evaluationPeriods: a.evaluationPeriods,
              datapointsToAlarm: a.datapointsToAlarm,
              period: Duration.seconds(a.period),
            },
          },
        })),
      },
    ],
  });
}
const assembly = app.synth();
process.stdout.write(
  `${JSON.stringify(assembly.stacks.map((s) => ({ stack: s.stackName, resources: Object.keys(s.template.Resources).length })))}\n`,
);
