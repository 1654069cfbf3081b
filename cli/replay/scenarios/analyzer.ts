/**
 * Log analyzer scenarios: every 5 minutes its scheduled run counts ERROR lines with the
 * analyzer's own code (apps/log-analyzer `analyzeStream`) over the test emitter's output, and
 * publishes the count as the analyzer does (`buildErrorMetricData`); its load balancer's 5XX
 * counts are native AWS/ApplicationELB metrics on the dimensions the planned alarms name.
 */
import { Readable } from "node:stream";
import { analyzeStream } from "../../../apps/log-analyzer/src/analyze";
import { buildErrorMetricData } from "../../../apps/log-analyzer/src/metrics";
import { mulberry32 } from "../../../apps/order-worker/src/prng";
import { alarmMetric } from "./plan";
import { emitterInvocationLines } from "./realtime";
import type { Scenario, ScenarioContext } from "./types";

const SCHEDULE_MINUTES = 5;

/** One scheduled run at `minute`: analyze `lines`, publish the analyzer's metric data. */
async function scheduledRun(ctx: ScenarioContext, minute: number, lines: string[]): Promise<void> {
  const counts = await analyzeStream(Readable.from([Buffer.from(lines.join("\n") + "\n")]));
  const at = ctx.startMs + minute * 60_000;
  const request = buildErrorMetricData(counts, { timestamp: new Date(at) });
  for (const d of request.MetricData ?? []) {
    const dimensions = Object.fromEntries((d.Dimensions ?? []).map((x) => [String(x.Name), String(x.Value)]));
    ctx.putMetric(
      { namespace: String(request.Namespace), name: String(d.MetricName), dimensions },
      at,
      Number(d.Value),
    );
  }
}

/** What the emitter wrote during `invocations` invocations (random mode, or `payload`). */
function emitterOutput(invocations: number, draw: () => number, payload: unknown = {}): string[] {
  return Array.from({ length: invocations }, (_, i) =>
    emitterInvocationLines(payload, draw, i * 1000).map((l) => l.line),
  ).flat();
}

/** The load balancer's 5XX counts, once a minute. */
function loadBalancer5xx(
  ctx: ScenarioContext,
  minutes: number,
  elb: (m: number) => number,
  target: (m: number) => number,
): void {
  const e = alarmMetric(ctx, "AnalyzerElb5xx");
  const t = alarmMetric(ctx, "AnalyzerTarget5xx");
  for (let m = 0; m < minutes; m++) {
    ctx.putMetric(e, ctx.startMs + m * 60_000 + 20_000, elb(m));
    ctx.putMetric(t, ctx.startMs + m * 60_000 + 20_000, target(m));
  }
}

export const ANALYZER_SCENARIOS: Scenario[] = [
  {
    name: "analyzer: quiet runs",
    description:
      "Three scheduled runs, each over two random-mode emitter invocations (at most 2 ERROR lines), while the load balancer answers a rare 5XX: no analyzer alarm fires.",
    systems: ["analyzer"],
    writes: "emitter log lines",
    durationMinutes: 15,
    expect: { fires: [], quiet: ["AnalyzerErrors", "AnalyzerElb5xx", "AnalyzerTarget5xx"] },
    drive: async (ctx) => {
      const draw = mulberry32(11);
      for (let m = 0; m < 15; m += SCHEDULE_MINUTES) await scheduledRun(ctx, m + 1, emitterOutput(2, draw));
      loadBalancer5xx(
        ctx,
        15,
        (m) => (m === 6 ? 1 : 0),
        (m) => (m === 11 ? 1 : 0),
      );
    },
  },
  {
    name: "analyzer: errors found",
    description:
      'The second scheduled run analyzes an emitter invocation with {"error_count": 5}: the analyzer publishes ErrorCount 5 and AnalyzerErrors fires; the next run finds none and it returns to OK.',
    systems: ["analyzer"],
    writes: "emitter log lines",
    durationMinutes: 20,
    expect: { fires: ["AnalyzerErrors"], quiet: ["AnalyzerElb5xx", "AnalyzerTarget5xx"] },
    drive: async (ctx) => {
      const healthy = () => 0.99;
      await scheduledRun(ctx, 1, emitterOutput(2, healthy));
      await scheduledRun(ctx, 6, emitterOutput(1, mulberry32(12), { error_count: 5 }));
      await scheduledRun(ctx, 11, emitterOutput(2, healthy));
      await scheduledRun(ctx, 16, emitterOutput(2, healthy));
      loadBalancer5xx(
        ctx,
        20,
        () => 0,
        () => 0,
      );
    },
  },
  {
    name: "analyzer: load balancer 5XX burst",
    description:
      "The analyzer's targets fail for 3 minutes from minute 2: the load balancer counts 3 ELB and 4 target 5XX a minute; both 5XX alarms fire.",
    systems: ["analyzer"],
    writes: "emitter log lines",
    durationMinutes: 15,
    expect: { fires: ["AnalyzerElb5xx", "AnalyzerTarget5xx"], quiet: [] },
    drive: (ctx) =>
      loadBalancer5xx(
        ctx,
        15,
        (m) => (m >= 2 && m < 5 ? 3 : 0),
        (m) => (m >= 2 && m < 5 ? 4 : 0),
      ),
  },
];
