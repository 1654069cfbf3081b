/**
 * The run loop: walks the schedule, waits for each tick (or not, with `noDelay`), stamps the event and
 * writes it as one line with a single `write`. Stops on `count`, `durationSeconds`, the abort signal or
 * a closed output (EPIPE), always between lines, after waiting for the output to drain.
 */
import type { Writable } from "node:stream";
import { setImmediate as yieldToEventLoop, setTimeout as sleepFor } from "node:timers/promises";
import { OrderWorkerConfigError, OrderWorkerError } from "./errors";
import { formatEvent, ORDER_EVENT_NAMES, type OrderEventName } from "./events";
import type { OrderEventGenerator } from "./generator";
import { createSchedule, type IncidentOptions, validateIncident } from "./schedule";

/** Largest accepted rate, events per second. */
export const MAX_RATE_PER_SECOND = 10_000;
/** In real time, a tick later than this (ms) re-anchors the schedule at the current time. */
export const MAX_LAG_MS = 1000;
/** With `noDelay`, the loop yields to the event loop (signals, I/O) after this many lines. */
export const NO_DELAY_YIELD_EVERY = 256;

/** Why a run stopped. */
export const StopReason = {
  /** `count` events were written. */
  COUNT: "count",
  /** `durationSeconds` of (real or synthetic) time passed. */
  DURATION: "duration",
  /** The abort signal fired (SIGTERM / SIGINT in the CLI). */
  SIGNAL: "signal",
  /** The output was closed by its reader (EPIPE), e.g. piped into `head`. */
  CLOSED: "closed",
} as const;
/** One of the {@link StopReason} values. */
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Produces each event (see `createOrderEventGenerator`). */
  generator: OrderEventGenerator;
  /** Normal events per second, > 0 (fractions allowed: 0.5 = one every 2 s). */
  ratePerSecond: number;
  /**
   * Stop once this many seconds of run time have passed (synthetic time with `noDelay`; in real time,
   * a stall longer than {@link MAX_LAG_MS} is not counted).
   * @default run until another stop condition
   */
  durationSeconds?: number;
  /**
   * Stop after this many lines (incident events included).
   * @default run until another stop condition
   */
  count?: number;
  /**
   * Incident mode: extra PAYMENT_FAILED at a burst rate for a while.
   * @default no incident
   */
  incident?: IncidentOptions;
  /** Where lines go (process.stdout in the CLI). One `write` per line, newline included. */
  out: Writable;
  /**
   * Stops the run between two lines when aborted.
   * @default never aborted
   */
  signal?: AbortSignal;
  /**
   * Write as fast as the output accepts, with synthetic timestamps advancing at `ratePerSecond` from
   * `startTime` (for generating replay files).
   * @default false
   */
  noDelay?: boolean;
  /**
   * First synthetic timestamp with `noDelay`; ignored in real-time mode (timestamps are wall-clock).
   * @default the current time
   */
  startTime?: Date;
  /**
   * Wall clock, epoch ms (injectable for tests).
   * @default Date.now
   */
  now?: () => number;
  /**
   * Waits `ms`, resolving early (never rejecting) when `signal` aborts (injectable for tests).
   * @default a timer
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What a run did. */
export interface RunWorkerResult {
  /** Lines written. */
  emitted: number;
  /** Lines written per event name. */
  counts: Record<OrderEventName, number>;
  /** Why the run stopped. */
  stoppedBy: StopReason;
}

/** Every problem with run options (not the generator), one sentence each naming the option. */
export function validateRunOptions(options: Omit<RunWorkerOptions, "generator" | "out">): string[] {
  const problems: string[] = [];
  const { ratePerSecond, count, durationSeconds, startTime } = options;
  if (!(ratePerSecond > 0 && ratePerSecond <= MAX_RATE_PER_SECOND)) {
    problems.push(`\`ratePerSecond\` must be > 0 and ≤ ${MAX_RATE_PER_SECOND} (got ${ratePerSecond})`);
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    problems.push(`\`count\` must be an integer ≥ 0 (got ${count})`);
  }
  if (durationSeconds !== undefined && !(durationSeconds > 0)) {
    problems.push(`\`durationSeconds\` must be > 0 (got ${durationSeconds})`);
  }
  if (startTime !== undefined && Number.isNaN(startTime.getTime())) {
    problems.push("`startTime` is not a valid date");
  }
  if (options.incident) problems.push(...validateIncident(options.incident).map((p) => `\`incident\`: ${p}`));
  return problems;
}

/** Runs the worker until a stop condition; resolves (never rejects) on EPIPE, rejects on other output errors. */
export async function runWorker(options: RunWorkerOptions): Promise<RunWorkerResult> {
  const problems = validateRunOptions(options);
  if (problems.length > 0) throw new OrderWorkerConfigError(problems.map((p) => `runWorker: ${p}`));
  const { generator, out, noDelay = false, now = Date.now, sleep = abortableSleep } = options;
  const signal = options.signal ?? new AbortController().signal;
  const durationMs = options.durationSeconds === undefined ? Infinity : options.durationSeconds * 1000;
  const count = options.count ?? Infinity;
  const counts = Object.fromEntries(ORDER_EVENT_NAMES.map((name) => [name, 0])) as Record<
    OrderEventName,
    number
  >;
  const sink = watchOutput(out);
  let startMs = noDelay ? (options.startTime?.getTime() ?? now()) : now();
  let emitted = 0;
  let stoppedBy: StopReason | undefined;

  try {
    for (const tick of createSchedule({ ratePerSecond: options.ratePerSecond, incident: options.incident })) {
      if (emitted >= count) stoppedBy = StopReason.COUNT;
      else if (tick.offsetMs >= durationMs) stoppedBy = StopReason.DURATION;
      if (stoppedBy) break;

      let at: number;
      if (noDelay) {
        if (emitted > 0 && emitted % NO_DELAY_YIELD_EVERY === 0) await yieldToEventLoop();
        at = startMs + tick.offsetMs;
      } else {
        const dueMs = startMs + tick.offsetMs;
        const waitMs = dueMs - now();
        if (waitMs > 0) await sleep(waitMs, signal);
        at = now();
        // After a stall (paused container, suspended laptop), carry on at the normal rate from now
        // instead of catching up with a burst of ticks that would look like a traffic spike.
        if (at - dueMs > MAX_LAG_MS) startMs += at - dueMs;
      }
      if (signal.aborted) stoppedBy = StopReason.SIGNAL;
      else if (sink.closed) stoppedBy = StopReason.CLOSED;
      if (stoppedBy) break;

      const event = generator({ at: new Date(at), incident: tick.incident });
      const accepted = out.write(`${formatEvent(event)}\n`);
      emitted++;
      counts[event.event]++;
      if (!accepted) await sink.drained();
    }
    await sink.drained();
  } finally {
    sink.dispose();
  }
  if (sink.error)
    throw new OrderWorkerError(`order-worker: writing output failed: ${sink.error.message}`, {
      cause: sink.error,
    });
  return { emitted, counts, stoppedBy: sink.closed ? StopReason.CLOSED : (stoppedBy ?? StopReason.SIGNAL) };
}

interface OutputWatch {
  /** The reader went away (EPIPE) or the stream closed: stop writing. */
  readonly closed: boolean;
  /** A non-EPIPE write error, if any. */
  readonly error: Error | undefined;
  /** Resolves once the stream has no pending data (or is closed / failed). */
  drained(): Promise<void>;
  dispose(): void;
}

function watchOutput(out: Writable): OutputWatch {
  let closed = false;
  let error: Error | undefined;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of waiters) waiter();
    waiters.clear();
  };
  const onError = (err: NodeJS.ErrnoException): void => {
    closed = true;
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") error = err;
    wake();
  };
  const onClose = (): void => {
    closed = true;
    wake();
  };
  out.on("error", onError);
  out.on("close", onClose);
  out.on("drain", wake);
  return {
    get closed() {
      return closed;
    },
    get error() {
      return error;
    },
    drained() {
      if (closed || !out.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => waiters.add(resolve));
    },
    dispose() {
      out.off("drain", wake);
      out.off("close", onClose);
      // Keep swallowing a late EPIPE from writes still in flight: it must not crash the process.
      out.off("error", onError);
      if (!out.listeners("error").includes(ignoreBrokenPipe)) out.on("error", ignoreBrokenPipe);
    },
  };
}

function ignoreBrokenPipe(err: NodeJS.ErrnoException): void {
  if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") throw err;
}

async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleepFor(ms, undefined, { signal });
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}
