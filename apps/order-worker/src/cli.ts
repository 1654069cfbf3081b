/**
 * The worker's command line, without touching `process`: main.ts wires it to the real process, tests
 * call it with their own streams and abort signal.
 */
import type { Writable } from "node:stream";
import { parseWorkerConfig, USAGE, type WorkerConfig } from "./config";
import { createOrderEventGenerator } from "./generator";
import { formatMix } from "./mix";
import { PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE } from "./schedule";
import { runWorker, StopReason } from "./worker";

/** Exit codes of the worker. */
export const ExitCode = {
  /** Done: count/duration reached, or stopped by SIGTERM/SIGINT or a closed pipe. */
  OK: 0,
  /** Unexpected failure. */
  ERROR: 1,
  /** Bad configuration (flag or environment variable). */
  USAGE: 2,
} as const;
/** One of the {@link ExitCode} values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The outside world of one CLI run. */
export interface CliIo {
  /** Environment variables (`ORDER_WORKER_*`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Event lines go here. */
  stdout: Writable;
  /** Diagnostics (one JSON object per line) and errors go here. */
  stderr: Writable;
  /**
   * Aborting it stops the run cleanly between two lines.
   * @default never aborted
   */
  signal?: AbortSignal;
  /**
   * Wall clock, epoch ms.
   * @default Date.now
   */
  now?: () => number;
}

/** Runs the worker CLI with `argv` (without `node script`); resolves to the exit code, never rejects. */
export async function runOrderWorkerCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const now = io.now ?? Date.now;
  let config: WorkerConfig;
  try {
    config = parseWorkerConfig(argv, io.env, now);
  } catch (err) {
    if (!(err instanceof Error) || err.name !== "OrderWorkerConfigError") return fail(io, err);
    for (const line of err.message.split("\n")) io.stderr.write(`order-worker: ${line}\n`);
    io.stderr.write("order-worker: run with --help for usage\n");
    return ExitCode.USAGE;
  }
  if (config.help) {
    io.stdout.write(`${USAGE}\n`);
    return ExitCode.OK;
  }

  // With --no-delay, pin the synthetic start so the logged command reproduces the file byte for byte.
  if (config.noDelay && !config.startTime) config = { ...config, startTime: new Date(now()) };
  diagnostic(io, "info", "order-worker starting", describeConfig(config));
  const baselinePerMinute = config.ratePerSecond * 60 * config.mix.payment_failed;
  if (baselinePerMinute >= PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE / 2) {
    diagnostic(
      io,
      "warn",
      "without an incident, expected PAYMENT_FAILED per minute is at least half the alarm threshold",
      {
        expectedPaymentFailuresPerMinute: round(baselinePerMinute),
        alarmThresholdPerMinute: PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE,
      },
    );
  }

  try {
    const result = await runWorker({
      generator: createOrderEventGenerator({
        seed: config.seed,
        mix: config.mix,
        customers: config.customers,
      }),
      ratePerSecond: config.ratePerSecond,
      count: config.count,
      durationSeconds: config.durationSeconds,
      incident: config.incident,
      noDelay: config.noDelay,
      startTime: config.startTime,
      out: io.stdout,
      signal: io.signal,
      now,
    });
    // A reader that went away (e.g. `| head`) is a normal end: stay quiet.
    if (result.stoppedBy !== StopReason.CLOSED) {
      diagnostic(io, "info", "order-worker stopped", { ...result, seed: config.seed });
    }
    return ExitCode.OK;
  } catch (err) {
    return fail(io, err);
  }
}

/** The config as logged at start, including the flags that reproduce the run. */
export function describeConfig(config: WorkerConfig): Record<string, unknown> {
  const reproduce = [
    `--seed ${config.seed}`,
    `--rate ${config.ratePerSecond}`,
    `--mix ${formatMix(config.mix)}`,
  ];
  reproduce.push(`--customers ${config.customers}`);
  if (config.count !== undefined) reproduce.push(`--count ${config.count}`);
  if (config.durationSeconds !== undefined) reproduce.push(`--duration ${config.durationSeconds}`);
  if (config.noDelay) reproduce.push("--no-delay");
  if (config.startTime) reproduce.push(`--start ${config.startTime.toISOString()}`);
  if (config.incident) {
    const { durationSeconds, afterSeconds, failuresPerMinute } = config.incident;
    reproduce.push(`--incident ${durationSeconds === Infinity ? "always" : durationSeconds}`);
    reproduce.push(`--incident-after ${afterSeconds ?? 0}`, `--incident-rate ${failuresPerMinute}`);
  }
  return {
    seed: config.seed,
    seedSource: config.seedSource,
    ratePerSecond: config.ratePerSecond,
    mix: formatMix(config.mix),
    customers: config.customers,
    count: config.count ?? null,
    durationSeconds: config.durationSeconds ?? null,
    incident: config.incident
      ? {
          ...config.incident,
          durationSeconds:
            config.incident.durationSeconds === Infinity ? "always" : config.incident.durationSeconds,
        }
      : null,
    noDelay: config.noDelay,
    startTime: config.startTime?.toISOString() ?? null,
    reproduce: reproduce.join(" "),
  };
}

function diagnostic(
  io: CliIo,
  level: "info" | "warn" | "error",
  msg: string,
  fields: Record<string, unknown>,
): void {
  io.stderr.write(`${JSON.stringify({ level, msg, ...fields })}\n`);
}

function fail(io: CliIo, err: unknown): ExitCode {
  const message = err instanceof Error ? err.message : String(err);
  diagnostic(io, "error", "order-worker failed", { error: message });
  return ExitCode.ERROR;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
