/**
 * Café scenarios, driven by the café's own traffic generator (apps/cafe/src/traffic.ts):
 * Apache combined-format lines into the access log group, its 404 share, and its incident mode
 * (`/cafe/menu.php` answers 500, order clicks stop while traffic goes on).
 */
import { cafeTraffic, type TrafficOptions } from "../../../apps/cafe/src/traffic";
import { alarmInputs, logGroup } from "./plan";
import { driveQueueDepth } from "./realtime";
import type { Scenario, ScenarioContext } from "./types";

/** Feeds the café's traffic from `fromMinute` until `toMinute` (minutes after `ctx.startMs`). */
export function driveCafeTraffic(
  ctx: ScenarioContext,
  options: Omit<TrafficOptions, "start" | "count"> & { fromMinute?: number; toMinute: number },
): void {
  const group = logGroup(ctx, "cafeAccess");
  const { fromMinute = 0, toMinute, ...traffic } = options;
  const endMs = ctx.startMs + toMinute * 60_000;
  for (const request of cafeTraffic({
    ...traffic,
    start: new Date(ctx.startMs + fromMinute * 60_000),
    count: Number.MAX_SAFE_INTEGER,
  })) {
    const at = request.time.getTime();
    if (at >= endMs) break;
    ctx.feed({ logGroup: group, timestamp: at, message: request.line, logStream: "i-cafe/access_log" });
  }
}

/**
 * Requests a minute for the café scenarios: 40, or twice the traffic-but-no-orders alarm's request
 * floor (read from its planned expression) when that is more. At the generator's default 60 a minute
 * its 3% of 404s alone cross the 404 alarm (> 5 a minute) in about 1% of minutes; at 40, 0.15%.
 */
export function cafeRate(ctx: ScenarioContext): number {
  let floor = 0;
  try {
    const queries = (alarmInputs(ctx, "CafeTrafficWithoutOrders").metricQueries ?? []) as {
      expression?: string;
    }[];
    for (const q of queries) {
      const m = /requests\s*,\s*0\s*\)\s*>=?\s*(\d+(\.\d+)?)/.exec(q.expression ?? "");
      if (m) floor = Number(m[1]);
    }
  } catch {
    // a stack without the zero-orders alarm: the generator's default rate
  }
  return Math.max(CAFE_SCENARIO_RATE, 2 * floor);
}

/** The café scenarios' base rate, requests a minute. */
export const CAFE_SCENARIO_RATE = 40;

const CAFE_ALARMS = ["Cafe404Errors", "Cafe5xxErrors", "CafeTrafficWithoutOrders"];

/** The menu.php incident starts at this minute of its scenario. */
export const MENU_INCIDENT_AFTER_MINUTES = 2;

export const CAFE_SCENARIOS: Scenario[] = [
  {
    name: "cafe: normal traffic",
    description:
      "Visitors browse the café for 12 minutes (the generator's 3% of 404s, 35% of menu views ending in an order) and the analytics function keeps up: no café alarm fires.",
    systems: ["cafe"],
    writes: "requests",
    durationMinutes: 12,
    expect: { fires: [], quiet: [...CAFE_ALARMS, "CafeAnalyticsDeadLetters"] },
    drive: (ctx) => {
      driveCafeTraffic(ctx, { seed: 1, requestsPerMinute: cafeRate(ctx), toMinute: 12 });
      driveQueueDepth(ctx, "CafeAnalyticsDeadLetters", () => 0, 12);
    },
  },
  {
    name: "cafe: 404 storm",
    description:
      "Normal visitors for 8 minutes, and from minute 2 to 5 a scanner requesting missing pages 30 times a minute (the generator with a 404 share of 1): Cafe404Errors fires and returns to OK; orders keep coming, nothing answers 5xx.",
    systems: ["cafe"],
    writes: "requests",
    durationMinutes: 8,
    expect: { fires: ["Cafe404Errors"], quiet: ["Cafe5xxErrors", "CafeTrafficWithoutOrders"] },
    timing: { Cafe404Errors: { byMinute: 4, recoversByMinute: 7 } },
    drive: (ctx) => {
      driveCafeTraffic(ctx, { seed: 3, requestsPerMinute: cafeRate(ctx), toMinute: 8 });
      driveCafeTraffic(ctx, { seed: 4, requestsPerMinute: 30, notFoundShare: 1, fromMinute: 2, toMinute: 5 });
    },
  },
  {
    name: "cafe: menu.php 500 incident",
    description: `The café's incident from minute ${MENU_INCIDENT_AFTER_MINUTES} (the generator's incident mode): /cafe/menu.php answers 500, nobody reaches the order button while traffic goes on for 14 more minutes: Cafe5xxErrors fires at once, CafeTrafficWithoutOrders after its 10 minutes without an order.`,
    systems: ["cafe"],
    writes: "requests",
    durationMinutes: 16,
    expect: { fires: ["Cafe5xxErrors", "CafeTrafficWithoutOrders"], quiet: ["Cafe404Errors"] },
    timing: {
      Cafe5xxErrors: { byMinute: MENU_INCIDENT_AFTER_MINUTES + 2 },
      CafeTrafficWithoutOrders: { byMinute: MENU_INCIDENT_AFTER_MINUTES + 12 },
    },
    drive: (ctx) =>
      driveCafeTraffic(ctx, {
        seed: 5,
        requestsPerMinute: cafeRate(ctx),
        incidentAfterMinutes: MENU_INCIDENT_AFTER_MINUTES,
        toMinute: 16,
      }),
  },
  {
    name: "cafe: analytics deliveries dead-lettered",
    description:
      "The analytics function fails deliveries past its retries while visitors browse normally: its dead-letter queue holds 2 messages from minute 2 to 4, CafeAnalyticsDeadLetters fires, and returns to OK once drained.",
    systems: ["cafe"],
    writes: "requests",
    durationMinutes: 8,
    expect: { fires: ["CafeAnalyticsDeadLetters"], quiet: CAFE_ALARMS },
    timing: { CafeAnalyticsDeadLetters: { byMinute: 4, recoversByMinute: 7 } },
    drive: (ctx) => {
      driveCafeTraffic(ctx, { seed: 6, requestsPerMinute: cafeRate(ctx), toMinute: 8 });
      driveQueueDepth(ctx, "CafeAnalyticsDeadLetters", (m) => (m >= 2 && m < 5 ? 2 : 0), 8);
    },
  },
];
