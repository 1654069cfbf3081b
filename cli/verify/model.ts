/**
 * What `obskit verify` checks on a deployed stack, read from the stack's offline plan (the same run
 * as `obskit plan`): its metric filters with the samples the filter-pattern engine checked at
 * construction, its saved queries and its alarms. Nothing is retyped.
 */
import type { Plan } from "../plan/plan";

/** A metric filter of the stack and the samples it was checked with. */
export interface VerifyFilter {
  /** The filter's name (`LogMetricFilter.name`). */
  name: string;
  logGroupName: string;
  pattern: string;
  namespace: string;
  metricName: string;
  /** The metric value: a number or a `$field`. */
  value: string;
  dimensions?: Record<string, string>;
  /** Lines the pattern must / must not match, as declared on the LogPipeline. */
  samples: { match: string[]; noMatch: string[] };
}

/** A saved Logs Insights query. */
export interface VerifyQuery {
  name: string;
  queryString: string;
  logGroupNames: string[];
}

/** A metric alarm as planned (metric-math alarms have no `metricName`). */
export interface VerifyAlarm {
  /** Its key in the stack output `alarmNames`, when it has one. */
  key?: string;
  name: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  extendedStatistic?: string;
  period?: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator: string;
  /** Whether the alarm is a metric-math alarm (`metricQueries`). */
  metricMath: boolean;
}

export interface VerifyModel {
  stack: string;
  region: string;
  environment: string;
  /** `obskit:protect`: the stage keeps its data; `--fire` refuses it without an explicit flag. */
  protect: boolean;
  filters: VerifyFilter[];
  queries: VerifyQuery[];
  alarms: VerifyAlarm[];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function record(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const entries = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string");
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The verify model of a planned stack. */
export function modelFromPlan(plan: Plan): VerifyModel {
  const resources = plan.run.resources;
  const settings = plan.policyContext.settings;
  const samplesByParent = new Map<string, Record<string, unknown>>();
  for (const r of resources) {
    const fs = r.outputs?.filterSamples;
    if (!r.custom && fs && typeof fs === "object") samplesByParent.set(r.urn, fs as Record<string, unknown>);
  }

  const filters: VerifyFilter[] = [];
  for (const r of resources) {
    if (r.type !== "aws:cloudwatch/logMetricFilter:LogMetricFilter") continue;
    const name = str(r.inputs.name) ?? r.name;
    const t = (r.inputs.metricTransformation ?? {}) as Record<string, unknown>;
    const declared = (r.parent ? samplesByParent.get(r.parent)?.[name] : undefined) as
      { match?: unknown; noMatch?: unknown } | undefined;
    filters.push({
      name,
      logGroupName: str(r.inputs.logGroupName) ?? "",
      pattern: str(r.inputs.pattern) ?? "",
      namespace: str(t.namespace) ?? "",
      metricName: str(t.name) ?? "",
      value: str(t.value) ?? "1",
      dimensions: record(t.dimensions),
      samples: { match: strings(declared?.match), noMatch: strings(declared?.noMatch) },
    });
  }

  const queries: VerifyQuery[] = resources
    .filter((r) => r.type === "aws:cloudwatch/queryDefinition:QueryDefinition")
    .map((r) => ({
      name: str(r.inputs.name) ?? r.name,
      queryString: str(r.inputs.queryString) ?? "",
      logGroupNames: strings(r.inputs.logGroupNames),
    }));

  const keyByName = new Map<string, string>();
  const alarmNames = plan.json.outputs.alarmNames;
  if (alarmNames && typeof alarmNames === "object")
    for (const [k, v] of Object.entries(alarmNames)) if (typeof v === "string") keyByName.set(v, k);

  const alarms: VerifyAlarm[] = resources
    .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
    .map((r) => {
      const i = r.inputs;
      const name = str(i.name) ?? r.name;
      return {
        key: keyByName.get(name),
        name,
        namespace: str(i.namespace),
        metricName: str(i.metricName),
        dimensions: record(i.dimensions),
        statistic: str(i.statistic),
        extendedStatistic: str(i.extendedStatistic),
        period: num(i.period),
        evaluationPeriods: num(i.evaluationPeriods) ?? 1,
        datapointsToAlarm: num(i.datapointsToAlarm),
        threshold: num(i.threshold),
        comparisonOperator: str(i.comparisonOperator) ?? "",
        metricMath: Array.isArray(i.metricQueries) && i.metricQueries.length > 0,
      };
    });

  return {
    stack: plan.json.stack,
    region: str(settings["aws:region"]) ?? str(plan.json.outputs.region) ?? "",
    environment: str(settings.environment) ?? plan.json.stack,
    protect: settings.protect === true,
    filters,
    queries,
    alarms,
  };
}
