/**
 * Two scenarios written for the engine's tests only (the built-in set is cli/replay/scenarios/):
 * a payment-failure spike from the order worker's real generator, and an ERROR burst on the
 * realtime path's source log group.
 */
import { sampleLines } from "../../../apps/order-worker/src";
import type { Scenario } from "../../../cli/replay/scenarios";

const groups = (outputs: Record<string, unknown>): Record<string, string> =>
  outputs.logGroupNames as Record<string, string>;

export const paymentSpike: Scenario = {
  name: "test-payment-spike",
  description: "order worker at 2/s; from minute 5 to 8, 30 extra payment failures a minute",
  systems: ["orders"],
  durationMinutes: 20,
  expect: { fires: ["PaymentFailures"], quiet: ["ErrorCount"] },
  drive(ctx) {
    const lines = sampleLines({
      seed: 7,
      count: 2 * 60 * 14,
      start: new Date(ctx.startMs),
      incident: { afterSeconds: 5 * 60, durationSeconds: 3 * 60, failuresPerMinute: 30 },
    });
    for (const line of lines) {
      const timestamp = Date.parse((JSON.parse(line) as { timestamp: string }).timestamp);
      ctx.feed({ logGroup: groups(ctx.outputs).orders, timestamp, message: line });
    }
  },
};

export const errorBurst: Scenario = {
  name: "test-error-burst",
  description: "the test emitter logs 12 ERROR and 3 CRITICAL lines in minute 2",
  systems: ["realtime"],
  durationMinutes: 10,
  expect: { fires: ["ErrorCount"], quiet: ["PaymentFailures"] },
  drive(ctx) {
    const group = groups(ctx.outputs).errors;
    for (let i = 0; i < 60; i++)
      ctx.feed({ logGroup: group, timestamp: ctx.startMs + i * 10_000, message: `INFO heartbeat ${i}` });
    for (let i = 0; i < 15; i++)
      ctx.feed({
        logGroup: group,
        timestamp: ctx.startMs + 2 * 60_000 + i * 1_000,
        message: `${i < 12 ? "ERROR" : "CRITICAL"} payment gateway timeout order=ORD-${String(i).padStart(6, "0")}`,
      });
  },
};
