/**
 * Replays of a planned stack: scenarios one after another on the simulated clock (each in its own
 * `Replay`, so an alarm's state never leaks from one scenario into the next), or a user's file; the
 * verdict per alarm; the dashboards' preview data from the replayed metrics.
 */
import type { Plan } from "../plan/plan";
import { buildModel, dashboardMetrics, type ReplayModel } from "./model";
import { Replay } from "./replay";
import { resolveExpectations, type Scenario } from "./scenarios";
import type { ReplayEvent, ReplayResult } from "./types";

const MINUTE = 60_000;

/** One scenario's replay. */
export interface ScenarioRun {
  scenario: Scenario;
  result: ReplayResult;
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
}

/** The replay model of a plan. */
export function modelOf(plan: Plan): ReplayModel {
  return buildModel(plan.run);
}

/** Preview data of one replay: each dashboard metric with its statistic per minute; other metrics as Sum. */
function previewOf(
  model: ReplayModel,
  replay: Replay,
  result: ReplayResult,
): Record<string, [number, number][]> {
  const data: Record<string, [number, number][]> = { ...result.series };
  for (const d of dashboardMetrics(model)) {
    const points = replay.metricSeries(d.metric, d.stat, 60, result.startMs, result.endMs);
    if (points.length > 0) data[d.key] = points;
  }
  return data;
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
    await scenario.drive({
      startMs,
      outputs: model.outputs,
      resources: model.resources,
      feed: (e: ReplayEvent) => replay.feed(e),
      putMetric: (m, t, v) => replay.putMetric(m, t, v),
    });
    const result = await replay.finish();
    runs.push({ scenario, result, preview: previewOf(model, replay, result) });
    options.onScenario?.(i + 1, scenarios.length, scenario.name);
    startMs = Math.ceil(endMs / align) * align;
  }
  return runs;
}

/** Replays a user's events (one log group); alarms evaluated until 10 minutes after the last event. */
export async function replayEvents(
  model: ReplayModel,
  events: readonly ReplayEvent[],
): Promise<{ result: ReplayResult; preview: Record<string, [number, number][]> }> {
  const first = events.reduce((m, e) => Math.min(m, e.timestamp), Number.POSITIVE_INFINITY);
  const startMs = Number.isFinite(first)
    ? Math.floor(first / MINUTE) * MINUTE
    : Math.floor(Date.now() / MINUTE) * MINUTE;
  const replay = new Replay(model, { startMs });
  for (const e of events) replay.feed(e);
  const result = await replay.finish();
  return { result, preview: previewOf(model, replay, result) };
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
    let note: string | undefined;
    for (const run of runs) {
      const e = resolveExpectations(run.scenario, model.outputs);
      const expectsFire = key !== undefined && e.fires.includes(key);
      const expectsQuiet = key !== undefined && e.quiet.includes(key);
      const a = run.result.alarms.find((x) => x.name === name);
      if (a && !a.evaluable) note = a.note ?? "not evaluable offline";
      const at = firstAlarm(run.result, name);
      const where = `${run.scenario.name}`;
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
        else if (expectsFire) fired.push(`fired at ${when} as expected (${where})`);
        else if (expectsQuiet) problems.push(`FIRED at ${when} in ${where}, which expects it quiet`);
        else fired.push(`fired at ${when} (${where})`);
      } else if (expectsFire) problems.push(`did NOT fire in ${where}, which expects it to`);
      else if (expectsQuiet) quiet.push(where);
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
