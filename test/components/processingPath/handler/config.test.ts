import { expect } from "chai";
import { CONFIG_DEFAULTS, loadConfig } from "../../../../components/processingPath/handler/config";

function configError(env: Record<string, string>): Error {
  try {
    loadConfig(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("log-processor config", () => {
  it("needs only TABLE_NAME and defaults the rest", () => {
    expect(loadConfig({ TABLE_NAME: "incidents" })).to.deep.equal({
      tableName: "incidents",
      minSeverity: "ERROR",
      ttlDays: CONFIG_DEFAULTS.INCIDENT_TTL_DAYS,
      maxMessageBytes: CONFIG_DEFAULTS.MAX_MESSAGE_BYTES,
      notifyMinSeverity: "CRITICAL",
      serviceName: "log-processor",
      metricsNamespace: "obskit",
    });
  });

  it("reads every variable, normalising severity aliases", () => {
    const config = loadConfig({
      TABLE_NAME: "arn:aws:dynamodb:eu-west-1:123456789012:table/incidents",
      MIN_SEVERITY: "warning",
      INCIDENT_TTL_DAYS: "0",
      MAX_MESSAGE_BYTES: "4096",
      NOTIFY_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:alerts",
      NOTIFY_MIN_SEVERITY: "fatal",
      POWERTOOLS_SERVICE_NAME: "svc",
      POWERTOOLS_METRICS_NAMESPACE: "ns",
    });

    expect(config).to.deep.equal({
      tableName: "arn:aws:dynamodb:eu-west-1:123456789012:table/incidents",
      minSeverity: "WARN",
      ttlDays: 0,
      maxMessageBytes: 4096,
      notifyTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
      notifyMinSeverity: "CRITICAL",
      serviceName: "svc",
      metricsNamespace: "ns",
    });
  });

  it("treats blank variables as unset", () => {
    const config = loadConfig({ TABLE_NAME: "incidents", MIN_SEVERITY: " ", NOTIFY_TOPIC_ARN: "" });

    expect(config.minSeverity).to.equal("ERROR");
    expect(config).to.not.have.property("notifyTopicArn");
  });

  it("fails with a ConfigError naming a missing TABLE_NAME", () => {
    const error = configError({});

    expect(error.name).to.equal("ConfigError");
    expect(error.message).to.contain("TABLE_NAME").and.contain("is required");
  });

  it("lists every bad variable with what it must be", () => {
    const error = configError({
      TABLE_NAME: "no spaces allowed",
      MIN_SEVERITY: "loud",
      INCIDENT_TTL_DAYS: "ninety",
      MAX_MESSAGE_BYTES: "10",
      NOTIFY_TOPIC_ARN: "my-topic",
    });

    for (const expected of [
      "TABLE_NAME",
      "MIN_SEVERITY",
      "must be a severity",
      "INCIDENT_TTL_DAYS",
      "whole number from 0 to 3650",
      "MAX_MESSAGE_BYTES",
      "whole number from 256 to 300000",
      "NOTIFY_TOPIC_ARN",
      "SNS topic ARN",
    ]) {
      expect(error.message).to.contain(expected);
    }
  });

  it("refuses NOTIFY_MIN_SEVERITY without a topic, or below MIN_SEVERITY", () => {
    expect(configError({ TABLE_NAME: "incidents", NOTIFY_MIN_SEVERITY: "error" }).message).to.contain(
      "NOTIFY_TOPIC_ARN is not",
    );
    expect(
      configError({
        TABLE_NAME: "incidents",
        NOTIFY_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:t",
        NOTIFY_MIN_SEVERITY: "warn",
      }).message,
    ).to.contain("below MIN_SEVERITY");
  });
});
