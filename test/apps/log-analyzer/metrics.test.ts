import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  ANALYZER_METRICS,
  buildErrorMetricData,
  publishErrorMetric,
  toDimensionValue,
} from "../../../apps/log-analyzer/src/metrics";

const WHEN = new Date("2025-09-15T12:00:00Z");
const SUMMARY = {
  errorsTotal: 10,
  errorsByService: [
    { service: "payments", count: 5 },
    { service: "auth", count: 3 },
    { service: "api", count: 2 },
  ],
};

describe("ANALYZER_METRICS", () => {
  it("pins the names the deployment's alarms reference", () => {
    expect(ANALYZER_METRICS).to.deep.include({
      namespace: "obskit/LogAnalyzer",
      errorCount: "ErrorCount",
      serviceDimension: "Service",
      unit: "Count",
    });
  });
});

describe("buildErrorMetricData", () => {
  it("puts the total without dimensions first, then one datum per service with a Service dimension", () => {
    const input = buildErrorMetricData(SUMMARY, { timestamp: WHEN });
    expect(input.Namespace).to.equal(ANALYZER_METRICS.namespace);
    expect(input.MetricData).to.deep.equal([
      { MetricName: "ErrorCount", Dimensions: [], Value: 10, Unit: "Count", Timestamp: WHEN },
      {
        MetricName: "ErrorCount",
        Dimensions: [{ Name: "Service", Value: "payments" }],
        Value: 5,
        Unit: "Count",
        Timestamp: WHEN,
      },
      {
        MetricName: "ErrorCount",
        Dimensions: [{ Name: "Service", Value: "auth" }],
        Value: 3,
        Unit: "Count",
        Timestamp: WHEN,
      },
      {
        MetricName: "ErrorCount",
        Dimensions: [{ Name: "Service", Value: "api" }],
        Value: 2,
        Unit: "Count",
        Timestamp: WHEN,
      },
    ]);
  });

  it("bounds the per-service data to the services with the most errors", () => {
    const top2 = buildErrorMetricData(SUMMARY, { maxServices: 2 }).MetricData ?? [];
    const totalOnly = buildErrorMetricData(SUMMARY, { maxServices: 0 }).MetricData ?? [];
    expect(top2.map((d) => d.Dimensions?.[0]?.Value)).to.deep.equal([undefined, "payments", "auth"]);
    expect(totalOnly).to.have.length(1);
    expect(() => buildErrorMetricData(SUMMARY, { maxServices: 1001 })).to.throw(RangeError, /maxServices/);
  });

  it("uses the given namespace, metric name and extra dimensions on every datum", () => {
    const input = buildErrorMetricData(SUMMARY, {
      namespace: "team/logs",
      metricName: "Errors",
      dimensions: { Stage: "prod" },
      maxServices: 1,
    });
    expect(input.Namespace).to.equal("team/logs");
    expect(input.MetricData?.map((d) => d.MetricName)).to.deep.equal(["Errors", "Errors"]);
    expect(input.MetricData?.map((d) => d.Dimensions)).to.deep.equal([
      [{ Name: "Stage", Value: "prod" }],
      [
        { Name: "Stage", Value: "prod" },
        { Name: "Service", Value: "payments" },
      ],
    ]);
  });

  it("turns service names into valid dimension values (printable ASCII, not blank) and adds up collisions", () => {
    expect(toDimensionValue("café")).to.equal("caf?");
    expect(toDimensionValue("  ")).to.equal("(blank)");
    expect(toDimensionValue("x".repeat(2000))).to.have.length(1024);
    const input = buildErrorMetricData({
      errorsTotal: 4,
      errorsByService: [
        { service: "café", count: 2 },
        { service: "cafè", count: 1 },
        { service: "", count: 1 },
      ],
    });
    expect(input.MetricData?.slice(1).map((d) => [d.Dimensions?.[0]?.Value, d.Value])).to.deep.equal([
      ["caf?", 3],
      ["(blank)", 1],
    ]);
  });
});

describe("publishErrorMetric", () => {
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  before(() => {
    cloudwatch = mockClient(CloudWatchClient);
  });
  afterEach(() => cloudwatch.reset());
  after(() => cloudwatch.restore());

  it("sends the built request in one PutMetricData call and returns it", async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    const sent = await publishErrorMetric(
      SUMMARY,
      { namespace: "ns", timestamp: WHEN },
      new CloudWatchClient({}),
    );
    const calls = cloudwatch.commandCalls(PutMetricDataCommand);
    expect(calls).to.have.length(1);
    expect(calls[0].args[0].input).to.deep.equal(sent);
    expect(sent).to.deep.equal(buildErrorMetricData(SUMMARY, { namespace: "ns", timestamp: WHEN }));
  });
});
