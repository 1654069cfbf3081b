/**
 * What scenarios read from the plan: log group names and alarm keys from the stack outputs, the
 * metric (and dimensions) of a native-metric alarm from its planned inputs, the order worker's
 * planned rate. Each lookup throws naming what is missing rather than guessing.
 */
import type { ScenarioContext, ScenarioMetricId, ScenarioResource, ScenarioSystem } from "./types";

const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** A scenario asked the plan for something it does not have. */
export class ScenarioPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioPlanError";
  }
}

function record(outputs: Record<string, unknown>, key: string): Record<string, string> {
  const v = outputs[key];
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};
}

/** The stack output `alarmNames`: alarm key → alarm name. */
export function alarmNamesOf(outputs: Record<string, unknown>): Record<string, string> {
  return record(outputs, "alarmNames");
}

/** The log group the stack output `logGroupNames` gives for `key`. */
export function logGroup(ctx: Pick<ScenarioContext, "outputs">, key: string): string {
  const name = record(ctx.outputs, "logGroupNames")[key];
  if (typeof name !== "string")
    throw new ScenarioPlanError(`the stack output logGroupNames has no ${JSON.stringify(key)}`);
  return name;
}

/** The planned inputs of the metric alarm with stack-output key `key`. */
export function alarmInputs(
  ctx: Pick<ScenarioContext, "outputs" | "resources">,
  key: string,
): Record<string, unknown> {
  const name = alarmNamesOf(ctx.outputs)[key];
  if (typeof name !== "string")
    throw new ScenarioPlanError(`the stack output alarmNames has no ${JSON.stringify(key)}`);
  const found = ctx.resources.find(
    (r) => r.type === METRIC_ALARM && (r.inputs.name === name || r.state?.name === name),
  );
  if (!found)
    throw new ScenarioPlanError(`the plan has no metric alarm named ${JSON.stringify(name)} (key ${key})`);
  return found.inputs;
}

/** The metric a single-metric alarm watches, as planned (namespace, name, dimensions). */
export function alarmMetric(
  ctx: Pick<ScenarioContext, "outputs" | "resources">,
  key: string,
): ScenarioMetricId {
  const i = alarmInputs(ctx, key);
  if (typeof i.namespace !== "string" || typeof i.metricName !== "string")
    throw new ScenarioPlanError(`alarm ${key} is not a single-metric alarm (it has no namespace/metricName)`);
  return {
    namespace: i.namespace,
    name: i.metricName,
    dimensions: { ...((i.dimensions ?? {}) as Record<string, string>) },
  };
}

/** The planned threshold of an alarm. */
export function alarmThreshold(ctx: Pick<ScenarioContext, "outputs" | "resources">, key: string): number {
  const t = Number(alarmInputs(ctx, key).threshold);
  if (!Number.isFinite(t)) throw new ScenarioPlanError(`alarm ${key} has no numeric threshold`);
  return t;
}

/** Alarm keys matching `pattern` (`Prefix*` matches by prefix, anything else exactly). */
export function keysMatching(pattern: string, keys: readonly string[]): string[] {
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    return keys.filter((k) => k.startsWith(prefix));
  }
  return keys.includes(pattern) ? [pattern] : [];
}

/** The order worker's planned total rate: `ORDER_WORKER_RATE` of its task × the desired count. */
export function orderWorkerRate(ctx: Pick<ScenarioContext, "resources">): { perTask: number; tasks: number } {
  const service = ctx.resources.find((r) => hasWorkerRate(r));
  if (!service)
    throw new ScenarioPlanError("the plan has no order worker task (no ORDER_WORKER_RATE variable)");
  const container = (service.inputs.taskDefinitionArgs as { container?: { environment?: unknown } })
    .container;
  const env = (container?.environment ?? []) as { name: string; value: string }[];
  const perTask = Number(env.find((e) => e.name === "ORDER_WORKER_RATE")?.value);
  const tasks = Number(service.inputs.desiredCount ?? 1);
  if (!(perTask > 0) || !(tasks >= 1))
    throw new ScenarioPlanError(
      `the order worker's planned rate is not usable (rate ${perTask}, tasks ${tasks})`,
    );
  return { perTask, tasks };
}

function hasWorkerRate(r: ScenarioResource): boolean {
  const args = r.inputs.taskDefinitionArgs as { container?: { environment?: unknown } } | undefined;
  const env = args?.container?.environment;
  return Array.isArray(env) && env.some((e) => (e as { name?: unknown }).name === "ORDER_WORKER_RATE");
}

/** Which systems the planned stack has, from its outputs. */
export function enabledSystems(outputs: Record<string, unknown>): Set<ScenarioSystem> {
  const groups = record(outputs, "logGroupNames");
  const alarms = alarmNamesOf(outputs);
  const on = new Set<ScenarioSystem>();
  if (groups.orders) on.add("orders");
  if (groups.errors && alarms.ErrorCount) on.add("realtime");
  if (outputs.analyzerServiceName !== undefined) on.add("analyzer");
  if (outputs.trailName !== undefined) on.add("audit");
  if (Object.keys(record(outputs, "platformAlarmNames")).length > 0) on.add("platform");
  if (groups.cafeAccess) on.add("cafe");
  return on;
}
