/**
 * The ERROR pipeline: the test emitter's own code (apps/test-emitter `emitLogs`) writes
 * each invocation's lines, in the shape Powertools' logger prints them, between the Lambda runtime's
 * START / END / REPORT lines; the processor's dead-letter queue depth is its native SQS metric.
 */
import { emitLogs } from "../../../apps/test-emitter/src/handler";
import { mulberry32 } from "../../../apps/order-worker/src/prng";
import { alarmMetric, logGroup } from "./plan";
import type { Scenario, ScenarioContext } from "./types";

/** The lines of one emitter invocation at `at` (epoch ms), as its log group receives them. */
export function emitterInvocationLines(
  payload: unknown,
  draw: () => number,
  at: number,
): { at: number; line: string }[] {
  const requestId = randomUUIDFrom(draw);
  const out: { at: number; line: string }[] = [];
  let t = at;
  const push = (line: string) => out.push({ at: t++, line });
  push(`START RequestId: ${requestId} Version: $LATEST`);
  const record = (level: "INFO" | "ERROR") => (message: string) =>
    push(
      JSON.stringify({
        level,
        message,
        sampling_rate: 0,
        service: "test-emitter",
        timestamp: new Date(t).toISOString(),
        xray_trace_id: `1-${Math.floor(at / 1000).toString(16)}-${requestId.replace(/-/g, "").slice(0, 24)}`,
      }),
    );
  emitLogs(payload, { info: record("INFO"), error: record("ERROR") }, draw);
  push(`END RequestId: ${requestId}`);
  push(
    `REPORT RequestId: ${requestId}\tDuration: 2.31 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB`,
  );
  return out;
}

/** A request id drawn from the scenario's seeded stream (same seed, same ids). */
function randomUUIDFrom(draw: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(draw() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Invokes the emitter once at `minute` with `payload`; its random mode draws from `draw`. */
export function invokeEmitter(
  ctx: ScenarioContext,
  minute: number,
  payload: unknown,
  draw: () => number,
): void {
  const group = logGroup(ctx, "errors");
  for (const { at, line } of emitterInvocationLines(payload, draw, ctx.startMs + minute * 60_000 + 5_000)) {
    ctx.feed({ logGroup: group, timestamp: at, message: line, logStream: "2026/01/01/[$LATEST]emitter" });
  }
}

/** The depth of a dead-letter queue, once a minute, as SQS publishes it. */
export function driveQueueDepth(
  ctx: ScenarioContext,
  alarmKey: string,
  depthAt: (minute: number) => number,
  minutes: number,
): void {
  const metric = alarmMetric(ctx, alarmKey);
  for (let m = 0; m < minutes; m++) ctx.putMetric(metric, ctx.startMs + m * 60_000 + 30_000, depthAt(m));
}

/** A draw that never falls under the emitter's 0.4 error probability: its random mode logs only the health line. */
const HEALTHY_DRAW = () => 0.99;

export const REALTIME_SCENARIOS: Scenario[] = [
  {
    name: "errors: ERROR pipeline burst",
    description:
      'The test emitter invoked once a minute; at minute 2 with {"error_count": 5}: ErrorCount fires, the processor stores the incidents, the dead-letter queue stays empty, and the alarm returns to OK.',
    systems: ["realtime"],
    writes: "emitter log lines",
    durationMinutes: 6,
    expect: { fires: ["ErrorCount"], quiet: ["DeadLetters"], incidentsAtLeast: 5 },
    timing: { ErrorCount: { byMinute: 4, recoversByMinute: 6 } },
    drive: (ctx) => {
      const draw = mulberry32(2);
      for (let m = 0; m < 6; m++)
        invokeEmitter(ctx, m, m === 2 ? { error_count: 5 } : {}, m === 2 ? draw : HEALTHY_DRAW);
      driveQueueDepth(ctx, "DeadLetters", () => 0, 6);
    },
  },
  {
    name: "errors: health checks only",
    description:
      "The test emitter invoked once a minute in random mode, each draw above its 0.4 error probability: only health lines and the runtime's START/END/REPORT, so ErrorCount stays OK and nothing is dead-lettered.",
    systems: ["realtime"],
    writes: "emitter log lines",
    durationMinutes: 6,
    expect: { fires: [], quiet: ["ErrorCount", "DeadLetters"] },
    drive: (ctx) => {
      for (let m = 0; m < 6; m++) invokeEmitter(ctx, m, {}, HEALTHY_DRAW);
      driveQueueDepth(ctx, "DeadLetters", () => 0, 6);
    },
  },
  {
    name: "errors: processor deliveries dead-lettered",
    description:
      "The processor fails a batch of ERROR deliveries past its retries: the incidents dead-letter queue holds 3 messages from minute 2 to 4 (ApproximateNumberOfMessagesVisible), DeadLetters fires, and returns to OK once the queue is drained.",
    systems: ["realtime"],
    writes: "emitter log lines",
    durationMinutes: 8,
    expect: { fires: ["DeadLetters"], quiet: [] },
    timing: { DeadLetters: { byMinute: 4, recoversByMinute: 7 } },
    drive: (ctx) => driveQueueDepth(ctx, "DeadLetters", (m) => (m >= 2 && m < 5 ? 3 : 0), 8),
  },
];
