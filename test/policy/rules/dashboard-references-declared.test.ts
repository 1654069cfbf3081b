import { expect } from "chai";
import { EMPTY_CONTEXT, evaluate, EMITS_TAG, RULES, type ResourceView } from "../../../policy/rules";
import { dashboardReferencesDeclared } from "../../../policy/rules/dashboard-references-declared";

const r = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({
  type,
  name,
  urn: `urn:pulumi:t::p::${type}::${name}`,
  props,
});
const ALARM_ARN = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:dev-PaymentFailures";

function dashboard(widgets: unknown[]): ResourceView {
  return r("aws:cloudwatch/dashboard:Dashboard", "dash", {
    dashboardName: "dev-orders",
    dashboardBody: JSON.stringify({ widgets }),
  });
}
const graph = (title: string, metrics: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "metric",
  x: 0,
  y: 0,
  width: 6,
  height: 6,
  properties: { title, region: "eu-west-1", metrics, ...extra },
});

/** A stack whose dashboard shows only what it declares; each test changes one thing. */
function stack(widgets: unknown[] = compliantWidgets()): ResourceView[] {
  return [
    r("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/smart-orders/processor" }),
    r("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter", {
      metricTransformation: { namespace: "SmartOrders", name: "PaymentFailures", value: "1" },
    }),
    r("aws:lambda/function:Function", "fn", {
      name: "dev-log-processor",
      tags: { [EMITS_TAG]: "obskit/Processor/IncidentsStored" },
    }),
    r("aws:sqs/queue:Queue", "dlq", { name: "incidents-dlq-1234567" }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { name: "dev-PaymentFailures", arn: ALARM_ARN }),
    r("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "rule", { ruleName: "orders-top" }),
    dashboard(widgets),
  ];
}

function compliantWidgets(): unknown[] {
  return [
    graph("failures", [["SmartOrders", "PaymentFailures", { stat: "Sum" }]], {
      annotations: { alarms: [ALARM_ARN] },
    }),
    graph("rate", [
      ["SmartOrders", "PaymentFailures", { id: "f" }],
      [".", ".", { id: "g" }],
      [{ expression: "f + g", id: "e", label: "sum" }],
    ]),
    graph("incidents", [["obskit/Processor", "IncidentsStored", "service", "dev-log-processor"]]),
    graph("dead letters", [
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "incidents-dlq-1234567"],
    ]),
    graph("lambda", [["AWS/Lambda", "Errors", "FunctionName", "dev-log-processor"]]),
    graph("top", [], { metrics: undefined, insightRule: { ruleName: "orders-top" } }),
    {
      type: "log",
      properties: {
        region: "eu-west-1",
        title: "recent",
        query: "SOURCE '/smart-orders/processor' | fields @message",
      },
    },
    { type: "alarm", properties: { title: "alarms", alarms: [ALARM_ARN] } },
    { type: "text", properties: { markdown: "## Orders" } },
  ];
}

const messages = (resources: ResourceView[]) =>
  dashboardReferencesDeclared.check(resources, EMPTY_CONTEXT).map((v) => v.message);

describe("policy rule dashboard-references-declared", () => {
  it("is registered in the pack, mandatory", () => {
    expect(RULES).to.include(dashboardReferencesDeclared);
    const bad = stack([graph("typo", [["SmartOrders", "PaymentFailure"]])]);
    expect(
      evaluate(bad)
        .filter((v) => v.urn.endsWith("::dash"))
        .map((v) => [v.policy, v.level, v.urn]),
    ).to.deep.equal([
      [
        "dashboard-references-declared",
        "mandatory",
        "urn:pulumi:t::p::aws:cloudwatch/dashboard:Dashboard::dash",
      ],
    ]);
  });

  it("accepts a dashboard of declared metrics, log groups, alarms, rules and native metrics of declared resources", () => {
    expect(messages(stack())).to.deep.equal([]);
  });

  it("reports a custom metric nothing in the stack publishes", () => {
    expect(messages(stack([graph("typo", [["SmartOrders", "PaymentFailure"]])]))).to.deep.equal([
      'dashboard dev-orders, widget 0 "typo": shows metric SmartOrders/PaymentFailure, which no metric filter or obskit:emits resource of this stack publishes.',
    ]);
  });

  it("reports a native metric of a resource the stack does not declare, or of no resource", () => {
    expect(
      messages(
        stack([
          graph("other queue", [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "someone-elses-queue"],
          ]),
          graph("account", [["AWS/Logs", "IncomingBytes"]]),
        ]),
      ),
    ).to.deep.equal([
      'dashboard dev-orders, widget 0 "other queue": shows native metric AWS/SQS/ApproximateNumberOfMessagesVisible of QueueName=someone-elses-queue, which is no resource of this stack nor watched by an alarm of it.',
      'dashboard dev-orders, widget 1 "account": shows native metric AWS/Logs/IncomingBytes without a dimension naming a resource of this stack.',
    ]);
  });

  describe("resources deployed elsewhere that the stack monitors (the platform monitoring module)", () => {
    const lambdaArn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:dev-platform-lambda-errors-ext";
    /** The stack alarms on a function, an API stage and (in a math alarm) a DMS task it does not declare. */
    const monitoring = (widgets: unknown[]) => [
      ...stack(widgets),
      r("aws:cloudwatch/metricAlarm:MetricAlarm", "ext-errors", {
        name: "dev-platform-lambda-errors-ext",
        arn: lambdaArn,
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: "ext-service" },
      }),
      r("aws:cloudwatch/metricAlarm:MetricAlarm", "api-5xx", {
        name: "dev-platform-apigateway-5xx",
        namespace: "AWS/ApiGateway",
        metricName: "5XXError",
        dimensions: { Stage: "dev", ApiName: "shop-api" },
      }),
      r("aws:cloudwatch/metricAlarm:MetricAlarm", "dms-lag", {
        name: "dev-dms-lag",
        metricQueries: [
          {
            id: "lag",
            metric: {
              namespace: "AWS/DMS",
              metricName: "CDCLatencyTarget",
              dimensions: { ReplicationInstanceIdentifier: "ri", ReplicationTaskIdentifier: "task" },
            },
          },
          { id: "e", expression: "lag / 60", returnData: true },
        ],
      }),
    ];

    it("accepts their other native metrics: same namespace, same dimensions as an alarm of the stack", () => {
      expect(
        messages(
          monitoring([
            graph("lambda", [
              ["AWS/Lambda", "Invocations", "FunctionName", "ext-service"],
              [".", "Duration", ".", ".", { stat: "p99" }],
            ]),
            graph("api", [["AWS/ApiGateway", "Latency", "ApiName", "shop-api", "Stage", "dev"]]),
            graph("dms", [
              [
                "AWS/DMS",
                "CDCLatencySource",
                "ReplicationTaskIdentifier",
                "task",
                "ReplicationInstanceIdentifier",
                "ri",
              ],
            ]),
          ]),
        ),
      ).to.deep.equal([]);
    });

    it("reports another function, another stage, another namespace or a partial dimension set", () => {
      expect(
        messages(
          monitoring([
            graph("other fn", [["AWS/Lambda", "Invocations", "FunctionName", "someone-elses-function"]]),
            graph("other stage", [["AWS/ApiGateway", "Latency", "ApiName", "shop-api", "Stage", "prod"]]),
            graph("other ns", [["AWS/States", "ExecutionsFailed", "FunctionName", "ext-service"]]),
            graph("partial", [["AWS/DMS", "CDCLatencySource", "ReplicationInstanceIdentifier", "ri"]]),
          ]),
        ),
      ).to.deep.equal([
        'dashboard dev-orders, widget 0 "other fn": shows native metric AWS/Lambda/Invocations of FunctionName=someone-elses-function, which is no resource of this stack nor watched by an alarm of it.',
        'dashboard dev-orders, widget 1 "other stage": shows native metric AWS/ApiGateway/Latency of ApiName=shop-api, which is no resource of this stack nor watched by an alarm of it.',
        'dashboard dev-orders, widget 2 "other ns": shows native metric AWS/States/ExecutionsFailed of FunctionName=ext-service, which is no resource of this stack nor watched by an alarm of it.',
        'dashboard dev-orders, widget 3 "partial": shows native metric AWS/DMS/CDCLatencySource of ReplicationInstanceIdentifier=ri, which is no resource of this stack nor watched by an alarm of it.',
      ]);
    });
  });

  it("reports a log group, an alarm and a Contributor Insights rule the stack does not declare", () => {
    const other = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-PaymentFailures";
    expect(
      messages(
        stack([
          {
            type: "log",
            properties: {
              region: "r",
              title: "q",
              query: "SOURCE '/smart-orders/processor' | SOURCE '/other' | limit 5",
            },
          },
          { type: "alarm", properties: { title: "a", alarms: [ALARM_ARN, other] } },
          graph("ann", [["SmartOrders", "PaymentFailures"]], { annotations: { alarms: [other] } }),
          graph("top", [], { metrics: undefined, insightRule: { ruleName: "gone" } }),
        ]),
      ),
    ).to.deep.equal([
      'dashboard dev-orders, widget 0 "q": queries log group /other, which is no log group of this stack.',
      `dashboard dev-orders, widget 1 "a": shows alarm ${other}, which is no alarm of this stack.`,
      `dashboard dev-orders, widget 2 "ann": annotates alarm ${other}, which is no alarm of this stack.`,
      'dashboard dev-orders, widget 3 "top": shows Contributor Insights rule gone, which is no rule of this stack.',
    ]);
  });

  it("reports a search expression over a namespace the stack publishes nothing in", () => {
    const search = (ns: string) => [
      [{ expression: `SEARCH('{${ns},service} MetricName="X"', 'Sum', 60)`, id: "s" }],
    ];
    expect(
      messages(stack([graph("s", search("SmartOrders")), graph("t", search("Elsewhere"))])),
    ).to.deep.equal([
      'dashboard dev-orders, widget 1 "t": searches the namespace Elsewhere, in which this stack publishes no metric.',
    ]);
  });

  it("skips a body not known yet (a preview of a new stack)", () => {
    const resources = stack();
    resources[resources.length - 1] = r("aws:cloudwatch/dashboard:Dashboard", "dash", { dashboardName: "d" });
    expect(messages(resources)).to.deep.equal([]);
  });
});
