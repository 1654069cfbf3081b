/**
 * The built-in replay scenarios, and the standard set `npm start` replays. Each scenario is driven
 * by the apps' real generators (order worker, café traffic, test emitter, log analyzer) or by real
 * CloudTrail records, and names the alarms (keys of the stack output `alarmNames`) it must fire and
 * keep quiet.
 */
import { ANALYZER_SCENARIOS } from "./analyzer";
import { AUDIT_SCENARIOS } from "./audit";
import { CAFE_SCENARIOS } from "./cafe";
import { ORDER_SCENARIOS } from "./orders";
import { PLATFORM_SCENARIOS } from "./platform";
import { alarmNamesOf, enabledSystems, keysMatching } from "./plan";
import { REALTIME_SCENARIOS } from "./realtime";
import type { Scenario } from "./types";

export * from "./types";
export {
  ScenarioPlanError,
  alarmMetric,
  alarmInputs,
  logGroup,
  orderWorkerRate,
  enabledSystems,
} from "./plan";
export { DERIVED_RECORDS, ROUTINE_RECORDS, controlEventLine } from "./audit";

/** Every built-in scenario, by system. */
export const BUILT_IN_SCENARIOS: readonly Scenario[] = [
  ...ORDER_SCENARIOS,
  ...REALTIME_SCENARIOS,
  ...CAFE_SCENARIOS,
  ...AUDIT_SCENARIOS,
  ...PLATFORM_SCENARIOS,
  ...ANALYZER_SCENARIOS,
];

/** Names of the scenarios `npm start` replays (the list). */
export const STANDARD_SCENARIO_NAMES = [
  "orders: normal rate",
  "orders: payment-failure spike",
  "errors: ERROR pipeline burst",
  "cafe: 404 storm",
  "cafe: menu.php 500 incident",
  "audit: root console login",
  "audit: CMK deletion",
  "platform: Lambda error burst",
  "platform: API and replication failures",
] as const;

/** The standard set, in order. */
export const STANDARD_SCENARIOS: readonly Scenario[] = STANDARD_SCENARIO_NAMES.map((name) =>
  scenarioNamed(name),
);

/** The built-in scenario called `name` (case-insensitive); throws listing the names when there is none. */
export function scenarioNamed(name: string): Scenario {
  const found = BUILT_IN_SCENARIOS.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  if (!found)
    throw new Error(
      `no scenario ${JSON.stringify(name)}; the built-in scenarios are: ${BUILT_IN_SCENARIOS.map((s) => s.name).join(", ")}`,
    );
  return found;
}

/** A scenario's expectations resolved against one stack: alarm keys only, patterns expanded. */
export interface ResolvedExpectations {
  fires: string[];
  quiet: string[];
  /** @default undefined */
  incidentsAtLeast?: number;
  timing: Record<string, { byMinute: number; recoversByMinute?: number }>;
}

/** Expands the scenario's expectations to the alarm keys the stack has (`Prefix*` patterns included). */
export function resolveExpectations(
  scenario: Scenario,
  outputs: Record<string, unknown>,
): ResolvedExpectations {
  const keys = Object.keys(alarmNamesOf(outputs));
  const expand = (patterns: string[]) => [...new Set(patterns.flatMap((p) => keysMatching(p, keys)))];
  const timing: ResolvedExpectations["timing"] = {};
  for (const [pattern, t] of Object.entries(scenario.timing ?? {}))
    for (const key of keysMatching(pattern, keys)) timing[key] = t;
  return {
    fires: expand(scenario.expect.fires),
    quiet: expand(scenario.expect.quiet),
    ...(scenario.expect.incidentsAtLeast === undefined
      ? {}
      : { incidentsAtLeast: scenario.expect.incidentsAtLeast }),
    timing,
  };
}

/**
 * The scenarios that apply to a planned stack: their systems are enabled, and they fire or keep
 * quiet at least one alarm the stack has (a prod-only alarm's scenario does not apply to dev).
 */
export function scenariosFor(
  outputs: Record<string, unknown>,
  from: readonly Scenario[] = BUILT_IN_SCENARIOS,
): Scenario[] {
  const on = enabledSystems(outputs);
  return from.filter((s) => {
    if (!s.systems.every((x) => on.has(x))) return false;
    const e = resolveExpectations(s, outputs);
    return e.fires.length + e.quiet.length > 0;
  });
}
