/**
 * Platform scenarios: the e-commerce platform's services run elsewhere, so their alarms watch
 * native metrics (AWS/Lambda Errors per function, AWS/ApiGateway 5XXError, AWS/DMS
 * CDCLatencyTarget). The scenarios publish those metrics once a minute, as the services do, on the
 * metric and dimensions each planned alarm names, with the traffic around them that the platform's
 * dashboards graph (API requests and latency, function invocations, throttles and duration, the
 * Batch failure rule's matches).
 */
import { alarmMetric, alarmNamesOf, keysMatching } from "./plan";
import type { Scenario, ScenarioContext, ScenarioMetricId } from "./types";

const LAMBDA = "PlatformLambdaErrors-*";
const API = "PlatformApiGateway5xx";
const DMS = "PlatformDmsCdcLatency";

/**
 * Publishes `valueAt(minute, index)` once a minute on the metric of every alarm matching `pattern`
 * (or on another metric of the same namespace and dimensions, `name`).
 */
function publish(
  ctx: ScenarioContext,
  pattern: string,
  minutes: number,
  valueAt: (minute: number, index: number) => number,
  name?: string,
): void {
  const keys = keysMatching(pattern, Object.keys(alarmNamesOf(ctx.outputs)));
  keys.forEach((key, index) => {
    const watched = alarmMetric(ctx, key);
    const metric = name === undefined ? watched : { ...watched, name };
    for (let m = 0; m < minutes; m++)
      ctx.putMetric(metric, ctx.startMs + m * 60_000 + 15_000, valueAt(m, index));
  });
}

/** `samples(minute)` at 5-second steps through each minute on `metric` (what a percentile reads). */
function publishSamples(
  ctx: ScenarioContext,
  metric: ScenarioMetricId,
  minutes: number,
  samples: (minute: number, i: number) => number,
): void {
  for (let m = 0; m < minutes; m++)
    for (let i = 0; i < 12; i++) ctx.putMetric(metric, ctx.startMs + m * 60_000 + i * 5_000, samples(m, i));
}

/**
 * The traffic the alarms sit in: the API's requests, 4XX and latencies on the 5XX alarm's API and
 * stage; each function's invocations, throttles and durations on its error alarm's function; and
 * the Batch failure rule's deliveries (none undelivered).
 */
function traffic(ctx: ScenarioContext, minutes: number): void {
  for (const key of keysMatching(API, Object.keys(alarmNamesOf(ctx.outputs)))) {
    const { namespace, dimensions } = alarmMetric(ctx, key);
    const on = (name: string): ScenarioMetricId => ({ namespace, name, dimensions });
    publish(ctx, key, minutes, (m) => 180 + (m % 4) * 15, "Count");
    publish(ctx, key, minutes, (m) => 2 + (m % 3), "4XXError");
    // latencies: mostly 60–115 ms, one slow request a minute (what p99 shows)
    publishSamples(ctx, on("Latency"), minutes, (m, i) =>
      i === 11 ? 480 + (m % 5) * 20 : 60 + ((m + i) % 12) * 5,
    );
    publishSamples(ctx, on("IntegrationLatency"), minutes, (m, i) =>
      i === 11 ? 430 + (m % 5) * 20 : 45 + ((m + i) % 12) * 5,
    );
  }
  keysMatching(LAMBDA, Object.keys(alarmNamesOf(ctx.outputs))).forEach((key, index) => {
    const { namespace, dimensions } = alarmMetric(ctx, key);
    publish(ctx, key, minutes, (m) => 40 + ((m + index) % 5) * 6, "Invocations");
    publish(ctx, key, minutes, () => 0, "Throttles");
    publishSamples(ctx, { namespace, name: "Duration", dimensions }, minutes, (m, i) =>
      i === 11 ? 900 + index * 40 : 120 + ((m + i + index) % 10) * 12,
    );
  });
  const rule = ctx.outputs.platformBatchFailureRule;
  if (typeof rule === "string" && rule !== "")
    for (let m = 0; m < minutes; m++)
      // the rule matched no FAILED job and no delivery failed: zeros, so the graphs show it
      for (const name of ["TriggeredRules", "FailedInvocations"])
        ctx.putMetric(
          { namespace: "AWS/Events", name, dimensions: { RuleName: rule } },
          ctx.startMs + m * 60_000 + 20_000,
          0,
        );
}

/** A Batch job fails at `minute`: the FAILED-job rule matches it once (AWS/Events TriggeredRules). */
function failedBatchJob(ctx: ScenarioContext, minute: number): void {
  const rule = ctx.outputs.platformBatchFailureRule;
  if (typeof rule === "string" && rule !== "")
    ctx.putMetric(
      { namespace: "AWS/Events", name: "TriggeredRules", dimensions: { RuleName: rule } },
      ctx.startMs + minute * 60_000 + 30_000,
      1,
    );
}

/** Healthy platform: a stray Lambda error now and then, no 5XX, replication a few seconds behind. */
function healthy(ctx: ScenarioContext, minutes: number, except: string[] = []): void {
  traffic(ctx, minutes);
  if (!except.includes(LAMBDA)) publish(ctx, LAMBDA, minutes, (m, i) => ((m + i) % 7 === 0 ? 1 : 0));
  if (!except.includes(API)) publish(ctx, API, minutes, (m) => (m % 5 === 4 ? 1 : 0));
  if (!except.includes(DMS)) publish(ctx, DMS, minutes, (m) => 4 + (m % 3) * 3);
}

export const PLATFORM_SCENARIOS: Scenario[] = [
  {
    name: "platform: normal operation",
    description:
      "Fifteen minutes of a healthy platform: at most one Lambda error a function every few minutes, a rare API Gateway 5XX, DMS replication 4–10 s behind: no platform alarm fires.",
    systems: ["platform"],
    durationMinutes: 15,
    expect: { fires: [], quiet: [LAMBDA, API, DMS] },
    drive: (ctx) => healthy(ctx, 15),
  },
  {
    name: "platform: Lambda error burst",
    description:
      "A shared dependency fails for 5 minutes from minute 2: every platform function reports 4 Errors a minute (AWS/Lambda Errors), each function's alarm fires and returns to OK; API Gateway and DMS stay healthy.",
    systems: ["platform"],
    durationMinutes: 15,
    expect: { fires: [LAMBDA], quiet: [API, DMS] },
    drive: (ctx) => {
      publish(ctx, LAMBDA, 15, (m) => (m >= 2 && m < 7 ? 4 : 0));
      healthy(ctx, 15, [LAMBDA]);
    },
  },
  {
    name: "platform: API and replication failures",
    description:
      "From minute 2 the API answers 5XX three times a minute for 5 minutes (AWS/ApiGateway 5XXError) and DMS change-data-capture falls 10 minutes behind (CDCLatencyTarget 600 s): the API alarm and, where DMS is configured, the latency alarm fire; Lambda stays healthy. At minute 4 a Batch job fails and the FAILED-job rule matches it.",
    systems: ["platform"],
    durationMinutes: 15,
    expect: { fires: [API, DMS], quiet: [LAMBDA] },
    drive: (ctx) => {
      publish(ctx, API, 15, (m) => (m >= 2 && m < 7 ? 3 : 0));
      publish(ctx, DMS, 15, (m) => (m >= 2 && m < 7 ? 600 : 5));
      healthy(ctx, 15, [API, DMS]);
      failedBatchJob(ctx, 4);
    },
  },
];
