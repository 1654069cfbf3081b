/**
 * What `obskit verify` checks on a deployed stack, read from the stack model of its offline plan (the
 * same run as `obskit plan`): its metric filters with the samples the filter-pattern engine checked
 * at construction, its saved queries and its alarms, and what it does not check. Nothing is retyped.
 */
import { TYPE, type StackModel } from "../../model";
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
  /**
   * The planned cloud resources verify does not look up, counted by their kind in the stack model's
   * type table (by type token for a type the table does not know): stated in the report, so nothing
   * is left out silently. @default {}
   */
  notChecked?: Record<string, number>;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const orUndefined = (r: Record<string, string>): Record<string, string> | undefined =>
  Object.keys(r).length ? r : undefined;

/** The verify model of a planned stack, read from its stack model. */
export function modelFromPlan(plan: Pick<Plan, "model" | "policyContext">): VerifyModel {
  const { model } = plan;
  const settings = plan.policyContext.settings;
  return {
    stack: model.stack,
    region: str(settings["aws:region"]) ?? model.region,
    environment: str(settings.environment) ?? model.stack,
    protect: settings.protect === true,
    filters: model.metricFilters.map((f) => ({
      name: f.name,
      logGroupName: f.logGroupName,
      pattern: f.pattern,
      namespace: f.metric.namespace,
      metricName: f.metric.name,
      value: f.value,
      dimensions: orUndefined(f.metric.dimensions),
      samples: { match: [...f.samples.match], noMatch: [...f.samples.noMatch] },
    })),
    queries: model.queries.map((q) => ({
      name: q.name,
      queryString: q.queryString,
      logGroupNames: [...q.logGroupNames],
    })),
    alarms: model.alarms.map((a) => {
      const i = a.inputs;
      // a metric alarm watches exactly one metric, as the stack model read it; metric math, none of its own
      const metric = a.metricMath ? undefined : a.watches[0];
      return {
        key: a.key,
        name: a.name,
        namespace: metric?.namespace,
        metricName: metric?.name,
        dimensions: metric ? orUndefined(metric.dimensions) : undefined,
        statistic: str(i.statistic),
        extendedStatistic: str(i.extendedStatistic),
        period: num(i.period),
        evaluationPeriods: num(i.evaluationPeriods) ?? 1,
        datapointsToAlarm: num(i.datapointsToAlarm),
        threshold: num(i.threshold),
        comparisonOperator: str(i.comparisonOperator) ?? "",
        metricMath: a.metricMath,
      };
    }),
    notChecked: notChecked(model),
  };
}

/** Planned resources verify does not look up, counted by kind (or by type, for a type the table does not know). */
function notChecked(model: StackModel): Record<string, number> {
  const checked = new Set<string>([TYPE.metricFilter, TYPE.queryDefinition, TYPE.metricAlarm]);
  const out: Record<string, number> = {};
  for (const r of model.resources) {
    if (!r.custom || checked.has(r.type)) continue;
    const k = r.kind ?? r.type;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
