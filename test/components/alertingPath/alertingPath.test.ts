import { expect } from "chai";
import { AlertingPath, LogPipeline, Metric, type AlertingPathArgs } from "../../../components";
import type { ObskitProblem } from "../../../components/errors";
import { expectProblems, problemsIn, problemsThrown, thrown } from "../../support/errors";
import { ACCOUNT, OTHER_ACCOUNT, expectAllowed, expectDenied } from "../../support/iam";
import { ofType, one, runProgram } from "../../support/mocks";
import type { MockRun } from "../../../cli/plan/mockRuntime";

function withPipeline(args: (p: LogPipeline) => AlertingPathArgs): Promise<MockRun> {
  return runProgram(() => {
    const p = new LogPipeline("orders", {
      logGroupName: "/smart-orders/processor",
      metricFilters: [
        { name: "PaymentFailures", pattern: '{ $.event = "PAYMENT_FAILED" }', namespace: "SmartOrders" },
      ],
    });
    new AlertingPath("alerts", args(p));
  });
}

describe("AlertingPath", () => {
  let run: MockRun;
  before(async () => {
    run = await withPipeline((p) => ({
      emails: ["oncall@example.com", "lead@example.com"],
      alarms: [{ name: "PaymentFailures", metric: p.metric("PaymentFailures"), threshold: 5 }],
      anomalyAlarms: [{ name: "PaymentFailuresAnomaly", metric: p.metric("PaymentFailures") }],
      compositeAlarms: [{ name: "Orders", alarms: ["PaymentFailures", "PaymentFailuresAnomaly"] }],
      alarmNamePrefix: "dev-orders",
    }));
  });

  it("encrypts the topic with its own customer-managed key that CloudWatch may use", () => {
    const key = one(run, "aws:kms/key:Key", "alerts-key");
    const topic = one(run, "aws:sns/topic:Topic");
    expect(topic.inputs.kmsMasterKeyId).to.equal(key.state.arn);
    expect(String(topic.inputs.kmsMasterKeyId)).not.to.contain("alias/aws/sns");
    expect(key.inputs.enableKeyRotation).to.equal(true);
  });

  it("lets this account's alarms, and no other account's, use the topic key", async () => {
    const key = one(run, "aws:kms/key:Key", "alerts-key");
    const alarm = String(
      one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-PaymentFailures").state.arn,
    );
    const cw = (action: string, alarmArn: string) => ({
      principal: "cloudwatch.amazonaws.com",
      action,
      resource: String(key.state.arn),
      context: { "aws:SourceAccount": alarmArn.split(":")[4], "aws:SourceArn": alarmArn },
    });
    const p = { resource: key.inputs.policy };
    for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
      await expectAllowed(cw(action, alarm), p);
      await expectDenied(cw(action, alarm.replace(ACCOUNT, OTHER_ACCOUNT)), p);
    }
  });

  it("attaches a topic policy that only this account's alarms may publish through", async () => {
    const policy = one(run, "aws:sns/topicPolicy:TopicPolicy");
    const topic = one(run, "aws:sns/topic:Topic");
    expect(policy.inputs.arn).to.equal(topic.state.arn);
    const alarm = String(
      one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-PaymentFailures").state.arn,
    );
    const publish = (alarmArn: string) => ({
      principal: "cloudwatch.amazonaws.com",
      action: "sns:Publish",
      resource: String(topic.state.arn),
      context: { "aws:SourceAccount": alarmArn.split(":")[4], "aws:SourceArn": alarmArn },
    });
    const p = { resource: policy.inputs.policy };
    await expectAllowed(publish(alarm), p);
    await expectDenied(publish(alarm.replace(ACCOUNT, OTHER_ACCOUNT)), p);
  });

  it("subscribes every e-mail address", () => {
    const subs = ofType(run, "aws:sns/topicSubscription:TopicSubscription");
    expect(subs.map((s) => [s.inputs.protocol, s.inputs.endpoint])).to.deep.equal([
      ["email", "oncall@example.com"],
      ["email", "lead@example.com"],
    ]);
  });

  it("builds the alarm from the filter object: namespace and name read from it, and it depends on it", () => {
    const filter = one(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-PaymentFailures");
    const topic = one(run, "aws:sns/topic:Topic");
    const t = filter.inputs.metricTransformation as Record<string, unknown>;
    expect(alarm.inputs).to.deep.include({
      name: "dev-orders-PaymentFailures",
      namespace: t.namespace,
      metricName: t.name,
      statistic: "Sum",
      period: 60,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 5,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    });
    expect(alarm.inputs.alarmActions).to.deep.equal([topic.state.arn]);
    expect(alarm.inputs.okActions).to.deep.equal([topic.state.arn]);
    expect(alarm.inputs.unit).to.equal(undefined);
    expect(alarm.dependencies).to.include(filter.urn);
  });

  it("builds an anomaly-detection alarm on the band of the same metric", () => {
    const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "anomaly-PaymentFailuresAnomaly");
    expect(alarm.inputs).to.deep.include({
      comparisonOperator: "GreaterThanUpperThreshold",
      thresholdMetricId: "band",
      evaluationPeriods: 3,
    });
    const queries = alarm.inputs.metricQueries as {
      id: string;
      expression?: string;
      metric?: Record<string, unknown>;
    }[];
    expect(queries[0].metric).to.deep.include({
      namespace: "SmartOrders",
      metricName: "PaymentFailures",
      stat: "Sum",
      period: 60,
    });
    expect(queries[1].expression).to.equal("ANOMALY_DETECTION_BAND(m, 2)");
  });

  it("combines alarms into a composite alarm by their physical names", () => {
    const c = one(run, "aws:cloudwatch/compositeAlarm:CompositeAlarm");
    expect(c.inputs.alarmName).to.equal("dev-orders-Orders");
    expect(c.inputs.alarmRule).to.equal(
      'ALARM("dev-orders-PaymentFailures") OR ALARM("dev-orders-PaymentFailuresAnomaly")',
    );
  });

  it("alarms on native metrics too (p99 as an extended statistic)", async () => {
    const r = await runProgram(() => {
      new AlertingPath("alerts", {
        alarms: [
          {
            name: "LambdaErrors",
            metric: new Metric({
              namespace: "AWS/Lambda",
              name: "Errors",
              dimensions: { FunctionName: "fn" },
              periodSeconds: 300,
            }),
            threshold: 10,
            comparison: ">",
          },
          {
            name: "Slow",
            metric: new Metric({ namespace: "AWS/Lambda", name: "Duration", statistic: "p99" }),
            threshold: 3000,
          },
        ],
      });
    });
    const errors = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-LambdaErrors");
    const slow = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-Slow");
    expect(errors.inputs).to.deep.include({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      period: 300,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(errors.inputs.dimensions).to.deep.equal({ FunctionName: "fn" });
    expect(slow.inputs).to.deep.include({ extendedStatistic: "p99" });
    expect(slow.inputs.statistic).to.equal(undefined);
  });

  describe("addAlarm", () => {
    it("adds an alarm after construction with the path's settings, under the caller's parent, and records it", async () => {
      // Arrange: a component of its own owns the metric and the alarm
      let path: AlertingPath | undefined;
      const r = await runProgram(() => {
        path = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
        const owner = new LogPipeline("svc", { logGroupName: "/svc" });
        path.addAlarm(
          {
            name: "svc-5xx",
            metric: new Metric({ namespace: "AWS/ApplicationELB", name: "HTTPCode_ELB_5XX_Count" }),
            threshold: 5,
          },
          { key: "Svc5xx", parent: owner, resourceName: "svc-5xx" },
        );
      });
      // Assert
      const alarm = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "svc-5xx");
      const topic = one(r, "aws:sns/topic:Topic");
      expect(alarm.parent).to.equal(one(r, "obskit:index:LogPipeline").urn);
      expect(alarm.inputs).to.deep.include({
        name: "dev-svc-5xx",
        threshold: 5,
        treatMissingData: "notBreaching",
      });
      expect(alarm.inputs.alarmActions).to.deep.equal([topic.state.arn]);
      expect(alarm.inputs.okActions).to.deep.equal([topic.state.arn]);
      expect(Object.keys(path!.alarmNames)).to.deep.equal(["Svc5xx"]);
      expect(Object.keys(path!.alarmArns)).to.deep.equal(["Svc5xx"]);
    });

    it("validates like the constructor, every problem at once, and refuses a name or key already used", async () => {
      const m = new Metric({ namespace: "N", name: "M" });
      let problems: readonly ObskitProblem[] = [];
      await runProgram(() => {
        const path = new AlertingPath("alerts", { alarms: [{ name: "A", metric: m, threshold: 1 }] });
        problems = problemsThrown(
          () =>
            path.addAlarm(
              { name: "A", metric: m, threshold: Number.NaN, evaluationPeriods: 2, datapointsToAlarm: 3 },
              { key: "A" },
            ),
          "AlertingPath",
          "alerts",
        );
      });
      expectProblems(problems, [
        { propertyPath: "spec.threshold", value: Number.NaN },
        { propertyPath: "spec.datapointsToAlarm", value: 3 },
        { propertyPath: "spec.name", value: "A" },
        { propertyPath: "opts.key", value: "A" },
      ]);
      expect(problems[1].reason).to.contain("(2)");
    });
  });

  describe("metric-math alarms", () => {
    const traffic = (p: LogPipeline) => ({
      name: "TrafficNoOrders",
      metrics: { requests: p.metric("Requests"), orders: p.metric("Orders") },
      expression: "IF(FILL(requests, 0) >= 20 AND FILL(orders, 0) == 0, 1, 0)",
      threshold: 1,
      evaluationPeriods: 10,
    });
    const pipeline = () =>
      new LogPipeline("web", {
        logGroupName: "apache/access",
        metricFilters: [
          { name: "Requests", pattern: "[ip, id, user, timestamp, request, status, ...]", namespace: "Cafe" },
          {
            name: "Orders",
            pattern: '[ip, id, user, timestamp, request = "POST /order*", ...]',
            namespace: "Cafe",
          },
        ],
      });

    it("alarms on an expression over the metrics, depending on the filters that emit them", async () => {
      let path: AlertingPath | undefined;
      const r = await runProgram(() => {
        path = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
        path.addAlarm(traffic(pipeline()), { key: "ZeroOrders" });
      });
      const alarm = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(alarm.inputs).to.deep.include({
        name: "dev-TrafficNoOrders",
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 10,
        datapointsToAlarm: 10,
        treatMissingData: "notBreaching",
      });
      expect(alarm.inputs.metricName).to.equal(undefined);
      expect(alarm.inputs.metricQueries).to.deep.equal([
        {
          id: "requests",
          returnData: false,
          metric: { namespace: "Cafe", metricName: "Requests", stat: "Sum", period: 60 },
        },
        {
          id: "orders",
          returnData: false,
          metric: { namespace: "Cafe", metricName: "Orders", stat: "Sum", period: 60 },
        },
        {
          id: "expression",
          expression: "IF(FILL(requests, 0) >= 20 AND FILL(orders, 0) == 0, 1, 0)",
          label: "TrafficNoOrders",
          returnData: true,
        },
      ]);
      const filters = ofType(r, "aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => f.urn);
      expect(alarm.dependencies).to.include.members(filters);
      expect(Object.keys(path!.alarmNames)).to.deep.equal(["ZeroOrders"]);
    });

    it("is accepted by the constructor and can be part of a composite alarm", async () => {
      const r = await runProgram(() => {
        const p = pipeline();
        new AlertingPath("alerts", {
          metricMathAlarms: [traffic(p)],
          compositeAlarms: [{ name: "Any", alarms: ["TrafficNoOrders"] }],
        });
      });
      expect(ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm")).to.have.length(1);
      expect(one(r, "aws:cloudwatch/compositeAlarm:CompositeAlarm").inputs.alarmRule).to.equal(
        'ALARM("alerts-TrafficNoOrders")',
      );
    });

    it("rejects ids the expression does not read, ids it reads but nobody declared, and mixed periods", async () => {
      let problems: readonly ObskitProblem[] = [];
      await runProgram(() => {
        const m = new Metric({ namespace: "N", name: "M" });
        const path = new AlertingPath("alerts", {});
        problems = problemsThrown(() =>
          path.addAlarm({
            name: "Bad",
            metrics: { requests: m, Orders: m.with({ periodSeconds: 300 }), unused: m },
            expression: "IF(requests > 0 AND orders == 0, 1, 0) + SUM(METRICS('x y'))",
            threshold: 1,
            treatMissingData: "sometimes" as never,
          }),
        );
      });
      expectProblems(problems, [
        { propertyPath: "spec.treatMissingData", value: "sometimes" },
        { propertyPath: "spec.metrics.Orders", value: "Orders" },
        { propertyPath: "spec.metrics", value: [60, 300] },
        { propertyPath: "spec.expression", value: "orders" },
        { propertyPath: "spec.metrics.Orders", value: "Orders" },
        { propertyPath: "spec.metrics.unused", value: "unused" },
      ]);
      expect(problems[0].fix).to.contain("notBreaching, breaching, ignore, missing");
      // the ids the expression could read instead
      expect(problems[3].fix).to.contain("requests, Orders, unused");
    });

    it("rejects an expression that is not metric math at construction, with where it fails", async () => {
      const problemsOf = async (expression: string) => {
        let problems: readonly ObskitProblem[] = [];
        await runProgram(() => {
          const m = new Metric({ namespace: "N", name: "M" });
          problems = problemsThrown(() =>
            new AlertingPath("alerts", {}).addAlarm({
              name: "Bad",
              metrics: { a: m },
              expression,
              threshold: 1,
            }),
          );
        });
        return problems;
      };
      const unbalanced = await problemsOf("IF(a > 1, 1, 0");
      expectProblems(unbalanced, [{ propertyPath: "spec.expression", value: "IF(a > 1, 1, 0" }]);
      expect(unbalanced[0].reason).to.match(/metric math: .+/);
      // CloudWatch metric math has AND/OR but no NOT
      const [not] = await problemsOf("IF(NOT a, 1, 0)");
      expect(not.propertyPath).to.equal("spec.expression");
      expect(not.reason).to.contain("NOT");
    });
  });

  it("protects topic and key in protected stages", async () => {
    const r = await runProgram(() => new AlertingPath("alerts", { protect: true }));
    expect(one(r, "aws:sns/topic:Topic")).to.deep.include({ protect: true, retainOnDelete: true });
    expect(one(r, "aws:kms/key:Key")).to.deep.include({ protect: true, retainOnDelete: true });
  });

  describe("rejects bad arguments at construction", () => {
    const m = new Metric({ namespace: "N", name: "M" });
    const problemsOf = (args: AlertingPathArgs): readonly ObskitProblem[] => {
      const err = thrown(() => new AlertingPath("bad", args));
      expect(err.message).to.match(/^AlertingPath "bad": /);
      return problemsIn(err, "AlertingPath", "bad");
    };

    it("the AWS-managed SNS key, which silently breaks alarm delivery", () => {
      const arn = "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns";
      const problems = problemsOf({ kmsKeyArn: arn });
      expectProblems(problems, [{ propertyPath: "kmsKeyArn", value: arn }]);
      expect(problems[0].reason).to.contain("CloudWatch alarms cannot use it");
    });

    it("malformed e-mails, bad thresholds and periods, unknown composite members — all at once", () => {
      const p = problemsOf({
        emails: ["nope"],
        alarms: [{ name: "A", metric: m, threshold: Number.NaN, evaluationPeriods: 2, datapointsToAlarm: 3 }],
        compositeAlarms: [{ name: "C", alarms: ["Missing"] }],
      });
      expectProblems(p, [
        { propertyPath: "emails[0]", value: "nope" },
        { propertyPath: "alarms[0].threshold", value: Number.NaN },
        { propertyPath: "alarms[0].datapointsToAlarm", value: 3 },
        { propertyPath: "compositeAlarms[0].alarms[0]", value: "Missing" },
      ]);
      // the alarms a composite may name
      expect(p[3].fix).to.contain("known: A");
    });

    it("duplicate alarm names", () => {
      expectProblems(
        problemsOf({
          alarms: [
            { name: "A", metric: m, threshold: 1 },
            { name: "A", metric: m, threshold: 2 },
          ],
        }),
        [{ propertyPath: "alarms[1].name", value: "A" }],
      );
    });

    it("values outside an enum, even ones every object has (toString), and says which are allowed", () => {
      const p = problemsOf({
        alarms: [{ name: "A", metric: m, threshold: 1, comparison: "toString" as never }],
        anomalyAlarms: [{ name: "B", metric: m, direction: "sideways" as never }],
        compositeAlarms: [{ name: "C", alarms: ["A"], when: "constructor" as never }],
        subscriptions: [{ protocol: "email" as never, endpoint: "ops@example.com" }],
      });
      expectProblems(p, [
        { propertyPath: "subscriptions[0].protocol", value: "email" },
        { propertyPath: "alarms[0].comparison", value: "toString" },
        { propertyPath: "anomalyAlarms[0].direction", value: "sideways" },
        { propertyPath: "compositeAlarms[0].when", value: "constructor" },
      ]);
      // which values are allowed, and where e-mail addresses go instead
      expect(p[0].reason).to.contain("https, http, sqs, lambda, sms, application, firehose");
      expect(p[0].fix).to.contain("`emails`");
      expect(p[1].reason).to.contain(">= > <= <");
      expect(p[2].fix).to.contain("above, below, outside");
      expect(p[3].reason).to.contain('"any" or "all"');
    });
  });
});

describe("AlertingPath.isAlertingPath", () => {
  it("recognises a path from any copy of the package, and nothing else", async () => {
    let path: AlertingPath | undefined;
    await runProgram(() => {
      path = new AlertingPath("alerts", {});
    });
    expect(AlertingPath.isAlertingPath(path)).to.equal(true);
    // a path built by a second copy of the package: another class, the same brand
    const foreign = Object.create({ [Symbol.for("obskit:AlertingPath")]: true }) as object;
    expect(foreign instanceof AlertingPath).to.equal(false);
    expect(AlertingPath.isAlertingPath(foreign)).to.equal(true);
    for (const other of [undefined, null, "alerts", { topicArn: "arn", kmsKeyArn: "arn" }])
      expect(AlertingPath.isAlertingPath(other), String(other)).to.equal(false);
  });
});
