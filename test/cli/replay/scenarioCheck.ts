/**
 * An engine-independent check of the scenarios: each scenario's events go through the plan's metric
 * filters (the package's filter-pattern engine: pattern, value, default value) and its native
 * metrics are taken as published; per alarm period, the alarm's statistic (Sum, Maximum, Minimum,
 * SampleCount, Average) is compared with its planned threshold, and an alarm "breaches" when M of N
 * consecutive periods do. Metric-math alarms are left to the replay engine.
 */
import { compileFilterPattern, metricValueFor } from "../../../components/filterPattern";
import type { Plan } from "../../../cli/plan/plan";
import type { Scenario, ScenarioMetricId } from "../../../cli/replay/scenarios";

const MINUTE = 60_000;

interface Agg {
  sum: number;
  count: number;
  min: number;
  max: number;
}

const idOf = (namespace: string, name: string, dimensions: Record<string, string> = {}) =>
  `${namespace}/${name}${JSON.stringify(Object.entries(dimensions).sort())}`;

/** Per-minute aggregates of every metric one scenario produced. */
export interface ScenarioMetrics {
  startMs: number;
  endMs: number;
  minutes: Map<string, Map<number, Agg>>;
  events: number;
}

export async function scenarioMetrics(
  plan: Plan,
  scenario: Scenario,
  startMs: number,
): Promise<ScenarioMetrics> {
  const filters = plan.run.resources
    .filter((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter")
    .map((r) => {
      const t = r.inputs.metricTransformation as Record<string, unknown>;
      return {
        group: String(r.inputs.logGroupName),
        matcher: compileFilterPattern(String(r.inputs.pattern ?? "")),
        id: idOf(String(t.namespace), String(t.name)),
        value: String(t.value),
        defaultValue: t.defaultValue === undefined ? undefined : Number(t.defaultValue),
      };
    });
  const minutes = new Map<string, Map<number, Agg>>();
  const put = (id: string, at: number, v: number) => {
    const minute = Math.floor(at / MINUTE) * MINUTE;
    let m = minutes.get(id);
    if (!m) minutes.set(id, (m = new Map()));
    const a = m.get(minute) ?? { sum: 0, count: 0, min: Infinity, max: -Infinity };
    a.sum += v;
    a.count += 1;
    a.min = Math.min(a.min, v);
    a.max = Math.max(a.max, v);
    m.set(minute, a);
  };
  // which minutes each filter saw events in, and matched in (default values fill the rest)
  const seen = new Map<number, Set<number>>();
  const matched = new Map<number, Set<number>>();
  let events = 0;
  await scenario.drive({
    startMs,
    outputs: plan.run.outputs,
    resources: plan.run.resources,
    feed: (e) => {
      events++;
      filters.forEach((f, i) => {
        if (f.group !== e.logGroup) return;
        const minute = Math.floor(e.timestamp / MINUTE) * MINUTE;
        (seen.get(i) ?? seen.set(i, new Set()).get(i)!).add(minute);
        const value = metricValueFor(f.matcher(e.message), f.value);
        if (value === undefined) return;
        (matched.get(i) ?? matched.set(i, new Set()).get(i)!).add(minute);
        put(f.id, e.timestamp, value);
      });
    },
    putMetric: (m: ScenarioMetricId, at: number, v: number) =>
      put(idOf(m.namespace, m.name, m.dimensions), at, v),
  });
  filters.forEach((f, i) => {
    if (f.defaultValue === undefined) return;
    for (const minute of seen.get(i) ?? [])
      if (!matched.get(i)?.has(minute)) put(f.id, minute, f.defaultValue);
  });
  return { startMs, endMs: startMs + scenario.durationMinutes * MINUTE, minutes, events };
}

const COMPARE: Record<string, (v: number, t: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/**
 * Whether a single-metric alarm's planned condition holds (M of N periods breaching) anywhere in
 * the scenario, and whether its metric got any datapoint; undefined for a metric-math alarm.
 */
export function breaches(
  metrics: ScenarioMetrics,
  inputs: Record<string, unknown>,
): { breached: boolean; hasData: boolean } | undefined {
  if (typeof inputs.namespace !== "string" || typeof inputs.metricName !== "string") return undefined;
  const id = idOf(inputs.namespace, inputs.metricName, (inputs.dimensions ?? {}) as Record<string, string>);
  const perMinute = metrics.minutes.get(id) ?? new Map<number, Agg>();
  const periodMs = Number(inputs.period) * 1000;
  const n = Number(inputs.evaluationPeriods ?? 1);
  const m = Number(inputs.datapointsToAlarm ?? n);
  const compare = COMPARE[String(inputs.comparisonOperator)];
  const threshold = Number(inputs.threshold);
  const stat = String(inputs.statistic);
  const periods: (boolean | undefined)[] = [];
  for (let p = Math.floor(metrics.startMs / periodMs) * periodMs; p < metrics.endMs; p += periodMs) {
    const inPeriod = [...perMinute].filter(([t]) => t >= p && t < p + periodMs).map(([, a]) => a);
    if (inPeriod.length === 0) {
      periods.push(undefined);
      continue;
    }
    const sum = inPeriod.reduce((s, a) => s + a.sum, 0);
    const count = inPeriod.reduce((s, a) => s + a.count, 0);
    const value =
      stat === "Sum"
        ? sum
        : stat === "Maximum"
          ? Math.max(...inPeriod.map((a) => a.max))
          : stat === "Minimum"
            ? Math.min(...inPeriod.map((a) => a.min))
            : stat === "SampleCount"
              ? count
              : sum / count;
    periods.push(compare(value, threshold));
  }
  if (inputs.treatMissingData === "breaching") periods.forEach((b, i) => (periods[i] = b ?? true));
  let breached = false;
  for (let i = 0; i + n <= periods.length && !breached; i++)
    breached = periods.slice(i, i + n).filter((b) => b === true).length >= m;
  if (n > periods.length) breached = periods.filter((b) => b === true).length >= m;
  return { breached, hasData: perMinute.size > 0 };
}
