/**
 * Order worker scenarios, driven by the worker's own generator and schedule
 * (apps/order-worker): the planned rate (`ORDER_WORKER_RATE` × tasks), its event mix, and its
 * incident mode (extra PAYMENT_FAILED at a burst rate).
 */
import {
  createOrderEventGenerator,
  createSchedule,
  DEFAULT_MIX,
  formatEvent,
  type IncidentOptions,
  type OrderMix,
} from "../../../apps/order-worker/src";
import { logGroup, orderWorkerRate } from "./plan";
import type { Scenario, ScenarioContext } from "./types";

/** Feeds `minutes` of the worker's traffic: every planned task runs its own seeded generator. */
export function driveOrderWorker(
  ctx: ScenarioContext,
  options: { minutes: number; mix?: OrderMix; incident?: IncidentOptions; seed?: number },
): void {
  const group = logGroup(ctx, "orders");
  const { perTask, tasks } = orderWorkerRate(ctx);
  const endMs = options.minutes * 60_000;
  for (let task = 0; task < tasks; task++) {
    const next = createOrderEventGenerator({
      seed: (options.seed ?? 1) + task,
      mix: options.mix ?? DEFAULT_MIX,
    });
    // the incident hits the payment provider, so every task sees its share of the burst
    const schedule = createSchedule({
      ratePerSecond: perTask,
      ...(options.incident && task === 0 ? { incident: options.incident } : {}),
    });
    for (const tick of schedule) {
      if (tick.offsetMs >= endMs) break;
      const timestamp = ctx.startMs + Math.floor(tick.offsetMs);
      const event = next({ at: new Date(timestamp), incident: tick.incident });
      ctx.feed({
        logGroup: group,
        timestamp,
        message: formatEvent(event),
        logStream: `order-worker/${task}`,
      });
    }
  }
}

/** A mix with `share` of one kind of event, the rest in the default proportions. */
function mixWith(kind: "delayed" | "duplicate", share: number): OrderMix {
  const rest = 1 - DEFAULT_MIX[kind];
  const scale = (1 - share) / rest;
  return {
    success: DEFAULT_MIX.success * scale,
    payment_failed: DEFAULT_MIX.payment_failed * scale,
    delayed: kind === "delayed" ? share : DEFAULT_MIX.delayed * scale,
    duplicate: kind === "duplicate" ? share : DEFAULT_MIX.duplicate * scale,
  };
}

const ORDER_ALARMS = ["PaymentFailures", "DelayedOrders", "DuplicateOrders"];

/** The spike of the payment-failure scenario: minutes 3 to 5. */
export const PAYMENT_SPIKE = { afterMinutes: 3, minutes: 2 } as const;

export const ORDER_SCENARIOS: Scenario[] = [
  {
    name: "orders: normal rate",
    description:
      "The order worker at its planned rate (ORDER_WORKER_RATE × tasks) with its default mix for 15 minutes: no alarm may fire.",
    systems: ["orders"],
    writes: "order events",
    durationMinutes: 15,
    expect: { fires: [], quiet: ORDER_ALARMS },
    drive: (ctx) => driveOrderWorker(ctx, { minutes: 15 }),
  },
  {
    name: "orders: payment-failure spike",
    description: `The worker's incident mode for ${PAYMENT_SPIKE.minutes} minutes from minute ${PAYMENT_SPIKE.afterMinutes} (12 extra PAYMENT_FAILED a minute) on top of the normal stream: PaymentFailures fires within the period after the spike starts and returns to OK after it.`,
    systems: ["orders"],
    writes: "order events",
    durationMinutes: 10,
    expect: { fires: ["PaymentFailures"], quiet: ["DelayedOrders", "DuplicateOrders"] },
    timing: {
      // the first spike minute completes at +4m; CloudWatch evaluates it within the next period
      PaymentFailures: {
        byMinute: PAYMENT_SPIKE.afterMinutes + 2,
        recoversByMinute: PAYMENT_SPIKE.afterMinutes + PAYMENT_SPIKE.minutes + 3,
      },
    },
    drive: (ctx) =>
      driveOrderWorker(ctx, {
        minutes: 10,
        incident: {
          afterSeconds: PAYMENT_SPIKE.afterMinutes * 60,
          durationSeconds: PAYMENT_SPIKE.minutes * 60,
        },
      }),
  },
  {
    name: "orders: slow processing",
    description:
      "The worker at its planned rate with a mix in which 40% of orders take over 2 s (ORDER_DELAYED) for 15 minutes: DelayedOrders fires (M of N datapoints).",
    systems: ["orders"],
    writes: "order events",
    durationMinutes: 15,
    expect: { fires: ["DelayedOrders"], quiet: ["PaymentFailures", "DuplicateOrders"] },
    drive: (ctx) => driveOrderWorker(ctx, { minutes: 15, mix: mixWith("delayed", 0.4) }),
  },
  {
    name: "orders: duplicate storm",
    description:
      "The worker at its planned rate with a mix in which 30% of events repeat a recent order (DUPLICATE_ORDER) for 10 minutes: DuplicateOrders fires.",
    systems: ["orders"],
    writes: "order events",
    durationMinutes: 10,
    expect: { fires: ["DuplicateOrders"], quiet: ["PaymentFailures", "DelayedOrders"] },
    drive: (ctx) => driveOrderWorker(ctx, { minutes: 10, mix: mixWith("duplicate", 0.3) }),
  },
];
