/**
 * Scenarios: named traffic a replay is driven with. A scenario feeds log events and native metrics
 * through its context; the replay does the rest. The built-in set is `SCENARIOS: readonly Scenario[]`
 * exported by `scenarios/index.ts`; `obskit replay` (and `npm start`) runs each one whose systems the
 * stack enables, in its own `Replay` (replay.ts: `new Replay(model, { startMs, endMs })`, `feed`,
 * `putMetric`, `finish()`), one after another on the simulated clock (run.ts: `replayScenarios`).
 */
import type { MetricId, ReplayEvent } from "./types";

/** What a scenario drives the replay through. */
export interface ScenarioContext {
  /** Start of the scenario on the simulated clock (epoch ms, a whole minute). */
  startMs: number;
  /** The stack outputs (`logGroupNames`, `alarmNames`, `metricNamespace`, …). */
  outputs: Record<string, unknown>;
  /** Writes one log event into a log group of the stack. */
  feed(event: ReplayEvent): void;
  /** Publishes one datapoint of a native metric (AWS/Lambda Errors, AWS/SQS …). */
  putMetric(metric: MetricId, timestampMs: number, value: number): void;
}

export interface Scenario {
  /** Name on the command line (`--scenario <name>`). */
  name: string;
  /** One line: what happens. */
  description: string;
  /**
   * Systems of the stack that must be enabled for it (`orders`, `realtime`, `analyzer`, `audit`,
   * `platform`, `cafe`); skipped otherwise.
   */
  systems: string[];
  /** How long it runs on the simulated clock (alarms are evaluated until its end). */
  durationMinutes: number;
  /** Alarm KEYS (as in the stack output `alarmNames`) it must fire, and those that must stay quiet. */
  expect: { fires: string[]; quiet: string[] };
  drive(ctx: ScenarioContext): void | Promise<void>;
}

/** The systems a stack enables, from its parsed settings (`plan.policyContext.settings`). */
export function enabledSystems(settings: Record<string, unknown>): string[] {
  const on = (key: string, absentMeansOn: boolean): boolean => {
    const v = settings[key] as { enabled?: unknown } | undefined;
    if (v === undefined || v === null) return absentMeansOn;
    return v.enabled !== false;
  };
  const systems: string[] = [];
  if (on("orderWorker", true)) systems.push("orders");
  if (on("realtime", true)) systems.push("realtime");
  if (on("analyzer", true)) systems.push("analyzer");
  if (on("audit", true)) systems.push("audit");
  if (on("platform", false)) systems.push("platform");
  if (on("cafe", true)) systems.push("cafe");
  return systems;
}
