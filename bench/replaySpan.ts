/**
 * `npm run bench -- replay-span [--events N] [--runs R]`: the replay's cost against the span of its
 * clock. The same N order-worker events (default 300,000) are replayed into the dev stack's order log
 * group with their timestamps spread over 1 hour, 1 day and 30 days: every metric filter, the
 * Contributor Insights rule, default values, every alarm of the stack evaluated, and the dashboards'
 * series read back, as `obskit replay --file` does (handlers off: they cost per delivery, not per
 * minute). The figure is CPU time, best of R runs (default 3); the ratios against the 1-hour span
 * must stay flat (about 1×): the cost follows the events, not the clock. For contrast, the 30-day
 * span is also timed with alarms evaluated every minute (the reference schedule).
 */
import { parseArgs } from "node:util";
import { sampleLines } from "../apps/order-worker/src";
import { planStack } from "../cli/plan/plan";
import { replayModel, dashboardMetrics, type ReplayModel } from "../cli/replay/model";
import { Replay } from "../cli/replay/replay";

const HOUR = 3_600_000;
const SPANS: { name: string; ms: number }[] = [
  { name: "1 hour", ms: HOUR },
  { name: "1 day", ms: 24 * HOUR },
  { name: "30 days", ms: 30 * 24 * HOUR },
];

interface Measure {
  cpuMs: number;
  wallMs: number;
  transitions: number;
}

async function measure(fn: () => Promise<number>): Promise<Measure> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const transitions = await fn();
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - wall) / 1e6,
    transitions,
  };
}

async function replayOnce(
  model: ReplayModel,
  group: string,
  buffer: Buffer,
  bounds: Uint32Array,
  timestamps: Float64Array,
  alarmSchedule: "changes" | "every",
): Promise<number> {
  const startMs = Math.floor(timestamps[0] / 60_000) * 60_000;
  const r = new Replay(model, { startMs, runHandlers: false, alarmSchedule });
  for (let i = 0; i < timestamps.length; i++)
    r.feedBytes(group, timestamps[i], buffer, bounds[i], bounds[i + 1] - 1);
  const result = await r.finish();
  for (const d of dashboardMetrics(model)) r.metricSeries(d.metric, d.stat, 60, result.startMs, result.endMs);
  return result.alarms.reduce((n, a) => n + a.transitions.length, 0);
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: "string" }, runs: { type: "string" } },
  });
  const count = Number(values.events ?? 300_000);
  const runs = Number(values.runs ?? 3);
  const model = replayModel((await planStack("dev")).model);
  const group = (model.outputs.logGroupNames as Record<string, string>).orders;
  const start = Date.parse("2026-03-02T00:00:00Z");
  // one hour of the order worker's traffic (a payment-failure incident in it), then the same lines
  // stretched over each span: the events are the same, only the clock between them grows
  const lines = sampleLines({
    seed: 42,
    count,
    ratePerSecond: count / 3600,
    start: new Date(start),
    incident: { afterSeconds: 1200, durationSeconds: 300, failuresPerMinute: 60 },
  });
  const buffer = Buffer.from(`${lines.join("\n")}\n`);
  const bounds = new Uint32Array(count + 1);
  const offsets = new Float64Array(count);
  for (let i = 0, at = 0; i < count; i++) {
    bounds[i] = at;
    at += Buffer.byteLength(lines[i]) + 1;
    offsets[i] = Date.parse((JSON.parse(lines[i]) as { timestamp: string }).timestamp) - start;
  }
  bounds[count] = buffer.length;
  const hourOf = offsets[count - 1] + 1;
  const BURSTS = 12;
  const burstMs = hourOf / BURSTS;
  /** The events as 12 bursts (each a twelfth of the hour) spread evenly over `spanMs`. */
  const timed = (spanMs: number): Float64Array =>
    offsets.map((o) => {
      const k = Math.floor(o / burstMs);
      return start + Math.round(k * (spanMs / BURSTS) + (o - k * burstMs));
    });
  /** The events spread evenly over `spanMs` (every minute holds some). */
  const spread = (spanMs: number): Float64Array =>
    offsets.map((o) => start + Math.round((o / hourOf) * spanMs));
  process.stdout.write(
    `${count.toLocaleString("en")} order-worker events into ${group}, ${model.alarmInputs.length} alarms; CPU time, best of ${runs}\n`,
  );

  // one run first, so the 1-hour figure does not carry the JIT's warm-up
  await replayOnce(model, group, buffer, bounds, timed(SPANS[0].ms), "changes");
  const rows: { name: string; m: Measure }[] = [];
  for (const span of SPANS) {
    const ts = timed(span.ms);
    const ms: Measure[] = [];
    for (let i = 0; i < runs; i++)
      ms.push(await measure(() => replayOnce(model, group, buffer, bounds, ts, "changes")));
    rows.push({ name: span.name, m: ms.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a)) });
  }
  const base = rows[0].m.cpuMs;
  for (const { name, m } of rows)
    process.stdout.write(
      `  ${name.padEnd(8)} ${m.cpuMs.toFixed(0).padStart(6)} ms CPU (${m.wallMs.toFixed(0)} wall)  ${(m.cpuMs / base).toFixed(2)}× the 1-hour span  ${m.transitions} transitions\n`,
    );
  const every = await measure(() => replayOnce(model, group, buffer, bounds, timed(SPANS[2].ms), "every"));
  process.stdout.write(
    `  30 days, alarms evaluated every minute (the reference schedule): ${every.cpuMs.toFixed(0)} ms CPU, ${(every.cpuMs / base).toFixed(2)}× the 1-hour span, ${every.transitions} transitions\n`,
  );
  const even = await measure(() => replayOnce(model, group, buffer, bounds, spread(SPANS[2].ms), "changes"));
  process.stdout.write(
    `  30 days, the events spread evenly (every minute holds data): ${even.cpuMs.toFixed(0)} ms CPU, ${(even.cpuMs / base).toFixed(2)}× the 1-hour span\n`,
  );
  const worst = Math.max(...rows.map((r) => r.m.cpuMs / base));
  process.stdout.write(`  flat (every span within 1.5× the 1-hour span): ${worst <= 1.5 ? "yes" : "NO"}\n`);
}
