/**
 * `npm run bench -- replay [--events N] [--rate R]`: the replay engine's throughput.
 *
 * N order-worker events (default 1,000,000; the worker's real generator at R events per simulated
 * second, default 300, so an hour of traffic) are replayed into the dev stack's order log group:
 * every metric filter of the group (matched on the bytes of each line), the Contributor Insights
 * rule, default values, and then every alarm of the stack evaluated over the whole
 * span. The baseline, measured in the same run over the same lines, is a bare `JSON.parse` of each
 * line. CPU time decides (the machine is shared); wall time is printed beside it. Target:
 * ≥ 500,000 events per CPU second on one core.
 */
import { parseArgs } from "node:util";
import { sampleLines } from "../apps/order-worker/src";
import { planStack } from "../cli/plan/plan";
import { replayModel } from "../cli/replay/model";
import { Replay } from "../cli/replay/replay";

const TARGET = 500_000;

interface Measure {
  cpuMs: number;
  wallMs: number;
}

async function measure(fn: () => unknown): Promise<Measure> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: "string" }, rate: { type: "string" }, runs: { type: "string" } },
  });
  const count = Number(values.events ?? 1_000_000);
  const rate = Number(values.rate ?? 300);
  const runs = Number(values.runs ?? 3);

  const model = replayModel((await planStack("dev")).model);
  const group = (model.outputs.logGroupNames as Record<string, string>).orders;
  process.stdout.write(`generating ${count.toLocaleString("en")} order-worker events at ${rate}/s …\n`);
  const lines = sampleLines({
    seed: 42,
    count,
    ratePerSecond: rate,
    start: new Date("2026-03-02T08:00:00Z"),
  });
  const buffer = Buffer.from(`${lines.join("\n")}\n`);
  const bounds = new Uint32Array(count + 1);
  const timestamps = new Float64Array(count);
  for (let i = 0, at = 0; i < count; i++) {
    bounds[i] = at;
    at += Buffer.byteLength(lines[i]) + 1;
    timestamps[i] = Date.parse((JSON.parse(lines[i]) as { timestamp: string }).timestamp);
  }
  bounds[count] = buffer.length;
  const startMs = Math.floor(timestamps[0] / 60_000) * 60_000;
  const spanMin = Math.ceil((timestamps[count - 1] - startMs) / 60_000);
  process.stdout.write(
    `${(buffer.length / 1024 / 1024).toFixed(0)} MB, ${spanMin} simulated minutes, ${model.metricFilters.filter((f) => f.logGroup === group).length} filters on ${group}, ${model.alarmInputs.length} alarms\n`,
  );

  let sink = 0;
  const baseline = (): void => {
    for (let i = 0; i < count; i++) {
      const doc = JSON.parse(buffer.toString("utf8", bounds[i], bounds[i + 1] - 1)) as { event?: string };
      if (doc.event === "PAYMENT_FAILED") sink++;
    }
  };
  let alarms = 0;
  const replay = async (): Promise<void> => {
    const r = new Replay(model, { startMs, runHandlers: false });
    for (let i = 0; i < count; i++) r.feedBytes(group, timestamps[i], buffer, bounds[i], bounds[i + 1] - 1);
    const result = await r.finish();
    alarms = result.alarms.length;
  };

  const base: Measure[] = [];
  const eng: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(await measure(baseline));
    eng.push(await measure(replay));
  }
  const best = (ms: Measure[]) => ms.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  const b = best(base);
  const e = best(eng);
  const rateOf = (m: Measure, key: "cpuMs" | "wallMs") => (count / m[key]) * 1000;
  const fmt = (n: number) => Math.round(n).toLocaleString("en");
  process.stdout.write(
    [
      `best of ${runs} runs (CPU time; wall beside it)`,
      `  JSON.parse baseline   ${fmt(rateOf(b, "cpuMs"))} lines/s CPU  (${fmt(rateOf(b, "wallMs"))} wall)  ${b.cpuMs.toFixed(0)} ms`,
      `  replay (filters + CI rule + ${alarms} alarms evaluated)  ${fmt(rateOf(e, "cpuMs"))} events/s CPU  (${fmt(rateOf(e, "wallMs"))} wall)  ${e.cpuMs.toFixed(0)} ms`,
      `  replay / JSON.parse: ${(rateOf(e, "cpuMs") / rateOf(b, "cpuMs")).toFixed(2)}x`,
      `  target ≥ ${fmt(TARGET)} events/s: ${rateOf(e, "cpuMs") >= TARGET ? "met" : "MISSED"}`,
      "",
    ].join("\n"),
  );
  if (sink < 0) process.stdout.write("unreachable\n");
}
