/**
 * Real worker output for other modules' tests (metric-filter samples, replay fixtures): the same
 * generator and schedule as the running worker, with synthetic time, so it is pure and deterministic.
 */
import { DEFAULT_RATE_PER_SECOND } from "./config";
import { formatEvent } from "./events";
import { createOrderEventGenerator, DEFAULT_CUSTOMERS } from "./generator";
import { DEFAULT_MIX, type OrderMix } from "./mix";
import { createSchedule, type IncidentOptions } from "./schedule";

/** Start of synthetic time for samples: the timestamp of the design's sample line. */
export const SAMPLE_START = "2026-01-12T07:11:52.386Z";

/** Options of {@link sampleLines}. */
export interface SampleLinesOptions {
  /** PRNG seed, 0..2^32 − 1: same options, same lines. */
  seed: number;
  /** Number of lines (incident lines included). */
  count: number;
  /**
   * Event mix of the normal stream.
   * @default DEFAULT_MIX
   */
  mix?: OrderMix;
  /**
   * Normal events per (synthetic) second.
   * @default 2
   */
  ratePerSecond?: number;
  /**
   * Incident mode, in synthetic seconds from the first line.
   * @default no incident
   */
  incident?: IncidentOptions;
  /**
   * Timestamp of the first line.
   * @default SAMPLE_START (2026-01-12T07:11:52.386Z)
   */
  start?: Date;
  /**
   * Number of customers.
   * @default 25
   */
  customers?: number;
}

/** `count` worker lines (JSON, no trailing newline), exactly what `--no-delay` would print. */
export function sampleLines(options: SampleLinesOptions): string[] {
  const startMs = (options.start ?? new Date(SAMPLE_START)).getTime();
  const generator = createOrderEventGenerator({
    seed: options.seed,
    mix: options.mix ?? DEFAULT_MIX,
    customers: options.customers ?? DEFAULT_CUSTOMERS,
  });
  const schedule = createSchedule({
    ratePerSecond: options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND,
    incident: options.incident,
  });
  const lines: string[] = [];
  while (lines.length < options.count) {
    const tick = schedule.next().value;
    lines.push(formatEvent(generator({ at: new Date(startMs + tick.offsetMs), incident: tick.incident })));
  }
  return lines;
}
