/**
 * Platform scenarios (seed 003): the e-commerce platform's services run elsewhere, so their alarms
 * watch native metrics (AWS/Lambda Errors per function, AWS/ApiGateway 5XXError, AWS/DMS
 * CDCLatencyTarget). The scenarios publish those metrics once a minute, as the services do, on the
 * metric and dimensions each planned alarm names.
 */
import { alarmMetric, alarmNamesOf, keysMatching } from "./plan";
import type { Scenario, ScenarioContext } from "./types";

const LAMBDA = "PlatformLambdaErrors-*";
const API = "PlatformApiGateway5xx";
const DMS = "PlatformDmsCdcLatency";

/** Publishes `valueAt(minute, index)` once a minute on the metric of every alarm matching `pattern`. */
function publish(
  ctx: ScenarioContext,
  pattern: string,
  minutes: number,
  valueAt: (minute: number, index: number) => number,
): void {
  const keys = keysMatching(pattern, Object.keys(alarmNamesOf(ctx.outputs)));
  keys.forEach((key, index) => {
    const metric = alarmMetric(ctx, key);
    for (let m = 0; m < minutes; m++)
      ctx.putMetric(metric, ctx.startMs + m * 60_000 + 15_000, valueAt(m, index));
  });
}

/** Healthy platform: a stray Lambda error now and then, no 5XX, replication a few seconds behind. */
function healthy(ctx: ScenarioContext, minutes: number, except: string[] = []): void {
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
      "From minute 2 the API answers 5XX three times a minute for 5 minutes (AWS/ApiGateway 5XXError) and DMS change-data-capture falls 10 minutes behind (CDCLatencyTarget 600 s): the API alarm and, where DMS is configured, the latency alarm fire; Lambda stays healthy.",
    systems: ["platform"],
    durationMinutes: 15,
    expect: { fires: [API, DMS], quiet: [LAMBDA] },
    drive: (ctx) => {
      publish(ctx, API, 15, (m) => (m >= 2 && m < 7 ? 3 : 0));
      publish(ctx, DMS, 15, (m) => (m >= 2 && m < 7 ? 600 : 5));
      healthy(ctx, 15, [API, DMS]);
    },
  },
];
