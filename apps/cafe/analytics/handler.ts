/**
 * Lambda entry point of the café analytics (`index.handler` in the bundle). The configuration,
 * logger, metrics and the GeoIP database (loaded by geoip-lite when `./geo` is imported, from
 * `GEODATADIR` — the `geoip/` folder beside the bundle in the function archive) are set up once per
 * container; an invalid environment fails the cold start.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createHandler, loadAnalyticsConfig, type AnalyticsConfig } from "./analytics";
import { AnalyticsEnv } from "./contract";
import { locate } from "./geo";

function configOrFail(): AnalyticsConfig {
  try {
    return loadAnalyticsConfig(process.env);
  } catch (error) {
    new Logger({
      serviceName: process.env[AnalyticsEnv.POWERTOOLS_SERVICE_NAME] || "cafe-analytics",
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
  locate,
  write: (text) => {
    process.stdout.write(text);
  },
});
