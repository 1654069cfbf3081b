/**
 * Worker configuration from CLI flags and environment variables (a flag wins over its variable; an empty
 * variable counts as unset), validated with zod. Every problem is collected and named after the flag or
 * variable it came from.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { joinNegativeValues } from "./args";
import { OrderWorkerConfigError } from "./errors";
import { DEFAULT_CUSTOMERS, MAX_CUSTOMERS } from "./generator";
import { DEFAULT_MIX, formatMix, type OrderMix, parseMix } from "./mix";
import { MAX_SEED } from "./prng";
import {
  DEFAULT_INCIDENT_FAILURES_PER_MINUTE,
  type IncidentOptions,
  MAX_INCIDENT_FAILURES_PER_MINUTE,
  PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE,
} from "./schedule";
import { MAX_RATE_PER_SECOND } from "./worker";

/** Default normal events per second. */
export const DEFAULT_RATE_PER_SECOND = 2;

/** The worker's fully resolved configuration. */
export interface WorkerConfig {
  /** `--help` was given: print usage, do nothing else. */
  help: boolean;
  /** Normal events per second. */
  ratePerSecond: number;
  /** PRNG seed, 0..2^32 − 1. */
  seed: number;
  /** Where the seed came from: a flag, a variable or the clock (time-based default). */
  seedSource: "flag" | "env" | "clock";
  /** Probability of each kind of normal event. */
  mix: OrderMix;
  /** Number of distinct customers. */
  customers: number;
  /** Stop after this many lines; `undefined`: no limit. */
  count: number | undefined;
  /** Stop after this many seconds; `undefined`: no limit. */
  durationSeconds: number | undefined;
  /** Incident mode; `undefined`: off. */
  incident: IncidentOptions | undefined;
  /** Write as fast as possible with synthetic timestamps. */
  noDelay: boolean;
  /** First synthetic timestamp (only with `noDelay`); `undefined`: now. */
  startTime: Date | undefined;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** A sign is accepted so that `-1` gets the range of its flag rather than "not a whole number". */
const INTEGER = /^[+-]?\d+$/;

const decimal = z.string().trim().regex(DECIMAL, "must be a number").transform(Number);
const integer = z.string().trim().regex(INTEGER, "must be a whole number").transform(Number);
const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["1", "true", "yes", "on", "0", "false", "no", "off"].includes(v), "must be true or false")
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

/** Each option: its flag, its environment variable, how its text becomes a value, and its help line. */
const OPTIONS = {
  rate: {
    env: "ORDER_WORKER_RATE",
    schema: decimal.pipe(
      z
        .number()
        .positive("must be greater than 0")
        .max(MAX_RATE_PER_SECOND, `must be at most ${MAX_RATE_PER_SECOND}`),
    ),
    arg: "<n>",
    help: `normal events per second, fractions allowed (default ${DEFAULT_RATE_PER_SECOND})`,
  },
  seed: {
    env: "ORDER_WORKER_SEED",
    schema: integer.pipe(
      z.number().min(0, "must be at least 0").max(MAX_SEED, `must be at most ${MAX_SEED}`),
    ),
    arg: "<n>",
    help: `PRNG seed, 0..${MAX_SEED} (default: time-based; printed to stderr)`,
  },
  mix: {
    env: "ORDER_WORKER_MIX",
    schema: z.string().transform((text, ctx): OrderMix => {
      const parsed = parseMix(text);
      if (parsed.mix) return parsed.mix;
      for (const message of parsed.problems) ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }),
    arg: "<k=v,...>",
    help: `event mix, keys success, payment_failed, delayed, duplicate; missing keys are 0; must sum to 1 (default ${formatMix(DEFAULT_MIX)})`,
  },
  customers: {
    env: "ORDER_WORKER_CUSTOMERS",
    schema: integer.pipe(
      z.number().min(1, "must be at least 1").max(MAX_CUSTOMERS, `must be at most ${MAX_CUSTOMERS}`),
    ),
    arg: "<n>",
    help: `number of customers CUST-1..CUST-n (default ${DEFAULT_CUSTOMERS})`,
  },
  count: {
    env: "ORDER_WORKER_COUNT",
    schema: integer.pipe(z.number().min(1, "must be at least 1")),
    arg: "<n>",
    help: "stop after n lines (default: no limit)",
  },
  duration: {
    env: "ORDER_WORKER_DURATION",
    schema: decimal.pipe(z.number().positive("must be greater than 0")),
    arg: "<s>",
    help: "stop after s seconds (synthetic seconds with --no-delay; default: no limit)",
  },
  incident: {
    env: "ORDER_WORKER_INCIDENT",
    schema: z.union([
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.literal("always"))
        .transform(() => Infinity),
      decimal.pipe(z.number().positive("must be greater than 0 (seconds) or `always`")),
    ]),
    arg: "<s|always>",
    help: `incident mode for s seconds: ${DEFAULT_INCIDENT_FAILURES_PER_MINUTE} extra PAYMENT_FAILED per minute (default: off)`,
  },
  "incident-after": {
    env: "ORDER_WORKER_INCIDENT_AFTER",
    schema: decimal.pipe(z.number().min(0, "must not be negative")),
    arg: "<s>",
    help: "start the incident s seconds into the run (default 0)",
  },
  "incident-rate": {
    env: "ORDER_WORKER_INCIDENT_RATE",
    schema: decimal.pipe(
      z
        .number()
        .min(
          PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE,
          `must be at least ${PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE} (the alarm threshold per minute)`,
        )
        .max(MAX_INCIDENT_FAILURES_PER_MINUTE, `must be at most ${MAX_INCIDENT_FAILURES_PER_MINUTE}`),
    ),
    arg: "<n>",
    help: `incident PAYMENT_FAILED per minute (default ${DEFAULT_INCIDENT_FAILURES_PER_MINUTE})`,
  },
  "no-delay": {
    env: "ORDER_WORKER_NO_DELAY",
    schema: booleanText,
    arg: "",
    help: "write as fast as possible; timestamps advance at --rate (synthetic time)",
  },
  start: {
    env: "ORDER_WORKER_START",
    schema: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2026-01-12T07:00:00Z" })
      .transform((text) => new Date(text)),
    arg: "<iso>",
    help: "first synthetic timestamp, with --no-delay only (default: now)",
  },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Usage text for `--help`. */
export const USAGE = [
  "Usage: order-worker [options]",
  "",
  "Simulates order processing and writes one JSON event per line to stdout; diagnostics go to stderr.",
  "Every option can also be set with its environment variable; a flag wins over its variable.",
  "",
  ...(Object.keys(OPTIONS) as OptionName[]).map((name) => {
    const { arg, help, env } = OPTIONS[name];
    return `  ${`--${name} ${arg}`.padEnd(26)}${help}\n  ${"".padEnd(26)}[env ${env}]`;
  }),
  `  ${"-h, --help".padEnd(26)}show this help`,
  "",
  "Exit codes: 0 done / stopped by SIGTERM, SIGINT or a closed pipe; 2 bad configuration; 1 other errors.",
].join("\n");

/**
 * Parses argv (without `node script`) and the environment into a {@link WorkerConfig}.
 * Throws {@link OrderWorkerConfigError} listing every problem, each naming its flag or variable.
 */
export function parseWorkerConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: () => number = Date.now,
): WorkerConfig {
  let flags: Partial<Record<OptionName | "help", string | boolean>>;
  try {
    flags = parseArgs({
      // `--count -1` is a value for --count (its range is reported), not parseArgs' "ambiguous"
      args: joinNegativeValues(
        argv,
        new Set((Object.keys(OPTIONS) as OptionName[]).filter((name) => name !== "no-delay")),
      ),
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          (Object.keys(OPTIONS) as OptionName[]).map((name) => [
            name,
            { type: name === "no-delay" ? ("boolean" as const) : ("string" as const) },
          ]),
        ),
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    throw new OrderWorkerConfigError([err instanceof Error ? err.message : String(err)], { cause: err });
  }
  if (flags.help === true) return { ...defaults(now), help: true };

  const problems: string[] = [];
  const sourceOf: Partial<Record<OptionName, "flag" | "env">> = {};
  const label = (name: OptionName): string => (sourceOf[name] === "env" ? OPTIONS[name].env : `--${name}`);

  const read = <N extends OptionName>(name: N): z.output<(typeof OPTIONS)[N]["schema"]> | undefined => {
    const flag = flags[name];
    const fromEnv = env[OPTIONS[name].env];
    let raw: string;
    if (flag !== undefined) {
      sourceOf[name] = "flag";
      raw = typeof flag === "boolean" ? String(flag) : flag;
    } else if (fromEnv !== undefined && fromEnv.trim() !== "") {
      sourceOf[name] = "env";
      raw = fromEnv;
    } else {
      return undefined;
    }
    const result = OPTIONS[name].schema.safeParse(raw);
    if (result.success) return result.data as z.output<(typeof OPTIONS)[N]["schema"]>;
    const messages = [...new Set(result.error.issues.map(describeIssue))];
    problems.push(`${label(name)}: ${messages.join("; ")} (got "${raw}")`);
    return undefined;
  };

  const ratePerSecond = read("rate");
  const seed = read("seed");
  const mix = read("mix");
  const customers = read("customers");
  const count = read("count");
  const durationSeconds = read("duration");
  const incidentSeconds = read("incident");
  const incidentAfter = read("incident-after");
  const incidentRate = read("incident-rate");
  const noDelay = read("no-delay");
  const startTime = read("start");

  for (const name of ["incident-after", "incident-rate"] as const) {
    if (sourceOf[name] && !sourceOf.incident) problems.push(`${label(name)}: only applies with --incident`);
  }
  if (sourceOf.start && !noDelay) {
    problems.push(
      `${label("start")}: only applies with --no-delay (real-time timestamps are the wall clock)`,
    );
  }
  if (problems.length > 0) throw new OrderWorkerConfigError(problems);

  const base = defaults(now);
  return {
    help: false,
    ratePerSecond: ratePerSecond ?? base.ratePerSecond,
    seed: seed ?? base.seed,
    seedSource: sourceOf.seed ?? "clock",
    mix: mix ?? base.mix,
    customers: customers ?? base.customers,
    count,
    durationSeconds,
    incident:
      incidentSeconds === undefined
        ? undefined
        : {
            durationSeconds: incidentSeconds,
            afterSeconds: incidentAfter ?? 0,
            failuresPerMinute: incidentRate ?? DEFAULT_INCIDENT_FAILURES_PER_MINUTE,
          },
    noDelay: noDelay ?? false,
    startTime,
  };
}

function defaults(now: () => number): WorkerConfig {
  return {
    help: false,
    ratePerSecond: DEFAULT_RATE_PER_SECOND,
    // Time-based default seed; printed at start so the run can be reproduced with --seed.
    seed: now() >>> 0,
    seedSource: "clock",
    mix: { ...DEFAULT_MIX },
    customers: DEFAULT_CUSTOMERS,
    count: undefined,
    durationSeconds: undefined,
    incident: undefined,
    noDelay: false,
    startTime: undefined,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // A union reports "invalid input" for the whole; its branches carry the useful message.
  if (issue.code === "invalid_union") {
    const inner = issue.errors.flat().filter((i) => i.code !== "invalid_value");
    return inner.length > 0 ? inner.map(describeIssue).join("; ") : issue.message;
  }
  return issue.message;
}
