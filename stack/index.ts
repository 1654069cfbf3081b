import * as pulumi from "@pulumi/pulumi";
import { composeAnalyzer } from "./analyzer";
import { composeOrders } from "./orders";
import { composeRealtime } from "./realtime";
import { parseSettings, type Settings } from "./settings";
import { createShared, type SystemOutputs } from "./shared";

export { parseSettings, ConfigError, type Settings } from "./settings";

/** Reads and validates the running stack's config (before any resource is declared). */
export function loadSettings(): Settings {
  return parseSettings(pulumi.runtime.allConfig());
}

/**
 * The obskit stack: settings → what the systems share (tags, log defaults, the alarm path) → one
 * `compose<System>` per system → the stack outputs, merged from each system's fragment. Every
 * per-stage difference comes from `settings`.
 */
export function createStack(s: Settings) {
  const shared = createShared(s);
  const systems: SystemOutputs[] = [
    composeOrders(s, shared),
    composeRealtime(s, shared),
    composeAnalyzer(s, shared),
  ];

  const pipelines = Object.assign({}, ...systems.map((x) => x.logGroups ?? {})) as Record<
    string,
    { logGroupName: pulumi.Output<string>; logGroupArn: pulumi.Output<string> }
  >;
  const byKey = <T>(f: (p: (typeof pipelines)[string]) => T) =>
    Object.fromEntries(Object.entries(pipelines).map(([k, p]) => [k, f(p)]));
  const { alerting } = shared;
  return {
    environment: s.environment,
    region: s["aws:region"],
    logGroupNames: byKey((p) => p.logGroupName),
    logGroupArns: byKey((p) => p.logGroupArn),
    // every alarm of the stack: each system added its own through the path
    alarmNames: { ...alerting.alarmNames },
    alarmArns: { ...alerting.alarmArns },
    alertTopicArn: alerting.topicArn,
    kmsKeyArns: Object.assign(
      { alertTopic: alerting.kmsKeyArn },
      ...systems.map((x) => x.kmsKeyArns ?? {}),
    ) as Record<string, pulumi.Input<string>>,
    ...(Object.assign({}, ...systems.map((x) => x.outputs)) as Record<string, unknown>),
  };
}
