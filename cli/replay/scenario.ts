/**
 * Scenarios: named traffic a replay is driven with. A scenario feeds log events and native metrics
 * through its context; the replay does the rest. The built-in set is `SCENARIOS: readonly Scenario[]`
 * exported by `scenarios/index.ts`; `obskit replay` (and `npm start`) runs each one whose systems the
 * stack enables, in its own `Replay` (replay.ts: `new Replay(model, { startMs, endMs })`, `feed`,
 * `putMetric`, `finish()`), one after another on the simulated clock (run.ts: `replayScenarios`).
 */
// The interface lives with the scenarios (cli/replay/scenarios/types.ts): their context carries the
// planned resources as well as the outputs (alarm dimensions, the order worker's planned rate).
export type { Scenario, ScenarioContext } from "./scenarios/types";

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
