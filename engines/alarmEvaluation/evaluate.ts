import { compileAlarmRule, type CompiledRule } from "./composite";
import { breaches, decideState, type Datapoint, type Decision } from "./decide";
import { evaluateExpression, parseExpression, referencedIds, type ExpressionNode } from "./math";
import { MetricStore, percentileOf } from "./store";
import type {
  AlarmResult,
  AlarmState,
  ComparisonOperator,
  CompositeAlarmDefinition,
  EvaluationResult,
  MetricAlarmDefinition,
  Notification,
  Statistic,
  Transition,
} from "./types";

/** What `evaluateAlarms` evaluates. */
export interface EvaluateAlarmsInput {
  alarms: readonly MetricAlarmDefinition[];
  composites?: readonly CompositeAlarmDefinition[];
  store: MetricStore;
  /** When the alarms are created (epoch ms); the first evaluation is one minute later. */
  startMs: number;
  /** The last evaluation happens at or before this time (epoch ms). */
  endMs: number;
  /**
   * How many periods the evaluation range holds for an alarm of N evaluation periods. CloudWatch
   * retrieves "a higher number of data points than specified by Evaluation Periods", depending on
   * the period and the resolution; its documented example retrieves 5 for 3 — N + 2, the default.
   * @default (alarm) => alarm.evaluationPeriods + 2
   */
  evaluationRange?: (alarm: MetricAlarmDefinition) => number;
  /**
   * How often alarms are evaluated (ms). CloudWatch evaluates every minute; a high-resolution alarm
   * (period 10 or 30 seconds) is evaluated every period.
   * @default 60000
   */
  intervalMs?: number;
  /**
   * Which evaluations run. `"changes"`: only those that can change a state — an alarm's first
   * evaluation, every evaluation whose evaluation range holds a datapoint of a metric it reads, and
   * the first one after its range has slid past the last of them (see `evaluationTimes`); composite
   * alarms at each of those times. `"every"`: every evaluation from `startMs` to `endMs`, as
   * CloudWatch runs them (the reference; its cost grows with the span, not the data). Both give the
   * same transitions and notifications.
   * @default "changes"
   */
  schedule?: "changes" | "every";
}

const MINUTE = 60_000;
const SYMBOL: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  GreaterThanThreshold: "greater than",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the band",
  LessThanLowerThreshold: "less than the lower threshold",
  GreaterThanUpperThreshold: "greater than the upper threshold",
};

/** `2026-11-28T10:05:00Z` without milliseconds. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
const num = (v: number): string => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** An evaluator for one metric alarm: the datapoints of its evaluation range at a time. */
interface MetricEvaluator {
  def: MetricAlarmDefinition;
  range: number;
  datapoints(atMs: number): { starts: number[]; values: Datapoint[] };
  /** For a percentile alarm that ignores low sample counts: whether the samples are too few at `atMs`. */
  tooFewSamples?(atMs: number): boolean;
  /** The treat-missing-data mode in effect (AWS/DynamoDB alarms always ignore missing data). */
  treatMissingData: MetricAlarmDefinition["treatMissingData"];
}

/**
 * The sample count under which a percentile alarm set to ignore low samples does not evaluate:
 * "For percentiles between 0.5 and 1.00, … fewer than 10/(1-percentile) data points during the
 * evaluation period … For percentiles between 0 and 0.5, … fewer than 10/percentile" ("Percentile-based
 * CloudWatch alarms and low data samples").
 */
export function lowSampleCountLimit(percentile: number): number {
  const f = percentile / 100;
  return f >= 0.5 ? 10 / (1 - f) : 10 / f;
}

function metricEvaluator(def: MetricAlarmDefinition, store: MetricStore, range: number): MetricEvaluator {
  const periodMs = def.periodSeconds * 1000;
  const starts = (atMs: number): number[] => {
    const lastEnd = Math.floor(atMs / periodMs) * periodMs;
    const out: number[] = [];
    for (let k = range; k >= 1; k--) out.push(lastEnd - k * periodMs);
    return out;
  };
  const perBuckets = periodMs / store.resolutionMs;
  if (!Number.isInteger(perBuckets))
    throw new Error(
      `alarm ${def.name}: period ${def.periodSeconds}s is not a multiple of the store's resolution`,
    );
  const needsSamples = (metric: NonNullable<MetricAlarmDefinition["metric"]>, stat: string): void => {
    if (percentileOf(stat) !== undefined && !store.handle(metric).keepSamples)
      throw new Error(
        `${stat} of ${metric.namespace}/${metric.name} needs raw samples: declare the alarms on the store (declareAlarms) before putting values`,
      );
  };
  if (def.metric && def.statistic) needsSamples(def.metric, def.statistic);
  for (const q of def.metricQueries ?? [])
    if (q.metricStat) needsSamples(q.metricStat.metric, q.metricStat.stat);
  const read = (
    metric: NonNullable<MetricAlarmDefinition["metric"]>,
    stat: Statistic,
    ss: number[],
  ): Datapoint[] => {
    const s = store.handle(metric);
    const p = percentileOf(stat);
    return ss.map((start) => store.datapoint(s, stat, p, start / store.resolutionMs, perBuckets));
  };
  if (def.metric && def.statistic) {
    const metric = def.metric;
    const stat = def.statistic;
    const p = percentileOf(stat);
    const ev: MetricEvaluator = {
      def,
      range,
      datapoints: (atMs) => {
        const ss = starts(atMs);
        return { starts: ss, values: read(metric, stat, ss) };
      },
      // "Alarms that evaluate metrics in the AWS/DynamoDB namespace always ignore missing data even
      // if you choose a different option" (PutMetricAlarm, TreatMissingData)
      treatMissingData: metric.namespace === "AWS/DynamoDB" ? "ignore" : def.treatMissingData,
    };
    if (p !== undefined && def.evaluateLowSampleCountPercentile === "ignore") {
      const limit = lowSampleCountLimit(p);
      ev.tooFewSamples = (atMs) => {
        const ss = starts(atMs).slice(-def.evaluationPeriods);
        const counts = read(metric, "SampleCount", ss);
        return counts.reduce<number>((sum, c) => sum + (c ?? 0), 0) < limit;
      };
    }
    return ev;
  }
  const queries = def.metricQueries ?? [];
  const parsed = new Map<string, ExpressionNode>();
  for (const q of queries) if (q.expression !== undefined) parsed.set(q.id, parseExpression(q.expression));
  const metricIdsOfQueries = queries.filter((q) => q.metricStat).map((q) => q.id);
  const ret = queries.find((q) => q.returnData);
  if (!ret) throw new Error(`alarm ${def.name}: no query returns data`);
  for (const [id, node] of parsed)
    for (const ref of referencedIds(node))
      if (!queries.some((q) => q.id === ref))
        throw new Error(`alarm ${def.name}: expression ${id} reads unknown id ${ref}`);
  return {
    def,
    range,
    datapoints: (atMs) => {
      const ss = starts(atMs);
      const cache = new Map<string, Float64Array>();
      const visiting = new Set<string>();
      const seriesOf = (id: string): Float64Array | undefined => {
        const hit = cache.get(id);
        if (hit) return hit;
        const q = queries.find((x) => x.id === id);
        if (!q) return undefined;
        if (visiting.has(id)) throw new Error(`alarm ${def.name}: expression ${id} depends on itself`);
        visiting.add(id);
        let out: Float64Array;
        if (q.metricStat) {
          const vals = read(q.metricStat.metric, q.metricStat.stat, ss);
          out = Float64Array.from(vals, (v) => (v === undefined ? NaN : v));
        } else {
          const src = q.expression ?? "";
          const v = evaluateExpression(src, parsed.get(id)!, {
            series: seriesOf,
            metricIds: () => metricIdsOfQueries,
            periodSeconds: def.periodSeconds,
            length: ss.length,
            timestamps: ss,
          });
          if (Array.isArray(v))
            throw new Error(`alarm ${def.name}: expression ${id} returns several time series`);
          out = typeof v === "number" ? new Float64Array(ss.length).fill(v) : v;
        }
        visiting.delete(id);
        cache.set(id, out);
        return out;
      };
      const s = seriesOf(ret.id)!;
      return { starts: ss, values: Array.from(s, (v) => (Number.isNaN(v) ? undefined : v)) };
    },
    treatMissingData: def.treatMissingData,
  };
}

function reasonFor(def: MetricAlarmDefinition, d: Decision, starts: number[], to: AlarmState): string {
  if (d.evaluated.length === 0) return `Insufficient Data: ${d.why ?? "no datapoints"}.`;
  const shown = d.evaluated
    .map((e) =>
      e.filled
        ? `missing (${iso(starts[e.index])}, treated as ${e.breaching ? "breaching" : "not breaching"})`
        : `${num(e.value!)} (${iso(starts[e.index])})`,
    )
    .join(", ");
  const n = d.evaluated.length;
  const rel = SYMBOL[def.comparisonOperator];
  const threshold = def.threshold !== undefined ? num(def.threshold) : "?";
  const head =
    to === "ALARM"
      ? `Threshold Crossed: ${d.breachingCount} out of the last ${n} datapoints [${shown}] ${d.breachingCount === 1 ? "was" : "were"} ${rel} the threshold (${threshold}) (minimum ${def.datapointsToAlarm} datapoint${def.datapointsToAlarm === 1 ? "" : "s"} for OK -> ALARM transition).`
      : to === "OK"
        ? `Threshold Crossed: ${n - d.breachingCount} out of the last ${n} datapoints [${shown}] ${n - d.breachingCount === 1 ? "was" : "were"} not ${rel} the threshold (${threshold}) (minimum ${def.evaluationPeriods - def.datapointsToAlarm + 1} datapoint${def.evaluationPeriods - def.datapointsToAlarm + 1 === 1 ? "" : "s"} for ALARM -> OK transition).`
        : `Insufficient Data: ${d.breachingCount} breaching datapoint(s) [${shown}], fewer than ${def.datapointsToAlarm}.`;
  return d.why ? `${head} ${d.why}.` : head;
}

/**
 * Evaluates metric and composite alarms every minute from `startMs` to `endMs` over the datapoints
 * in `store`, as CloudWatch does ("Evaluating an alarm"): each alarm starts in INSUFFICIENT_DATA;
 * every evaluation reads the alarm's evaluation range (the most recent complete periods), decides
 * the state (`decideState`), and a change of state is a transition with its time and reason that
 * invokes the actions of the new state — ALARM actions on entering ALARM, OK actions on entering OK,
 * INSUFFICIENT_DATA actions on entering INSUFFICIENT_DATA; staying in a state invokes nothing.
 * Composite alarms are evaluated after the metric alarms of the same minute, composites of
 * composites after the ones they read. Alarms that cannot be evaluated offline are reported with
 * `evaluable: false` and no transition.
 */
export function evaluateAlarms(input: EvaluateAlarmsInput): EvaluationResult {
  const { store, startMs, endMs } = input;
  const interval = input.intervalMs ?? MINUTE;
  const rangeOf = input.evaluationRange ?? ((a: MetricAlarmDefinition) => a.evaluationPeriods + 2);
  const results: AlarmResult[] = [];
  const notifications: Notification[] = [];
  const state = new Map<string, AlarmState>();

  interface Live {
    result: AlarmResult;
    actions: Record<AlarmState, string[]>;
    enabled: boolean;
    suppressor?: string;
  }
  const live = (
    def: MetricAlarmDefinition | CompositeAlarmDefinition,
    evaluable: boolean,
    note?: string,
  ): Live => {
    const result: AlarmResult = {
      name: def.name,
      kind: def.kind,
      transitions: [],
      finalState: "INSUFFICIENT_DATA",
      evaluable,
    };
    if (note !== undefined) result.note = note;
    results.push(result);
    state.set(def.name, "INSUFFICIENT_DATA");
    return {
      result,
      actions: { ALARM: def.alarmActions, OK: def.okActions, INSUFFICIENT_DATA: def.insufficientDataActions },
      enabled: def.actionsEnabled,
      suppressor: def.kind === "composite" ? def.actionsSuppressor : undefined,
    };
  };
  const transition = (l: Live, at: number, to: AlarmState, reason: string): void => {
    const from = state.get(l.result.name) ?? "INSUFFICIENT_DATA";
    if (from === to) return;
    const t: Transition = { at, from, to, reason };
    l.result.transitions.push(t);
    l.result.finalState = to;
    state.set(l.result.name, to);
    if (!l.enabled) return;
    if (l.suppressor !== undefined && state.get(l.suppressor) === "ALARM") return;
    for (const actionArn of l.actions[to])
      notifications.push({ at, alarm: l.result.name, state: to, from, actionArn, reason });
  };

  const metricLive: Array<{ l: Live; ev: MetricEvaluator; failed?: boolean }> = [];
  for (const def of input.alarms) {
    if (!def.evaluable) {
      live(def, false, def.note);
      continue;
    }
    let ev: MetricEvaluator;
    try {
      ev = metricEvaluator(def, store, Math.max(rangeOf(def), def.evaluationPeriods));
    } catch (e) {
      live(def, false, (e as Error).message);
      continue;
    }
    metricLive.push({ l: live(def, true, def.note), ev });
  }

  // composites in dependency order (a composite after the composites its rule reads)
  const compositeDefs = input.composites ?? [];
  const compiled = new Map<string, { def: CompositeAlarmDefinition; rule: CompiledRule }>();
  const compositeLive: Array<{ l: Live; rule: CompiledRule }> = [];
  const problems = new Map<string, string>();
  for (const def of compositeDefs) {
    if (!def.evaluable) {
      problems.set(def.name, def.note ?? "not evaluable");
      continue;
    }
    try {
      compiled.set(def.name, { def, rule: compileAlarmRule(def.alarmRule) });
    } catch (e) {
      problems.set(def.name, (e as Error).message);
    }
  }
  const known = new Set([...input.alarms.map((a) => a.name), ...compositeDefs.map((c) => c.name)]);
  const order: string[] = [];
  const mark = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    const c = compiled.get(name);
    if (!c || mark.get(name) === "done") return;
    if (mark.get(name) === "visiting") {
      problems.set(name, `the rule forms a cycle: ${[...path, name].join(" → ")}`);
      return;
    }
    mark.set(name, "visiting");
    for (const ref of c.rule.references) {
      if (!known.has(ref) && !problems.has(name))
        problems.set(name, `the rule names alarm ${JSON.stringify(ref)}, which is not in the stack`);
      visit(ref, [...path, name]);
    }
    mark.set(name, "done");
    order.push(name);
  };
  for (const name of compiled.keys()) visit(name, []);
  for (const def of compositeDefs) if (problems.has(def.name)) live(def, false, problems.get(def.name));
  for (const name of order)
    if (!problems.has(name))
      compositeLive.push({ l: live(compiled.get(name)!.def, true), rule: compiled.get(name)!.rule });

  // high-resolution alarms ("High-resolution alarms": a period of 10 or 30 seconds) are evaluated
  // every period; the others every `interval`
  const everyMs = (def: MetricAlarmDefinition): number =>
    def.periodSeconds < 60 ? def.periodSeconds * 1000 : interval;
  const step = metricLive.reduce((m, { ev }) => Math.min(m, everyMs(ev.def)), interval);
  const first = Math.floor(startMs / step) * step + step;
  const evaluateMetric = (entry: (typeof metricLive)[number], at: number): void => {
    const { l, ev } = entry;
    if (entry.failed || ev.tooFewSamples?.(at)) return;
    let read: ReturnType<MetricEvaluator["datapoints"]>;
    try {
      read = ev.datapoints(at);
    } catch (e) {
      // an expression CloudWatch would reject at run time (e.g. one returning several series)
      entry.failed = true;
      l.result.evaluable = false;
      l.result.note = (e as Error).message;
      return;
    }
    const { starts, values } = read;
    const def = ev.def;
    const threshold = def.threshold ?? NaN;
    const d = decideState(
      values,
      (v) => breaches(def.comparisonOperator, v, threshold),
      def.evaluationPeriods,
      def.datapointsToAlarm,
      ev.treatMissingData,
    );
    if (d.state === "RETAIN") return;
    if (d.state !== state.get(def.name)) transition(l, at, d.state, reasonFor(def, d, starts, d.state));
  };
  const evaluateComposites = (at: number): void => {
    for (const { l, rule } of compositeLive) {
      const value = rule.evaluate((n) => state.get(n));
      const to: AlarmState = value ? "ALARM" : "OK";
      if (to !== state.get(l.result.name)) {
        const states = rule.references.map((r) => `${r}=${state.get(r) ?? "?"}`).join(", ");
        transition(
          l,
          at,
          to,
          `Composite rule ${value ? "TRUE" : "FALSE"}: ${compiled.get(l.result.name)!.def.alarmRule} with ${states}.`,
        );
      }
    }
  };
  if ((input.schedule ?? "changes") === "every") {
    for (let at = first; at <= endMs; at += step) {
      for (const entry of metricLive) if (at % everyMs(entry.ev.def) === 0) evaluateMetric(entry, at);
      evaluateComposites(at);
    }
  } else {
    // each alarm at the times its state can change; composites whenever a metric alarm is evaluated
    // (their rule reads nothing else: between two such times it gives the same answer)
    const due = metricLive.map((entry) =>
      evaluationTimes(entry.ev, store, lcm(step, everyMs(entry.ev.def)), first, endMs),
    );
    const next = due.map(() => 0);
    const times = new Set<number>(first <= endMs ? [first] : []);
    for (const list of due) for (const t of list) times.add(t);
    for (const at of [...times].sort((a, b) => a - b)) {
      for (let i = 0; i < metricLive.length; i++)
        if (due[i][next[i]] === at) {
          next[i]++;
          evaluateMetric(metricLive[i], at);
        }
      evaluateComposites(at);
    }
  }
  notifications.sort((a, b) => a.at - b.at);
  return { alarms: results, notifications };
}

/** Declares on `store` every metric the alarms read with a percentile (call before putting values). */
export function declareAlarms(store: MetricStore, alarms: readonly MetricAlarmDefinition[]): void {
  for (const a of alarms) {
    if (a.metric && a.statistic && percentileOf(a.statistic) !== undefined) store.keepSamples(a.metric);
    for (const q of a.metricQueries ?? [])
      if (q.metricStat && percentileOf(q.metricStat.stat) !== undefined)
        store.keepSamples(q.metricStat.metric);
  }
}

const gcdOf = (a: number, b: number): number => (b === 0 ? a : gcdOf(b, a % b));
const lcm = (a: number, b: number): number => (a / gcdOf(a, b)) * b;

/** Metric-math functions whose value depends on the period's timestamp, not only on the data. */
const CLOCK_FUNCTIONS = new Set(["MINUTE", "HOUR", "DAY", "DATE", "MONTH", "YEAR", "EPOCH"]);

function readsClock(node: ExpressionNode): boolean {
  switch (node.t) {
    case "call":
      return CLOCK_FUNCTIONS.has(node.fn) || node.args.some(readsClock);
    case "list":
      return node.items.some(readsClock);
    case "unary":
      return readsClock(node.a);
    case "bin":
      return readsClock(node.a) || readsClock(node.b);
    default:
      return false;
  }
}

/**
 * The times (multiples of `everyMs` in [first, endMs], ascending) at which an alarm's evaluation can
 * change its state. An evaluation at `at` reads the `range` periods before the period holding `at`,
 * and decides from their values alone (`decideState`; the low-sample check and metric math read
 * the same values): two evaluations whose ranges hold no datapoint read the same values and decide
 * the same, and deciding the same twice changes nothing the second time. So the evaluations to run
 * are the first one, every one whose range holds a datapoint (a datapoint in the period starting at
 * `ps` is in range for `at` in [ps + period, ps + (range + 1) × period)), and the first one after
 * each run of those (the range has just emptied: a state can change — `breaching` / `missing` data,
 * M of N). An alarm whose metric math reads the clock (`HOUR()`, `DAY()`, …) is evaluated every time.
 */
function evaluationTimes(
  ev: MetricEvaluator,
  store: MetricStore,
  everyMs: number,
  first: number,
  endMs: number,
): number[] {
  const def = ev.def;
  const periodMs = def.periodSeconds * 1000;
  const firstAt = Math.ceil(first / everyMs) * everyMs;
  const out: number[] = [];
  if (firstAt > endMs) return out;
  const push = (t: number): void => {
    if (t >= firstAt && t <= endMs && (out.length === 0 || t > out[out.length - 1])) out.push(t);
  };
  const queries = def.metricQueries ?? [];
  if (queries.some((q) => q.expression !== undefined && readsClock(parseExpression(q.expression)))) {
    for (let t = firstAt; t <= endMs; t += everyMs) out.push(t);
    return out;
  }
  const metrics = def.metric
    ? [def.metric]
    : queries.flatMap((q) => (q.metricStat ? [q.metricStat.metric] : []));
  const periods = new Set<number>();
  for (const m of metrics)
    for (const index of store.handle(m).buckets.keys())
      periods.add(Math.floor((index * store.resolutionMs) / periodMs) * periodMs);
  const starts = [...periods].sort((a, b) => a - b);
  push(firstAt);
  const span = (ev.range + 1) * periodMs;
  for (let i = 0; i < starts.length;) {
    const lo = starts[i] + periodMs;
    let hi = starts[i] + span;
    for (i++; i < starts.length && starts[i] + periodMs <= hi; i++) hi = starts[i] + span;
    if (lo > endMs) break;
    for (let t = Math.max(Math.ceil(lo / everyMs) * everyMs, firstAt); t < hi && t <= endMs; t += everyMs)
      push(t);
    push(Math.ceil(hi / everyMs) * everyMs);
  }
  return out;
}
