/**
 * The components as another Pulumi language uses them: args as plain data, as the component
 * provider hands them over (`overTheWire`), give the same resources as the TypeScript program
 * using the package's classes (a `Metric`, a `LogPipeline` as source, an `AlertingPath` as target).
 */
import { expect } from "chai";
import {
  AlertingPath,
  LogPipeline,
  Metric,
  ProcessingPath,
  type AlertingPathArgs,
  type LogPipelineArgs,
  type ProcessingPathArgs,
} from "../../components";
import type { MockRun, PlannedResource } from "../../cli/plan/mockRuntime";
import { expectProblems, problemsThrown } from "../support/errors";
import { runProgram } from "../support/mocks";
import { overTheWire } from "../support/wire";

const PIPELINE: LogPipelineArgs = {
  logGroupName: "/shop/orders",
  logClass: "STANDARD",
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "Shop",
      unit: "Count",
      samples: { match: ['{"event":"PAYMENT_FAILED"}'], noMatch: ['{"event":"ORDER_PROCESSED"}'] },
    },
    {
      name: "Latency",
      pattern: "{ $.latency > 0 }",
      namespace: "Shop",
      value: "$.latency",
      unit: "Milliseconds",
    },
  ],
  contributorRules: [
    {
      name: "top",
      keys: ["$.customerId"],
      filters: [{ match: "$.status", in: ["FAILED"], inNumbers: [500, 503] }],
      aggregateOn: "Sum",
      sumField: "$.amount",
    },
  ],
  anomalyDetection: { enabled: true, evaluationFrequency: "TEN_MIN" },
};

/** Resources by name: type and inputs, what a deployment would create. */
function byName(run: MockRun): Record<string, Pick<PlannedResource, "type" | "inputs" | "parent">> {
  return Object.fromEntries(
    run.resources.map((r) => [r.name, { type: r.type, inputs: r.inputs, parent: r.parent }]),
  );
}

describe("components from other languages (args as plain data)", () => {
  let typescript: MockRun;
  let plain: MockRun;

  before(async () => {
    typescript = await runProgram(() => {
      const orders = new LogPipeline("orders", PIPELINE);
      const failures = orders.metric("PaymentFailures");
      const alerts = new AlertingPath("alerts", {
        subscriptions: [{ protocol: "https", endpoint: "https://hooks.example.com/x" }],
        alarms: [
          {
            name: "Failures",
            metric: failures,
            threshold: 5,
            comparison: ">",
            treatMissingData: "breaching",
          },
        ],
        anomalyAlarms: [
          { name: "Unusual", metric: failures.with({ statistic: "p99" }), direction: "outside" },
        ],
        metricMathAlarms: [
          {
            name: "Share",
            metrics: { f: failures, t: new Metric({ namespace: "Shop", name: "Orders" }) },
            expression: "100 * f / t",
            threshold: 10,
          },
        ],
        compositeAlarms: [{ name: "Payments", alarms: ["Failures", "Share"], when: "all" }],
      } satisfies AlertingPathArgs);
      new ProcessingPath("incidents", { source: orders, alerting: alerts, minSeverity: "WARN" });
    });
    plain = await runProgram(async () => {
      const orders = new LogPipeline("orders", await overTheWire(PIPELINE));
      const failures = { namespace: "Shop", name: "PaymentFailures" };
      const alerts = new AlertingPath(
        "alerts",
        await overTheWire({
          subscriptions: [{ protocol: "https", endpoint: "https://hooks.example.com/x" }],
          alarms: [
            {
              name: "Failures",
              metric: failures,
              threshold: 5,
              comparison: ">",
              treatMissingData: "breaching",
            },
          ],
          anomalyAlarms: [
            { name: "Unusual", metric: { ...failures, statistic: "p99" }, direction: "outside" },
          ],
          metricMathAlarms: [
            {
              name: "Share",
              metrics: { f: failures, t: { namespace: "Shop", name: "Orders" } },
              expression: "100 * f / t",
              threshold: 10,
            },
          ],
          compositeAlarms: [{ name: "Payments", alarms: ["Failures", "Share"], when: "all" }],
        } as AlertingPathArgs),
      );
      new ProcessingPath(
        "incidents",
        await overTheWire({
          source: { logGroupName: orders.logGroupName, logGroupArn: orders.logGroupArn },
          alerting: { topicArn: alerts.topicArn, kmsKeyArn: alerts.kmsKeyArn, alarmNamePrefix: "alerts" },
          minSeverity: "WARN",
        } as ProcessingPathArgs),
      );
    });
  });

  it("declares the same resources with the same inputs as the TypeScript program", () => {
    const ts = byName(typescript);
    const data = byName(plain);
    expect(Object.keys(data).sort()).to.deep.equal(Object.keys(ts).sort());
    for (const name of Object.keys(ts)) {
      if (name === "incidents-dlq-alarm") continue; // below: the path's tags vs the processor's
      expect(data[name], name).to.deep.equal(ts[name]);
    }
  });

  it("renders enum values and numeric contributor values as the TypeScript literals do", () => {
    const rule = plain.resources.find(
      (r) => r.type === "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
    )!;
    const body = JSON.parse(String(rule.inputs.ruleDefinition)) as { Contents: { Filters: unknown[] } };
    expect(body.Contents.Filters).to.deep.equal([{ Match: "$.status", In: ["FAILED", 500, 503] }]);
  });

  it("creates the dead-letter alarm on a topic given as data under the processing path, as on a path", () => {
    const [ts, data] = [typescript, plain].map((run) =>
      run.resources.find((r) => r.name === "incidents-dlq-alarm")!,
    );
    expect(data.parent).to.equal(ts.parent);
    const { tags: tsTags, ...tsInputs } = ts.inputs;
    const { tags: dataTags, ...dataInputs } = data.inputs;
    expect(dataInputs).to.deep.equal(tsInputs);
    expect(tsTags).to.include({ "obskit:component": "AlertingPath" });
    expect(dataTags).to.include({ "obskit:component": "ProcessingPath" });
  });

  it("rejects a bad plain value naming the field, the value and what is allowed", async () => {
    const bad = await overTheWire({
      alarms: [
        {
          name: "X",
          metric: { namespace: "Shop", name: "Y", statistic: "median" },
          threshold: 1,
          comparison: "=>",
        },
      ],
      subscriptions: [{ protocol: "email", endpoint: "a@example.com" }],
    } as unknown as AlertingPathArgs);
    const problems = problemsThrown(() => new AlertingPath("bad", bad), "AlertingPath", "bad");
    expectProblems(problems, [
      { propertyPath: "subscriptions[0].protocol", value: "email" },
      { propertyPath: "alarms[0].comparison", value: "=>" },
      { propertyPath: "alarms[0].metric.statistic", value: "median" },
    ]);
    expect(problems[0].reason).to.contain("https, http");
    expect(problems[1].reason).to.contain(">= > <= <");
    expect(problems[2].reason).to.contain("p99");
    const pipeline = await overTheWire({
      logGroupName: "/x",
      logClass: "COLD",
    } as unknown as LogPipelineArgs);
    const [logClass] = problemsThrown(() => new LogPipeline("bad", pipeline), "LogPipeline", "bad");
    expect(logClass).to.deep.include({ propertyPath: "logClass", value: "COLD" });
    expect(logClass.fix).to.contain("STANDARD, INFREQUENT_ACCESS");
  });
});
