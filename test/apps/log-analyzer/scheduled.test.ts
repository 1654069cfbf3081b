import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import {
  ANALYZER_METRICS,
  handler,
  loadScheduledConfig,
  resetScheduledRuntime,
  runScheduled,
  SCHEDULED_ENV,
} from "../../../apps/log-analyzer/src/scheduled";
import { startS3, testAwsEnv, type TestS3 } from "./helpers";
import { rejection } from "../../support/errors";

const LINES = [
  ...Array.from({ length: 4 }, () => '{"level":"ERROR","service":"payments"}'),
  ...Array.from({ length: 2 }, () => '{"level":"ERROR","service":"auth"}'),
  '{"level":"ERROR","service":"api"}',
  '{"level":"INFO","service":"api"}',
].join("\n");

describe("scheduled run", () => {
  let s3: TestS3;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  before(async () => {
    cloudwatch = mockClient(CloudWatchClient);
    s3 = await startS3(["logs", "quiet"]);
    await s3.put(
      "logs",
      "app/2025-09-15T11.jsonl",
      '{"level":"ERROR","service":"old"}\n',
      new Date("2025-09-15T11:00:00Z"),
    );
    await s3.put("logs", "app/2025-09-15T12.jsonl.gz", gzipSync(LINES), new Date("2025-09-15T12:00:00Z"));
  });
  after(async () => {
    cloudwatch.restore();
    await s3.close();
  });
  beforeEach(() => {
    cloudwatch.reset();
    cloudwatch.on(PutMetricDataCommand).resolves({});
  });

  describe("loadScheduledConfig", () => {
    it("applies the defaults, with the metric namespace of the contract", () => {
      expect(loadScheduledConfig({ BUCKET: "logs", PREFIX: "app/" })).to.deep.equal({
        bucket: "logs",
        prefix: "app/",
        threshold: 1,
        namespace: ANALYZER_METRICS.namespace,
        maxServices: ANALYZER_METRICS.maxServices,
        levelField: "level",
        levelValue: "ERROR",
        groupBy: "service",
        s3Endpoint: undefined,
      });
    });

    it("reads the whole bucket when PREFIX is unset or empty", () => {
      expect(loadScheduledConfig({ BUCKET: "logs", PREFIX: "" }).prefix).to.equal("");
      expect(loadScheduledConfig({ BUCKET: "logs" }).prefix).to.equal("");
    });

    it("takes the namespace, threshold and bound from the environment", () => {
      const config = loadScheduledConfig({
        [SCHEDULED_ENV.bucket]: "logs",
        [SCHEDULED_ENV.prefix]: "app/",
        [SCHEDULED_ENV.threshold]: "25",
        [SCHEDULED_ENV.metricNamespace]: "team/Logs",
        [SCHEDULED_ENV.maxServiceMetrics]: "3",
      });
      expect(config).to.deep.include({ threshold: 25, namespace: "team/Logs", maxServices: 3 });
    });

    it("rejects an invalid environment with one ConfigError naming every problem", () => {
      let error: Error | undefined;
      try {
        loadScheduledConfig({ PREFIX: "x".repeat(1025), THRESHOLD: "0", METRIC_NAMESPACE: "AWS/Lambda" });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).to.equal("ConfigError");
      for (const name of ["BUCKET", "PREFIX", "THRESHOLD", "METRIC_NAMESPACE"])
        expect(error?.message).to.contain(name);
    });
  });

  describe("runScheduled", () => {
    it("analyses the latest object and publishes ErrorCount in total and for the top services", async () => {
      // Arrange
      const config = { ...loadScheduledConfig({ BUCKET: "logs", PREFIX: "app/", MAX_SERVICE_METRICS: "2" }) };
      const now = new Date("2025-09-15T12:05:00Z");
      // Act
      const result = await runScheduled(config, { s3: s3.client, cloudwatch: new CloudWatchClient({}), now });
      // Assert
      expect(result.summary.source).to.deep.include({ key: "app/2025-09-15T12.jsonl.gz" });
      expect(result.summary).to.deep.include({ errorsTotal: 7, compressed: true, thresholdBreached: true });
      const calls = cloudwatch.commandCalls(PutMetricDataCommand);
      expect(calls).to.have.length(1);
      const input = calls[0].args[0].input;
      expect(input.Namespace).to.equal(ANALYZER_METRICS.namespace);
      expect(input.MetricData?.map((d) => [d.MetricName, d.Dimensions, d.Value])).to.deep.equal([
        ["ErrorCount", [], 7],
        ["ErrorCount", [{ Name: "Service", Value: "payments" }], 4],
        ["ErrorCount", [{ Name: "Service", Value: "auth" }], 2],
      ]);
      expect(input.MetricData?.every((d) => d.Timestamp === now && d.Unit === "Count")).to.equal(true);
    });
  });

  describe("handler", () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
      resetScheduledRuntime();
    });
    const useEnv = (env: Record<string, string>): void => {
      process.env = { ...saved, ...testAwsEnv(s3.endpoint), POWERTOOLS_LOG_LEVEL: "SILENT", ...env };
    };

    it("reads its environment on the first invocation and publishes to METRIC_NAMESPACE", async () => {
      useEnv({ BUCKET: "logs", PREFIX: "app/", THRESHOLD: "10", METRIC_NAMESPACE: "team/Logs" });
      const result = await handler(undefined);
      expect(result.summary).to.deep.include({ errorsTotal: 7, threshold: 10, thresholdBreached: false });
      const input = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input;
      expect(input.Namespace).to.equal("team/Logs");
      expect(input.MetricData).to.have.length(1 + 3);
    });

    it("fails the invocation, publishing nothing, when the prefix holds no object", async () => {
      useEnv({ BUCKET: "quiet", PREFIX: "app/" });
      const error = await rejection(handler(undefined));
      expect(error.name).to.equal("NoObjectUnderPrefixError");
      expect(cloudwatch.commandCalls(PutMetricDataCommand)).to.have.length(0);
    });

    it("fails the invocation with a ConfigError when the environment is invalid", async () => {
      useEnv({ PREFIX: "app/" });
      const error = await rejection(handler(undefined));
      expect(error.name).to.equal("ConfigError");
      expect(error.message).to.contain("BUCKET");
    });
  });
});
