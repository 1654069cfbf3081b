/**
 * Replays of a planned stack: scenarios one after another on the simulated clock (each in its own
 * `Replay`, so an alarm's state never leaks from one scenario into the next), or a user's file; the
 * verdict per alarm; the dashboards' preview data from the replayed metrics.
 */
import { metricKey } from "../../components/dashboard/body";
import type { Statistic } from "../../engines/alarmEvaluation";
import type { PreviewAlarmState, PreviewContributors } from "../../engines/dashboardPreview/preview";
import { TOP_CONTRIBUTORS } from "./contributors";
import { dashboardMetrics, type ReplayModel } from "./model";
import type { Progress } from "./progress";
import { Replay } from "./replay";
import { resolveExpectations, type Scenario } from "./scenarios";
import type { ReplayEvent, ReplayResult } from "./types";

const MINUTE = 60_000;

/** What a scenario put into the replay, and what the log groups received. */
export interface ScenarioInput {
  /** Log events the scenario wrote, by log group. */
  written: Record<string, number>;
  /** Log events each log group received: the scenario's, and the lines its functions logged. */
  logEvents: Record<string, number>;
  /** Native metric datapoints the scenario published. */
  datapoints: number;
  /** Their namespaces, in order of first use. */
  namespaces: string[];
}

/** One scenario's replay. */
export interface ScenarioRun {
  scenario: Scenario;
  result: ReplayResult;
  input: ScenarioInput;
  /** Dashboard preview data of this run (by metric key). */
  preview: Record<string, [number, number][]>;
}

/** How one alarm did across the runs. */
export interface AlarmVerdict {
  name: string;
  key?: string;
  /** False when an expectation failed (fired when it had to stay quiet, or did not fire). */
  ok: boolean;
  /** The verdict in words: "fired at +3m as expected (payment-failure-spike); stayed OK (order-normal)". */
  text: string;
  /**
   * What the scenarios showed: `fired` it fired (and recovered) where a scenario expects it to,
   * `quiet` it only stayed quiet where scenarios expect it to, `none` no scenario expects anything
   * of it. @default "none" (a replay without expectations)
   */
  proof?: "fired" | "quiet" | "none";
  /** The scenarios whose expectation it broke. @default [] */
  failedIn?: string[];
}

/** The statistics the dashboards' `SEARCH` expressions ask for (`SEARCH('…', 'Sum', 300)` → Sum). */
export function searchStatistics(model: ReplayModel): string[] {
  const out = new Set<string>();
  for (const d of model.dashboards)
    for (const m of d.body.matchAll(/SEARCH\(\s*'(?:[^'\\]|\\.)*'\s*,\s*'([^']+)'/g)) out.add(m[1]);
  return [...out];
}

/**
 * Preview data of one replay: each dashboard metric per minute with each statistic its graphs show
 * (keyed with the statistic, so a p99 line is the samples' 99th percentile, not their average; a
 * statistic without datapoints is an empty series), and under its plain key the first statistic
 * graphed; every metric of the replay with each statistic a dashboard's search asks for (keyed with
 * it), so a search finds every metric the replay produced; other metrics as in `result.series`.
 */
function previewOf(
  model: ReplayModel,
  replay: Replay,
  result: ReplayResult,
): Record<string, [number, number][]> {
  const data: Record<string, [number, number][]> = { ...result.series };
  const plain = new Set<string>();
  for (const d of dashboardMetrics(model)) {
    const points = replay.metricSeries(d.metric, d.stat, 60, result.startMs, result.endMs);
    data[d.statKey] = points;
    if (points.length > 0 && !plain.has(d.key)) {
      data[d.key] = points;
      plain.add(d.key);
    }
  }
  for (const stat of searchStatistics(model))
    for (const m of replay.store.metricIds()) {
      const key = metricKey(m.namespace, m.name, m.dimensions ?? {}, stat);
      if (key in data) continue;
      let points: [number, number][];
      try {
        points = replay.metricSeries(m, stat as Statistic, 60, result.startMs, result.endMs);
      } catch {
        continue; // a percentile of a metric whose samples the replay did not keep
      }
      if (points.length > 0) data[key] = points;
    }
  return data;
}

/**
 * What the dashboard previews show for the alarms and Contributor Insights rules of replays run
 * one after another: each alarm's state changes in time order and its state at the end of the last
 * replay (each replay starts an alarm afresh, in INSUFFICIENT_DATA); each rule's top contributors
 * (over several replays, the sum of each replay's top 10 — a lower bound for a contributor that
 * missed a replay's top 10, which the note says).
 */
export function previewStates(results: readonly ReplayResult[]): {
  alarms: Record<string, PreviewAlarmState>;
  contributors: Record<string, PreviewContributors>;
} {
  const alarms: Record<string, PreviewAlarmState> = {};
  for (const r of results)
    for (const a of r.alarms) {
      if (!a.evaluable) {
        alarms[a.name] = { state: "INSUFFICIENT_DATA", note: a.note ?? "not evaluable offline" };
        continue;
      }
      // replays run one after another: a replay's first transition out of its fresh
      // INSUFFICIENT_DATA into the state the previous replay ended in continues that state
      const transitions = [...(alarms[a.name]?.transitions ?? [])];
      let state = alarms[a.name]?.state;
      if (a.transitions.length === 0 && state !== undefined && state !== "INSUFFICIENT_DATA")
        transitions.push({ at: r.startMs, to: "INSUFFICIENT_DATA", reason: "no evaluation in this replay" });
      for (const t of a.transitions) {
        if (t.to !== state) transitions.push({ at: t.at, to: t.to, reason: t.reason });
        state = t.to;
      }
      const last = a.transitions[a.transitions.length - 1];
      alarms[a.name] = { state: last?.to ?? "INSUFFICIENT_DATA", transitions };
    }
  const contributors: Record<string, PreviewContributors> = {};
  const reports = new Map<string, ReplayResult["contributors"][string][]>();
  for (const r of results)
    for (const [rule, report] of Object.entries(r.contributors)) {
      const list = reports.get(rule) ?? [];
      list.push(report);
      reports.set(rule, list);
    }
  for (const [rule, list] of reports) {
    const sums = new Map<string, { keys: string[]; value: number }>();
    for (const report of list)
      for (const c of report.top) {
        const id = JSON.stringify(c.keys);
        const s = sums.get(id) ?? { keys: c.keys, value: 0 };
        s.value += c.value;
        sums.set(id, s);
      }
    const top = [...sums.values()].sort((a, b) => b.value - a.value).slice(0, TOP_CONTRIBUTORS);
    const withData = list.filter((r) => r.top.length > 0).length;
    const cut = withData > 1 && list.some((r) => r.top.length >= TOP_CONTRIBUTORS);
    contributors[rule] = {
      aggregateOn: list[0].aggregateOn,
      keys: list[0].keys,
      top,
      note:
        withData > 1
          ? `over the replay: the sum of ${withData} scenarios' top ${TOP_CONTRIBUTORS}${cut ? " (a contributor outside a scenario's top counts only where it was in it)" : ""}`
          : "over the replay",
    };
  }
  return { alarms, contributors };
}

/** The longest period of the model's alarms (metric or metric-math), at least a minute, at most an hour. */
export function alignmentMs(model: ReplayModel): number {
  let longest = 60;
  for (const a of model.alarmInputs) {
    const periods = [
      a.period,
      ...((a.metricQueries as { metric?: { period?: unknown } }[] | undefined) ?? []).map(
        (q) => q.metric?.period,
      ),
    ];
    for (const p of periods) if (typeof p === "number" && p > longest) longest = p;
  }
  return Math.min(longest, 3600) * 1000;
}

export interface ScenarioReplayOptions {
  /** Start of the first scenario (rounded up to a boundary of the longest alarm period). */
  startMs: number;
  /** Called after each scenario (progress). */
  onScenario?: (done: number, total: number, name: string) => void;
}

/** Replays each scenario in turn, each starting where the previous one ended. */
export async function replayScenarios(
  model: ReplayModel,
  scenarios: readonly Scenario[],
  options: ScenarioReplayOptions,
): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  // CloudWatch aligns periods to the epoch: each scenario starts on a boundary of the longest alarm
  // period (at most an hour), so "minute 3" of a scenario falls in the same period on every run
  const align = alignmentMs(model);
  let startMs = Math.ceil(options.startMs / align) * align;
  for (const [i, scenario] of scenarios.entries()) {
    const endMs = startMs + scenario.durationMinutes * MINUTE;
    const replay = new Replay(model, { startMs, endMs });
    const written: Record<string, number> = {};
    const namespaces = new Set<string>();
    let datapoints = 0;
    await scenario.drive({
      startMs,
      outputs: model.outputs,
      resources: model.resources,
      feed: (e: ReplayEvent) => {
        replay.feed(e);
        written[e.logGroup] = (written[e.logGroup] ?? 0) + 1;
      },
      putMetric: (m, t, v) => {
        replay.putMetric(m, t, v);
        datapoints++;
        namespaces.add(m.namespace);
      },
    });
    const result = await replay.finish();
    const input = { written, logEvents: replay.eventsByLogGroup(), datapoints, namespaces: [...namespaces] };
    runs.push({ scenario, result, input, preview: previewOf(model, replay, result) });
    options.onScenario?.(i + 1, scenarios.length, scenario.name);
    startMs = Math.ceil(endMs / align) * align;
  }
  return runs;
}

/**
 * Replays a user's events (one log group); alarms evaluated until 10 minutes after the last event.
 * `progress` is told of the events fed and the subscription deliveries run.
 */
export async function replayEvents(
  model: ReplayModel,
  events: readonly ReplayEvent[],
  progress?: Progress,
): Promise<{ result: ReplayResult; input: ScenarioInput; preview: Record<string, [number, number][]> }> {
  const first = events.reduce((m, e) => Math.min(m, e.timestamp), Number.POSITIVE_INFINITY);
  const startMs = Number.isFinite(first)
    ? Math.floor(first / MINUTE) * MINUTE
    : Math.floor(Date.now() / MINUTE) * MINUTE;
  const replay = new Replay(model, {
    startMs,
    ...(progress
      ? {
          onDelivery: (done: number, total: number) => progress.update(done, total, "deliveries", "handlers"),
        }
      : {}),
  });
  const written: Record<string, number> = {};
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    replay.feed(e);
    written[e.logGroup] = (written[e.logGroup] ?? 0) + 1;
    if (progress && (i & 4095) === 0) progress.update(i, events.length, "events", "filters");
  }
  progress?.update(events.length, events.length, "events", "deliveries and alarms");
  const result = await replay.finish();
  progress?.end(`${events.length.toLocaleString("en")} events replayed`);
  const input = { written, logEvents: replay.eventsByLogGroup(), datapoints: 0, namespaces: [] };
  return { result, input, preview: previewOf(model, replay, result) };
}

const plusMinutes = (at: number, startMs: number): string => `+${Math.round((at - startMs) / MINUTE)}m`;

/** The first ALARM transition of an alarm in a result, if any. */
function firstAlarm(result: ReplayResult, name: string): number | undefined {
  return result.alarms.find((a) => a.name === name)?.transitions.find((t) => t.to === "ALARM")?.at;
}

/**
 * One verdict per alarm of the model across scenario runs: fired as expected (when), stayed OK
 * where it had to, fired unexpectedly, did not fire when expected, or was never driven.
 */
export function verdicts(model: ReplayModel, runs: readonly ScenarioRun[]): AlarmVerdict[] {
  const names = new Map<string, string | undefined>();
  const keyOf = new Map<string, string>();
  for (const [k, v] of Object.entries((model.outputs.alarmNames ?? {}) as Record<string, unknown>))
    if (typeof v === "string") keyOf.set(v, k);
  for (const a of model.alarmInputs) names.set(String(a.name), keyOf.get(String(a.name)));
  for (const c of model.compositeInputs) names.set(String(c.alarmName), keyOf.get(String(c.alarmName)));
  const out: AlarmVerdict[] = [];
  for (const [name, key] of names) {
    const fired: string[] = [];
    const quiet: string[] = [];
    const problems: string[] = [];
    const failedIn = new Set<string>();
    let firedAsExpected = false;
    let note: string | undefined;
    for (const run of runs) {
      const e = resolveExpectations(run.scenario, model.outputs);
      const expectsFire = key !== undefined && e.fires.includes(key);
      const expectsQuiet = key !== undefined && e.quiet.includes(key);
      const a = run.result.alarms.find((x) => x.name === name);
      if (a && !a.evaluable) note = a.note ?? "not evaluable offline";
      const at = firstAlarm(run.result, name);
      const where = `${run.scenario.name}`;
      const before = problems.length;
      const timing = key === undefined ? undefined : e.timing[key];
      if (at !== undefined) {
        const when = plusMinutes(at, run.result.startMs);
        const minutes = (at - run.result.startMs) / MINUTE;
        const back = a?.transitions.find((t) => t.at > at && t.to === "OK")?.at;
        if (expectsFire && timing && minutes > timing.byMinute)
          problems.push(`fired at ${when} in ${where}, later than the expected +${timing.byMinute}m`);
        else if (
          expectsFire &&
          timing?.recoversByMinute !== undefined &&
          (back === undefined || (back - run.result.startMs) / MINUTE > timing.recoversByMinute)
        )
          problems.push(
            `fired at ${when} in ${where} but was not back to OK by +${timing.recoversByMinute}m${back === undefined ? "" : ` (OK at ${plusMinutes(back, run.result.startMs)})`}`,
          );
        else if (expectsFire) {
          fired.push(`fired at ${when} as expected (${where})`);
          firedAsExpected = true;
        } else if (expectsQuiet) problems.push(`FIRED at ${when} in ${where}, which expects it quiet`);
        else fired.push(`fired at ${when} (${where})`);
      } else if (expectsFire) problems.push(`did NOT fire in ${where}, which expects it to`);
      else if (expectsQuiet) quiet.push(where);
      if (problems.length > before) failedIn.add(where);
    }
    const parts = [...problems, ...fired];
    if (quiet.length > 0) parts.push(`stayed OK (${quiet.join(", ")})`);
    if (fired.length === 0 && problems.length === 0)
      parts.push(note !== undefined ? `not evaluated: ${note}` : "never fired: no scenario drives it");
    out.push({
      name,
      ...(key === undefined ? {} : { key }),
      ok: problems.length === 0,
      text: parts.join("; "),
      proof: firedAsExpected ? "fired" : quiet.length > 0 ? "quiet" : "none",
      failedIn: [...failedIn],
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Verdicts for a replay without expectations (a user's file). */
export function plainVerdicts(result: ReplayResult): AlarmVerdict[] {
  return result.alarms
    .map((a) => {
      const at = a.transitions.find((t) => t.to === "ALARM")?.at;
      const text = !a.evaluable
        ? `not evaluated: ${a.note ?? "not evaluable offline"}`
        : at !== undefined
          ? `fired at ${plusMinutes(at, result.startMs)}`
          : a.transitions.some((t) => t.to === "OK")
            ? "stayed OK"
            : "never fired: no data for it";
      return { name: a.name, ...(a.key === undefined ? {} : { key: a.key }), ok: true, text };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
