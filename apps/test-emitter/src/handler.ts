/**
 * Test log emitter (the real-time ERROR pipeline): invoked with `{"error_count": 5}` it logs a health line and 5 ERROR
 * lines; without a count it logs the health line and, with probability 0.4, one ERROR line.
 * Lines are Powertools JSON (`"level":"ERROR"`), which both the `ERROR` metric filter term and the
 * log processor's severity derivation recognise.
 */
import { Logger } from "@aws-lambda-powertools/logger";

/** Most ERROR lines one invocation may emit. */
export const MAX_ERROR_COUNT = 1000;

/** Chance of one ERROR line when no `error_count` is given. */
export const RANDOM_ERROR_PROBABILITY = 0.4;

/** The invocation payload is not `{}` or `{"error_count": <0..MAX_ERROR_COUNT>}`. */
export class EmitterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EmitterError";
  }
}

/** Where the lines go (a Powertools `Logger` in Lambda). */
export interface EmitterLog {
  /** Writes one INFO line. */
  info(message: string): void;
  /** Writes one ERROR line. */
  error(message: string): void;
}

/** Lambda response. */
export interface EmitResult {
  /** Always 200 (bad input throws). */
  readonly statusCode: 200;
  /** What was emitted. */
  readonly body: {
    /** Fixed text. */
    readonly message: "Log emission complete";
    /** ERROR lines written. */
    readonly errors_emitted: number;
    /** "fixed" when `error_count` > 0 was given, else "random". */
    readonly mode: "fixed" | "random";
  };
}

/** The `error_count` of an invocation payload (0 when absent). */
export function errorCountOf(event: unknown): number {
  if (event === null || event === undefined) return 0;
  if (typeof event !== "object" || Array.isArray(event)) {
    throw new EmitterError('Payload must be a JSON object such as {"error_count": 5}.');
  }
  const count = (event as Record<string, unknown>).error_count;
  if (count === undefined || count === null) return 0;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > MAX_ERROR_COUNT) {
    throw new EmitterError(
      `\`error_count\` must be a whole number from 0 to ${MAX_ERROR_COUNT} (got ${JSON.stringify(count)}).`,
    );
  }
  return count;
}

/** Emits the lines for one invocation. `random` returns [0, 1). */
export function emitLogs(event: unknown, log: EmitterLog, random: () => number): EmitResult {
  const errorCount = errorCountOf(event);
  log.info("Health check OK - TestLogEmitter running");
  let emitted = 0;
  if (errorCount > 0) {
    for (let i = 1; i <= errorCount; i++)
      log.error(`Simulated failure ${i}: TimeoutError connecting to database`);
    emitted = errorCount;
  } else if (random() < RANDOM_ERROR_PROBABILITY) {
    log.error("Simulated failure: ConnectionRefusedError");
    emitted = 1;
  }
  return {
    statusCode: 200,
    body: {
      message: "Log emission complete",
      errors_emitted: emitted,
      mode: errorCount > 0 ? "fixed" : "random",
    },
  };
}

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || "test-emitter" });

/** The Lambda handler. */
export const handler = async (event: unknown): Promise<EmitResult> => emitLogs(event, logger, Math.random);
