import { expect } from "chai";
import { LogPipeline, LogsKey, validateLogPipelineArgs, type LogPipelineArgs } from "../../../components";
import { VERSION } from "../../../components/version";
import { RETENTION_DAYS } from "../../../components/logPipeline";
import type { ObskitProblem } from "../../../components/errors";
import { expectProblems, problemsIn, problemsThrown, thrown } from "../../support/errors";
import { ACCOUNT, expectAllowed, expectDenied } from "../../support/iam";
import { ofType, one, runProgram } from "../../support/mocks";

/** CloudWatch Logs encrypting events of the log group `name` with `key`. */
function logsUse(key: { state: Record<string, unknown> }, name: string) {
  return {
    principal: "logs.eu-west-1.amazonaws.com",
    action: "kms:GenerateDataKey",
    resource: String(key.state.arn),
    context: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}` },
  };
}
import type { MockRun } from "../../../cli/plan/mockRuntime";

const ORDER_LINE =
  '{"timestamp":"2026-01-12T07:11:52.386Z","orderId":"ORD-e593fe","customerId":"CUST-9","event":"PAYMENT_FAILED","amount":391,"processingTimeMs":0}';
const OK_LINE =
  '{"timestamp":"2026-01-12T07:11:53.001Z","orderId":"ORD-a1b2c3","customerId":"CUST-4","event":"ORDER_PROCESSED","amount":120,"processingTimeMs":340}';

const BASE: LogPipelineArgs = {
  logGroupName: "/smart-orders/processor",
  retentionInDays: 7,
  metricFilters: [
    {
      name: "PaymentFailures",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
      namespace: "SmartOrders",
      samples: { match: [ORDER_LINE], noMatch: [OK_LINE] },
    },
    {
      name: "ProcessingTime",
      pattern: "{ $.processingTimeMs >= 0 }",
      namespace: "SmartOrders",
      value: "$.processingTimeMs",
      unit: "Milliseconds",
    },
  ],
  queries: [{ name: "recent", query: "fields @timestamp | sort @timestamp desc | limit 20" }],
  contributorRules: [
    {
      name: "top-customers",
      keys: ["$.customerId"],
      filters: [{ match: "$.event", in: ["PAYMENT_FAILED"] }],
    },
  ],
};

function pipeline(args: Partial<LogPipelineArgs> = {}): Promise<MockRun> {
  return runProgram(() => {
    new LogPipeline("orders", { ...BASE, ...args });
  });
}

describe("LogPipeline", () => {
  let run: MockRun;
  before(async () => {
    run = await pipeline();
  });

  it("creates the log group with its explicit name, retention, class, CMK and tags", () => {
    const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
    const key = one(run, "aws:kms/key:Key");
    expect(group.name).to.equal("orders-logs");
    expect(group.inputs).to.deep.include({
      name: "/smart-orders/processor",
      retentionInDays: 7,
      logGroupClass: "STANDARD",
      kmsKeyId: key.state.arn,
    });
    expect(group.inputs.tags).to.deep.include({
      "obskit:component": "LogPipeline",
      "obskit:version": VERSION,
    });
  });

  it("creates a rotating key whose policy lets CloudWatch Logs use it for this group only", async () => {
    const key = one(run, "aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).to.equal(true);
    const p = { resource: key.inputs.policy };
    await expectAllowed(logsUse(key, "/smart-orders/processor"), p);
    await expectDenied(logsUse(key, "/smart-orders/processor-other"), p);
    await expectDenied(logsUse(key, "/someone/else"), p);
  });

  it("declares each metric filter as given, with AWS's defaults for counts and values", () => {
    const failures = one(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "-PaymentFailures");
    const time = one(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "-ProcessingTime");
    expect(failures.name).to.equal("orders-filter-PaymentFailures");
    expect(failures.inputs).to.deep.include({
      name: "PaymentFailures",
      logGroupName: "/smart-orders/processor",
      pattern: '{ $.event = "PAYMENT_FAILED" }',
    });
    expect(failures.inputs.metricTransformation).to.deep.equal({
      namespace: "SmartOrders",
      name: "PaymentFailures",
      value: "1",
      defaultValue: "0",
      unit: "Count",
    });
    expect(time.inputs.metricTransformation).to.deep.equal({
      namespace: "SmartOrders",
      name: "ProcessingTime",
      value: "$.processingTimeMs",
      unit: "Milliseconds",
    });
  });

  it("saves the queries in the pipeline's folder, scoped to the group", () => {
    const q = one(run, "aws:cloudwatch/queryDefinition:QueryDefinition");
    expect(q.inputs).to.deep.equal({
      name: "smart-orders/processor/recent",
      queryString: "fields @timestamp | sort @timestamp desc | limit 20",
      logGroupNames: ["/smart-orders/processor"],
    });
  });

  it("writes a CloudWatchLogRule v1 body for contributor rules", () => {
    const rule = one(run, "aws:cloudwatch/contributorInsightRule:ContributorInsightRule");
    expect(rule.inputs).to.deep.include({ ruleName: "orders-top-customers", ruleState: "ENABLED" });
    expect(JSON.parse(String(rule.inputs.ruleDefinition))).to.deep.equal({
      Schema: { Name: "CloudWatchLogRule", Version: 1 },
      LogGroupNames: ["/smart-orders/processor"],
      LogFormat: "JSON",
      Contents: { Keys: ["$.customerId"], Filters: [{ Match: "$.event", In: ["PAYMENT_FAILED"] }] },
      AggregateOn: "Count",
    });
  });

  it("names every child <name>-<role> under the component", () => {
    const component = one(run, "obskit:index:LogPipeline");
    const direct = run.resources.filter((r) => r.parent === component.urn);
    expect(direct.map((r) => r.name).sort()).to.deep.equal([
      "orders-filter-PaymentFailures",
      "orders-filter-ProcessingTime",
      "orders-key",
      "orders-logs",
      "orders-query-recent",
      "orders-rule-top-customers",
    ]);
  });

  it("creates no anomaly detector and no protection unless asked", () => {
    expect(ofType(run, "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector")).to.have.length(0);
    expect(run.resources.filter((r) => r.protect)).to.have.length(0);
    expect(one(run, "aws:cloudwatch/logGroup:LogGroup").inputs.deletionProtectionEnabled).to.equal(false);
  });

  it("adds an anomaly detector on the group, and lets it use the key", async () => {
    const r = await pipeline({ anomalyDetection: { enabled: true } });
    const detector = one(r, "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector");
    expect(detector.inputs).to.deep.include({
      enabled: true,
      evaluationFrequency: "FIVE_MIN",
      anomalyVisibilityTime: 14,
    });
    expect(detector.inputs.logGroupArnLists).to.deep.equal([
      "arn:aws:logs:eu-west-1:123456789012:log-group:/smart-orders/processor",
    ]);
    expect(String(one(r, "aws:kms/key:Key").inputs.policy)).to.contain("anomaly-detector:*");
  });

  it("protects group and key in protected stages, so no refactor or destroy deletes logs", async () => {
    const r = await pipeline({ protect: true });
    for (const type of ["aws:cloudwatch/logGroup:LogGroup", "aws:kms/key:Key"]) {
      expect(one(r, type)).to.deep.include({ protect: true, retainOnDelete: true });
    }
    expect(one(r, "aws:cloudwatch/logGroup:LogGroup").inputs.deletionProtectionEnabled).to.equal(true);
  });

  it("uses a shared key when given one, creating none", async () => {
    const shared = "arn:aws:kms:eu-west-1:123456789012:key/shared";
    const r = await pipeline({ kmsKeyArn: shared });
    expect(ofType(r, "aws:kms/key:Key")).to.have.length(0);
    expect(one(r, "aws:cloudwatch/logGroup:LogGroup").inputs.kmsKeyId).to.equal(shared);
  });

  it("lets one LogsKey serve several pipelines through a name pattern", async () => {
    const r = await runProgram(() => {
      const shared = new LogsKey("shared", { logGroupNames: ["/smart-orders/*"] });
      new LogPipeline("a", { logGroupName: "/smart-orders/processor", kmsKeyArn: shared.arn });
      new LogPipeline("b", { logGroupName: "/smart-orders/payments", kmsKeyArn: shared.arn });
    });
    const key = one(r, "aws:kms/key:Key");
    const groups = ofType(r, "aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map((g) => g.inputs.kmsKeyId)).to.deep.equal([key.state.arn, key.state.arn]);
    const p = { resource: key.inputs.policy };
    await expectAllowed(logsUse(key, "/smart-orders/processor"), p);
    await expectAllowed(logsUse(key, "/smart-orders/payments"), p);
    await expectDenied(logsUse(key, "/other/payments"), p);
  });

  it("a LogsKey rejects an empty name list and a deletion window AWS does not allow", () => {
    const problems = problemsThrown(
      () => new LogsKey("bad", { logGroupNames: [], deletionWindowInDays: 3 }),
      "LogsKey",
      "bad",
    );
    expectProblems(problems, [
      { propertyPath: "logGroupNames", value: [] },
      { propertyPath: "deletionWindowInDays", value: 3 },
    ]);
  });

  describe("rejects bad arguments at construction", () => {
    const problemsOf = (args: Partial<LogPipelineArgs>): readonly ObskitProblem[] => {
      const err = thrown(() => new LogPipeline("bad", { ...BASE, ...args }));
      expect(err.message).to.match(/^LogPipeline "bad": /);
      return problemsIn(err, "LogPipeline", "bad");
    };

    it("a retention AWS does not offer", () => {
      const problems = problemsOf({ retentionInDays: 8 });
      expectProblems(problems, [{ propertyPath: "retentionInDays", value: 8 }]);
      expect(problems[0].fix).to.contain(RETENTION_DAYS.join(", "));
    });

    it("a pattern with a syntax error, naming the filter and the position", () => {
      const problems = problemsOf({
        metricFilters: [{ name: "Broken", pattern: '{ $.event = "X" ', namespace: "N" }],
      });
      expectProblems(problems, [{ propertyPath: "metricFilters[0].pattern", value: '{ $.event = "X" ' }]);
      expect(problems[0].reason).to.match(/column \d+/);
    });

    it("a sample the pattern treats otherwise than declared", () => {
      const problems = problemsOf({
        metricFilters: [
          {
            name: "Failures",
            pattern: '{ $.event = "PAYMENT_FAILD" }',
            namespace: "N",
            samples: { match: [ORDER_LINE] },
          },
        ],
      });
      expectProblems(problems, [{ propertyPath: "metricFilters[0].samples.match[0]", value: ORDER_LINE }]);
      expect(problems[0].reason).to.contain("PAYMENT_FAILD");
    });

    it("defaultValue combined with dimensions, more than 3 dimensions, fields the pattern does not extract", () => {
      const dimensions = { a: "$.a", b: "$.b", c: "$.c", d: "$.d" };
      const problems = problemsOf({
        metricFilters: [
          {
            name: "A",
            pattern: "{ $.a = 1 && $.b = * && $.c = * && $.d = * }",
            namespace: "N",
            defaultValue: 0,
            dimensions,
          },
          { name: "B", pattern: "{ $.a = 1 }", namespace: "N", value: "$.latency" },
          { name: "C", pattern: "ERROR", namespace: "N", value: "one" },
        ],
      });
      expectProblems(problems, [
        { propertyPath: "metricFilters[0].dimensions", value: dimensions },
        { propertyPath: "metricFilters[0].dimensions", value: dimensions },
        { propertyPath: "metricFilters[1].value", value: "$.latency" },
        { propertyPath: "metricFilters[2].value", value: "one" },
      ]);
      // the two dimension problems are the count (4 of at most 3) and the defaultValue
      expect(problems[0].reason).to.contain("3").and.contain("4");
      expect(problems[1].reason).to.contain("defaultValue");
      // the field the value reads, and the fields the pattern does extract
      expect(problems[2].reason).to.contain("$.a");
    });

    it("metric filters on an INFREQUENT_ACCESS group, and every other problem at once", () => {
      const problems = problemsOf({
        logClass: "INFREQUENT_ACCESS",
        logGroupName: "bad name!",
        retentionInDays: 2,
      });
      expectProblems(problems, [
        { propertyPath: "logGroupName", value: "bad name!" },
        { propertyPath: "retentionInDays", value: 2 },
        { propertyPath: "metricFilters" },
        { propertyPath: "contributorRules" },
      ]);
      expect(problems[2].fix).to.contain('"STANDARD"');
    });

    it("samples that do not pin a numeric threshold: the condition and the values missing, with their side", () => {
      const line = (ms: number) => OK_LINE.replace('"processingTimeMs":340', `"processingTimeMs":${ms}`);
      const problems = problemsOf({
        metricFilters: [
          {
            name: "Delayed",
            pattern: "{ $.processingTimeMs > 2000 }",
            namespace: "N",
            // right on both sides, but far from the boundary: 2000 → 3000 would pass
            samples: { match: [line(5000), line(2001)], noMatch: [line(340)] },
          },
        ],
      });
      expectProblems(problems, [
        { propertyPath: "metricFilters[0].samples", value: "$.processingTimeMs > 2000" },
      ]);
      expect(problems[0].reason).to.contain("1999, 2000");
      expect(problems[0].fix).to.contain("1999 (noMatch)").and.contain("2000 (noMatch)");
      expect(problems[0].fix).to.not.contain("2001");
      // with the lines one step below and at the threshold, the filter is accepted
      expect(
        validateLogPipelineArgs({
          ...BASE,
          metricFilters: [
            {
              name: "Delayed",
              pattern: "{ $.processingTimeMs > 2000 }",
              namespace: "N",
              samples: { match: [line(2001)], noMatch: [line(1999), line(2000)] },
            },
          ],
        }),
      ).to.deep.equal([]);
    });

    it("an AWS/ namespace, which would shadow a native metric", () => {
      expectProblems(
        problemsOf({ metricFilters: [{ name: "X", pattern: "ERROR", namespace: "AWS/Lambda" }] }),
        [{ propertyPath: "metricFilters[0].namespace", value: "AWS/Lambda" }],
      );
    });
  });
});
