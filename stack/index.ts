import * as pulumi from "@pulumi/pulumi";
import type { LogPipeline } from "../components";
import { composeAnalyzer } from "./analyzer";
import { composeAudit } from "./audit";
import { composeCafe } from "./cafe";
import { composeOrders } from "./orders";
import { composePlatform } from "./platform";
import { composeRealtime } from "./realtime";
import type { StackOutputsInput } from "./outputs";
import { parseSettings, type Settings } from "./settings";
import { createShared } from "./shared";

export { parseSettings, ConfigError, type Settings } from "./settings";
export { STACK_OUTPUTS, type StackOutputs, type StackOutputsInput } from "./outputs";

/** Reads and validates the running stack's config (before any resource is declared). */
export function loadSettings(): Settings {
  return parseSettings(pulumi.runtime.allConfig());
}

/**
 * The obskit stack: settings → what the systems share (tags, log defaults, the alarm path) → one
 * `compose<System>` per system → the stack outputs, merged from each system's fragment. Every
 * per-stage difference comes from `settings`.
 */
export function createStack(s: Settings): StackOutputsInput {
  const shared = createShared(s);
  const systems = [
    composeOrders(s, shared),
    composeRealtime(s, shared),
    composeAnalyzer(s, shared),
    composeAudit(s, shared),
    composePlatform(s, shared),
    composeCafe(s, shared),
  ];

  const pipelines = mergeDistinct(
    systems.map((x) => x.logGroups ?? {}),
    "logGroupNames",
  );
  const byKey = <T>(f: (p: LogPipeline) => T) =>
    Object.fromEntries(Object.entries(pipelines).map(([k, p]) => [k, f(p)]));
  const { alerting } = shared;
  const dashboards = mergeDistinct(
    systems.map((x) => x.dashboards ?? {}),
    "dashboardNames",
  );
  return {
    environment: s.environment,
    region: s["aws:region"],
    logGroupNames: byKey((p) => p.logGroupName),
    logGroupArns: byKey((p) => p.logGroupArn),
    // every alarm of the stack: each system added its own through the path
    alarmNames: { ...alerting.alarmNames },
    alarmArns: { ...alerting.alarmArns },
    alertTopicArn: alerting.topicArn,
    dashboardNames: Object.fromEntries(Object.entries(dashboards).map(([k, d]) => [k, d.dashboardName])),
    dashboardUrls: Object.fromEntries(Object.entries(dashboards).map(([k, d]) => [k, d.url])),
    kmsKeyArns: mergeDistinct(
      [{ alertTopic: alerting.kmsKeyArn }, ...systems.map((x) => x.kmsKeyArns ?? {})],
      "kmsKeyArns",
    ),
    ...systemOutputs(systems),
  };
}

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The systems' top-level outputs, merged: typed as all of them together, so `createStack`'s return
 * type (the contract in `stack/outputs.ts`) checks that every output has a system and its type.
 */
function systemOutputs<T extends { readonly outputs: object }>(
  systems: readonly T[],
): Intersection<T["outputs"]> {
  return mergeDistinct(
    systems.map((x) => x.outputs as Record<string, unknown>),
    "stack outputs",
  ) as Intersection<T["outputs"]>;
}

/** Merges the systems' fragments; two systems claiming one key is a composition bug, not an override. */
export function mergeDistinct<T>(parts: Record<string, T>[], what: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const part of parts)
    for (const [k, v] of Object.entries(part)) {
      if (k in out) throw new Error(`two systems both contribute ${JSON.stringify(k)} to ${what}`);
      out[k] = v;
    }
  return out;
}
