import { expect } from "chai";
import { sampleLines } from "../../../apps/order-worker/src";
import { trafficLines } from "../../../apps/cafe/src/traffic";
import { dashboardMetrics, replayModel, type ReplayModel } from "../../../cli/replay/model";
import {
  MAX_REPLAY_SPAN_DAYS,
  Replay,
  ReplaySpanError,
  type ReplayOptions,
} from "../../../cli/replay/replay";
import { scenariosFor } from "../../../cli/replay/scenarios";
import type { ReplayEvent, ReplayResult } from "../../../cli/replay/types";
import { metricKey } from "../../../components/dashboard/body";
import { planOf } from "../../support/mocks";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.UTC(2026, 2, 2, 8, 0);

/** Deterministic random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one replay shows a user: its result, and each dashboard metric's series per statistic. */
interface Outcome {
  result: ReplayResult;
  dashboards: Record<string, [number, number][]>;
  /** Every metric's per-minute Sum, read period by period over the whole span (the reference reading). */
  dense: Record<string, [number, number][]>;
}

/** Replays the same input twice — alarms evaluated every minute, and only when a state can change. */
async function both(
  model: ReplayModel,
  options: ReplayOptions,
  drive: (feed: (e: ReplayEvent) => void, put: Replay["putMetric"]) => void | Promise<void>,
): Promise<{ every: Outcome; changes: Outcome }> {
  const run = async (alarmSchedule: "every" | "changes"): Promise<Outcome> => {
    const replay = new Replay(model, { ...options, alarmSchedule });
    await drive(
      (e) => replay.feed(e),
      (m, t, v, u) => replay.putMetric(m, t, v, u),
    );
    const result = await replay.finish();
    const dashboards: Outcome["dashboards"] = {};
    for (const d of dashboardMetrics(model))
      dashboards[d.statKey] = replay.metricSeries(d.metric, d.stat, 60, result.startMs, result.endMs);
    const dense: Outcome["dense"] = {};
    for (const m of replay.store.metricIds()) {
      const points: [number, number][] = [];
      const s = replay.store.handle(m);
      for (let t = result.startMs; t < result.endMs; t += MINUTE) {
        const v = replay.store.datapoint(
          s,
          "Sum",
          undefined,
          t / replay.store.resolutionMs,
          MINUTE / replay.store.resolutionMs,
        );
        if (v !== undefined) points.push([t, v]);
      }
      dense[metricKey(m.namespace, m.name, m.dimensions ?? {})] = points;
    }
    return { result, dashboards, dense };
  };
  return { every: await run("every"), changes: await run("changes") };
}

function expectSame({ every, changes }: { every: Outcome; changes: Outcome }, what: string): void {
  expect(changes.result.alarms, `${what}: transitions`).to.deep.equal(every.result.alarms);
  expect(changes.result.notifications, `${what}: notifications`).to.deep.equal(every.result.notifications);
  expect(changes.result, `${what}: the whole result`).to.deep.equal(every.result);
  expect(changes.dashboards, `${what}: dashboard series`).to.deep.equal(every.dashboards);
  // the metric data a replay reports is the period-by-period reading of every minute of its span
  for (const [key, points] of Object.entries(changes.result.series))
    if (changes.result.seriesStats[key] === undefined)
      expect(points, `${what}: ${key}`).to.deep.equal(changes.dense[key]);
}

describe("replay: alarms evaluated only when their state can change", function () {
  this.timeout(300_000);
  let model: ReplayModel;
  before(async () => {
    model = replayModel((await planOf("dev")).model);
  });

  it("every built-in scenario gives the transitions, notifications, incidents and metric data of evaluating every minute, with a day of quiet after it", async () => {
    const scenarios = scenariosFor(model.outputs);
    expect(scenarios.length).to.be.greaterThan(3);
    let transitions = 0;
    for (const scenario of scenarios) {
      const outcome = await both(
        model,
        { startMs: START, endMs: START + scenario.durationMinutes * MINUTE + DAY },
        (feed, putMetric) =>
          scenario.drive({
            startMs: START,
            outputs: model.outputs,
            resources: model.resources,
            feed,
            putMetric: (m, t, v) => putMetric(m, t, v),
          }),
      );
      expectSame(outcome, scenario.name);
      transitions += outcome.every.result.alarms.reduce(
        (n, a) => n + a.transitions.filter((t) => t.to === "ALARM").length,
        0,
      );
    }
    expect(transitions, "alarms fire in the scenarios").to.be.greaterThan(scenarios.length);
  });

  it("random bursts of order and café events, hours to days apart, give the same result both ways", async () => {
    const groups = model.outputs.logGroupNames as Record<string, string>;
    for (let seed = 1; seed <= 6; seed++) {
      const r = random(seed);
      const events: ReplayEvent[] = [];
      let at = START;
      for (let b = 0; b < 1 + Math.floor(r() * 5); b++) {
        const minutes = 1 + Math.floor(r() * 12);
        for (const line of sampleLines({
          seed: seed * 10 + b,
          count: Math.floor(r() * 40 * minutes),
          ratePerSecond: 0.1 + r() * 2,
          start: new Date(at),
          ...(r() < 0.5
            ? {
                incident: { afterSeconds: 30, durationSeconds: 120, failuresPerMinute: Math.floor(r() * 40) },
              }
            : {}),
        }))
          events.push({
            logGroup: groups.orders,
            timestamp: Date.parse((JSON.parse(line) as { timestamp: string }).timestamp),
            message: line,
          });
        for (const line of trafficLines({
          seed: seed * 100 + b,
          count: Math.floor(r() * 30 * minutes),
          start: new Date(at),
          requestsPerMinute: 30,
          notFoundShare: r(),
        }))
          events.push({
            logGroup: "apache/access",
            timestamp: at + Math.floor(r() * minutes * MINUTE),
            message: line,
          });
        at += minutes * MINUTE + Math.floor(r() * 2 * DAY);
      }
      events.sort((a, b) => a.timestamp - b.timestamp);
      const outcome = await both(model, { startMs: START, runHandlers: false }, (feed) => {
        for (const e of events) feed(e);
      });
      expectSame(outcome, `seed ${seed}`);
    }
  });

  it(`refuses a replay spanning more than ${MAX_REPLAY_SPAN_DAYS} days, naming the bound and the fix`, async () => {
    const replay = new Replay(model, { startMs: START, runHandlers: false });
    const group = (model.outputs.logGroupNames as Record<string, string>).orders;
    replay.feed({ logGroup: group, timestamp: START, message: "{}" });
    replay.feed({ logGroup: group, timestamp: START + (MAX_REPLAY_SPAN_DAYS + 1) * DAY, message: "{}" });
    let error: unknown;
    await replay.finish().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ReplaySpanError);
    expect((error as Error).message).to.match(
      /32\.0 days .* more than the 31 days a replay covers: replay a shorter stretch/,
    );
    // just inside the bound is replayed
    const within = new Replay(model, { startMs: START, runHandlers: false });
    within.feed({ logGroup: group, timestamp: START, message: "{}" });
    within.feed({ logGroup: group, timestamp: START + 30 * DAY, message: "{}" });
    expect((await within.finish()).events).to.equal(2);
  });
});
