/**
 * Lambda entry point (`index.handler` in the bundle): configuration and clients are created once
 * per container at cold start; an invalid environment fails the cold start with a `ConfigError`.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { loadConfig, type ProcessorConfig } from "./config";
import { ProcessorEnv } from "./contract";
import { createHandler } from "./processor";

function configOrFail(): ProcessorConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    new Logger({
      serviceName: process.env[ProcessorEnv.POWERTOOLS_SERVICE_NAME] || "log-processor",
    }).critical(
      "Cold start failed: invalid environment",
      error instanceof Error ? error : new Error(String(error)),
    );
    throw error;
  }
}

const config = configOrFail();

/** The Lambda handler. */
export const handler = createHandler({
  config,
  logger: new Logger({ serviceName: config.serviceName }),
  metrics: new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
  dynamo: new DynamoDBClient({}),
  sns: config.notifyTopicArn === undefined ? undefined : new SNSClient({}),
});
