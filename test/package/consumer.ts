/**
 * The program of the consumer test's temporary project (copied there as `program.ts`, next to a
 * `leaks.ts` that must not compile): it composes every component through the package's public
 * entry only, exactly as another repository would. Not compiled by this repository's tsc (the
 * `@obskit/components` import resolves only in the temporary project).
 */
export const CONSUMER_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import {
  AlertingPath,
  AuditTrail,
  Dashboard,
  LogPipeline,
  LogsKey,
  Metric,
  ObskitArgsError,
  ProcessingPath,
  VERSION,
  type LogPipelineArgs,
} from "@obskit/components";

const LINE = '{"level":"ERROR","service":"orders","event":"PAYMENT_FAILED","orderId":"ORD-1"}';
const OK = '{"level":"INFO","service":"orders","event":"ORDER_PROCESSED","orderId":"ORD-2"}';

export function compose(): Record<string, pulumi.Input<unknown>> {
  const key = new LogsKey("logs", { logGroupNames: ["/shop/orders"] });
  const args: LogPipelineArgs = {
    logGroupName: "/shop/orders",
    retentionInDays: 30,
    kmsKeyArn: key.arn,
    metricFilters: [
      {
        name: "PaymentFailures",
        pattern: '{ $.event = "PAYMENT_FAILED" }',
        namespace: "Shop",
        samples: { match: [LINE], noMatch: [OK] },
      },
    ],
    queries: [{ name: "errors", query: "fields @timestamp, @message | filter level = 'ERROR'" }],
  };
  const orders = new LogPipeline("orders", args);
  const alerts = new AlertingPath("alerts", {
    emails: ["oncall@example.com"],
    alarms: [{ name: "PaymentFailures", metric: orders.metric("PaymentFailures"), threshold: 5 }],
  });
  const lambdaErrors = new Metric({ namespace: "AWS/Lambda", name: "Errors", dimensions: { FunctionName: "fn" } });
  alerts.addAlarm({ name: "LambdaErrors", metric: lambdaErrors, threshold: 1 }, { key: "lambda", parent: alerts });
  const incidents = new ProcessingPath("incidents", { source: orders, alerting: alerts, functionName: "shop-incidents" });
  const audit = new AuditTrail("audit", { trailName: "shop-audit", alerting: alerts });
  const dashboard = new Dashboard("ops", {
    dashboardName: "shop-ops",
    sections: [
      {
        title: "Orders",
        widgets: [
          { kind: "graph", title: "Payment failures", metrics: [orders.metric("PaymentFailures")] },
          { kind: "alarms", title: "Alarms", alarms: [alerts.alarms.PaymentFailures] },
        ],
      },
    ],
  });

  let rejected = "";
  try {
    new LogPipeline("bad", { logGroupName: "" });
  } catch (error) {
    if (error instanceof ObskitArgsError) rejected = error.name;
  }

  return {
    version: VERSION,
    versions: {
      LogsKey: key.version,
      LogPipeline: orders.version,
      AlertingPath: alerts.version,
      ProcessingPath: incidents.version,
      AuditTrail: audit.version,
      Dashboard: dashboard.version,
    },
    topicArn: alerts.topicArn,
    logGroupName: orders.logGroupName,
    incidentsTable: incidents.tableName,
    trailName: audit.trailName,
    dashboardUrl: dashboard.url,
    rejected,
  };
}
`;

/** Deep imports a consumer must not be able to make (each must fail to resolve). */
export const DEEP_IMPORTS = [
  "@obskit/components/index",
  "@obskit/components/index.js",
  "@obskit/components/logPipeline",
  "@obskit/components/logPipeline/logPipeline",
  "@obskit/components/shared/lambdaCode",
  "@obskit/components/filterPattern",
  "@obskit/components/assets/manifest.json",
  "@obskit/components/src/index",
  "@obskit/components/src/metric.ts",
];

/** A file importing each of `DEEP_IMPORTS`: type-checking it must report each as not found. */
export const LEAKS_PROGRAM = DEEP_IMPORTS.map(
  (m, i) => `import * as deep${i} from "${m}";\nvoid deep${i};\n`,
).join("");

/** Constructs a component by type token name from plain args, returning its outputs. */
export type Construct = (type: string, name: string, args: object) => Promise<Record<string, unknown>>;

/**
 * What a Python, Go, .NET, Java or YAML program sends: every component, its args as plain data
 * (the schema's camelCase names, enum values as strings, metrics as `{ namespace, name, … }`,
 * another component as the outputs it needs), chained through outputs like a real program.
 */
export async function otherLanguageProgram(construct: Construct): Promise<void> {
  const key = await construct("LogsKey", "logs", { logGroupNames: ["/shop/orders"] });
  const orders = await construct("LogPipeline", "orders", {
    logGroupName: "/shop/orders",
    retentionInDays: 30,
    logClass: "STANDARD",
    kmsKeyArn: key.arn,
    metricFilters: [
      {
        name: "PaymentFailures",
        pattern: '{ $.event = "PAYMENT_FAILED" }',
        namespace: "Shop",
        unit: "Count",
        samples: {
          match: ['{"level":"ERROR","event":"PAYMENT_FAILED","orderId":"ORD-1"}'],
          noMatch: ['{"level":"INFO","event":"ORDER_PROCESSED","orderId":"ORD-2"}'],
        },
      },
    ],
    contributorRules: [
      {
        name: "top-customers",
        keys: ["$.customerId"],
        filters: [{ match: "$.event", in: ["PAYMENT_FAILED"] }],
      },
    ],
    anomalyDetection: { enabled: true, evaluationFrequency: "FIFTEEN_MIN" },
  });
  const failures = { namespace: "Shop", name: "PaymentFailures", statistic: "Sum", periodSeconds: 60 };
  const alerts = await construct("AlertingPath", "alerts", {
    emails: ["oncall@example.com"],
    subscriptions: [{ protocol: "https", endpoint: "https://hooks.example.com/obskit" }],
    alarms: [
      {
        name: "PaymentFailures",
        metric: failures,
        threshold: 5,
        comparison: ">=",
        treatMissingData: "notBreaching",
      },
    ],
    anomalyAlarms: [{ name: "PaymentFailuresUnusual", metric: failures, direction: "above" }],
    metricMathAlarms: [
      {
        name: "FailureShare",
        metrics: { f: failures, t: { namespace: "Shop", name: "Orders", periodSeconds: 60 } },
        expression: "100 * f / t",
        threshold: 10,
      },
    ],
    compositeAlarms: [{ name: "Payments", alarms: ["PaymentFailures", "FailureShare"], when: "any" }],
  });
  const alerting = { topicArn: alerts.topicArn, kmsKeyArn: alerts.kmsKeyArn };
  await construct("ProcessingPath", "incidents", {
    source: { logGroupName: orders.logGroupName, logGroupArn: orders.logGroupArn },
    alerting,
    functionName: "shop-incidents",
    minSeverity: "ERROR",
    notifyMinSeverity: "CRITICAL",
  });
  await construct("AuditTrail", "audit", {
    trailName: "shop-audit",
    s3DataEvents: "none",
    lambdaDataEventArns: ["arn:aws:lambda:eu-west-1:111122223333:function:shop-incidents"],
    bucket: { transitionStorageClass: "GLACIER_IR", objectLock: { mode: "GOVERNANCE", days: 30 } },
    cisControls: { "organizations-changes": false },
    alerting: { ...alerting, alarmNamePrefix: "alerts" },
  });
  const alarmArns = alerts.alarmArns as Record<string, unknown>;
  await construct("Dashboard", "ops", {
    dashboardName: "shop-ops",
    periodOverride: "inherit",
    sections: [
      {
        title: "Orders",
        widgets: [
          {
            kind: "graph",
            title: "Payment failures",
            metrics: [{ ...failures, label: "failures" }],
            view: "bar",
          },
          {
            kind: "graph",
            title: "Failure share",
            metrics: [
              { metric: failures, id: "f", visible: false },
              { metric: { namespace: "Shop", name: "Orders" }, id: "t", visible: false },
              { expression: "100 * f / t", label: "% failed", yAxis: "right" },
            ],
          },
          {
            kind: "alarms",
            title: "Alarms",
            alarms: [{ arn: alarmArns.PaymentFailures }, { arn: alarmArns.Payments }],
          },
          {
            kind: "query",
            title: "Errors",
            queryString: "fields @timestamp, @message | filter level = 'ERROR'",
            logs: [{ logGroupName: orders.logGroupName }],
            view: "table",
          },
          {
            kind: "text",
            markdown: "Runbook: https://runbooks.example.com/orders",
            background: "transparent",
          },
        ],
      },
    ],
  });
}
