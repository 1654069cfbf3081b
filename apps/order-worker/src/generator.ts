/**
 * The deterministic heart of the worker: a seeded generator of order events. It decides *what*
 * happens; the caller (the run loop, samples, tests) decides *when* by passing the timestamp.
 */
import { OrderWorkerConfigError } from "./errors";
import { type OrderEvent, type OrderEventName, OrderEventName as Names, RANGES } from "./events";
import { DEFAULT_MIX, MIX_KEYS, type MixKey, type OrderMix, validateMix } from "./mix";
import { deriveSeed, MAX_SEED, mulberry32, permute24, type Random, randomInt } from "./prng";

/** Default number of distinct customers (`CUST-1` … `CUST-25`). */
export const DEFAULT_CUSTOMERS = 25;
/** Largest accepted number of customers. */
export const MAX_CUSTOMERS = 1_000_000;
/** How many customers an incident's payment failures concentrate on (fewer if there are fewer customers). */
export const INCIDENT_HOT_CUSTOMERS = 3;
/** How many recent processed orders a `DUPLICATE_ORDER` may repeat. */
export const DUPLICATE_WINDOW = 256;

/** Options of {@link createOrderEventGenerator}. */
export interface OrderEventGeneratorOptions {
  /** Seed of the pseudo-random streams, an integer in [0, 2^32 − 1]: same seed, same events. */
  seed: number;
  /**
   * Probability of each kind of event in the normal stream.
   * @default DEFAULT_MIX (success 0.92, payment_failed 0.0025, delayed 0.05, duplicate 0.0275)
   */
  mix?: OrderMix;
  /**
   * Number of distinct customers, `CUST-1` … `CUST-<customers>`.
   * @default 25
   */
  customers?: number;
  /**
   * Where timestamps come from when the caller does not pass `at`.
   * @default () => new Date()
   */
  clock?: () => Date;
}

/** Options of one call of an {@link OrderEventGenerator}. */
export interface NextEventOptions {
  /**
   * Timestamp of the event.
   * @default the generator's `clock()`
   */
  at?: Date;
  /**
   * Produce an incident event: a `PAYMENT_FAILED` for one of the incident's few "hot" customers, drawn
   * from a separate random stream and id range, so the normal events of a run are the same whether or
   * not incident events are interleaved.
   * @default false
   */
  incident?: boolean;
}

/** Produces the next event; deterministic for a given seed, options and sequence of calls. */
export type OrderEventGenerator = (options?: NextEventOptions) => OrderEvent;

interface ProcessedOrder {
  orderId: string;
  customerId: string;
  amount: number;
}

const SAMPLING_ORDER = Object.keys(MIX_KEYS) as MixKey[];

/**
 * Creates a seeded event generator.
 *
 * - Normal events follow `mix`; customers are uniform over `CUST-1..n`; amounts are uniform integers in
 *   10–999; `processingTimeMs` is 50–1500 (processed), 2001–6000 (delayed), 5–50 (duplicate), 0 (payment
 *   failed, as in the design's sample).
 * - Order ids are `ORD-` + 6 hex digits, unique over the first 2^23 normal and 2^23 incident events.
 * - `DUPLICATE_ORDER` repeats the id, customer and amount of one of the last 256 processed (or delayed)
 *   orders; before any order has been processed, a drawn duplicate becomes an `ORDER_PROCESSED`.
 *
 * Throws {@link OrderWorkerConfigError} listing every bad option.
 */
export function createOrderEventGenerator(options: OrderEventGeneratorOptions): OrderEventGenerator {
  const { seed, mix, customers, clock } = resolveGeneratorOptions(options);
  const normal = mulberry32(seed);
  const incident = mulberry32(deriveSeed(seed, 1));
  const idOffset = deriveSeed(seed, 2);
  const hotCustomers = pickDistinct(incident, customers, Math.min(INCIDENT_HOT_CUSTOMERS, customers));
  const recent: ProcessedOrder[] = [];
  let normalOrders = 0;
  let incidentOrders = 0;

  const orderId = (lane: 0 | 1, index: number): string =>
    `ORD-${permute24(index * 2 + lane + idOffset)
      .toString(16)
      .padStart(6, "0")}`;

  return (next: NextEventOptions = {}) => {
    const timestamp = (next.at ?? clock()).toISOString();
    if (next.incident) {
      const customer = hotCustomers[Math.floor(incident() * hotCustomers.length)];
      return {
        timestamp,
        orderId: orderId(1, incidentOrders++),
        customerId: `CUST-${customer}`,
        event: Names.PAYMENT_FAILED,
        amount: randomInt(incident, RANGES.amount.min, RANGES.amount.max),
        processingTimeMs: 0,
      };
    }

    let event = pickEvent(normal(), mix);
    if (event === Names.DUPLICATE_ORDER) {
      const pick = normal();
      if (recent.length > 0) {
        const original = recent[Math.floor(pick * recent.length)];
        return {
          timestamp,
          orderId: original.orderId,
          customerId: original.customerId,
          event,
          amount: original.amount,
          processingTimeMs: randomInt(normal, RANGES.duplicateMs.min, RANGES.duplicateMs.max),
        };
      }
      event = Names.ORDER_PROCESSED;
    }

    const customerId = `CUST-${randomInt(normal, 1, customers)}`;
    const amount = randomInt(normal, RANGES.amount.min, RANGES.amount.max);
    const range =
      event === Names.ORDER_DELAYED
        ? RANGES.delayedMs
        : event === Names.PAYMENT_FAILED
          ? RANGES.paymentFailedMs
          : RANGES.processedMs;
    const processingTimeMs = randomInt(normal, range.min, range.max);
    const id = orderId(0, normalOrders++);
    if (event !== Names.PAYMENT_FAILED) {
      recent.push({ orderId: id, customerId, amount });
      if (recent.length > DUPLICATE_WINDOW) recent.shift();
    }
    return { timestamp, orderId: id, customerId, event, amount, processingTimeMs };
  };
}

/** Every problem with generator options, one sentence each naming the option; empty when valid. */
export function validateGeneratorOptions(options: OrderEventGeneratorOptions): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > MAX_SEED) {
    problems.push(`\`seed\` must be an integer from 0 to ${MAX_SEED} (got ${options.seed})`);
  }
  if (options.customers !== undefined) {
    if (!Number.isInteger(options.customers) || options.customers < 1 || options.customers > MAX_CUSTOMERS) {
      problems.push(`\`customers\` must be an integer from 1 to ${MAX_CUSTOMERS} (got ${options.customers})`);
    }
  }
  if (options.mix !== undefined) {
    problems.push(...validateMix(options.mix).map((problem) => `\`mix\`: ${problem}`));
  }
  return problems;
}

function resolveGeneratorOptions(options: OrderEventGeneratorOptions): Required<OrderEventGeneratorOptions> {
  const problems = validateGeneratorOptions(options);
  if (problems.length > 0)
    throw new OrderWorkerConfigError(problems.map((p) => `createOrderEventGenerator: ${p}`));
  return {
    seed: options.seed,
    mix: { ...(options.mix ?? DEFAULT_MIX) },
    customers: options.customers ?? DEFAULT_CUSTOMERS,
    clock: options.clock ?? (() => new Date()),
  };
}

function pickEvent(u: number, mix: OrderMix): OrderEventName {
  let cumulative = 0;
  let last: MixKey = "success";
  for (const key of SAMPLING_ORDER) {
    if (mix[key] <= 0) continue;
    last = key;
    cumulative += mix[key];
    if (u < cumulative) return MIX_KEYS[key];
  }
  // Only reachable when rounding leaves the probabilities a hair under 1.
  return MIX_KEYS[last];
}

/** `count` distinct integers from 1..`n`, in random order. */
function pickDistinct(random: Random, n: number, count: number): number[] {
  const picked: number[] = [];
  while (picked.length < count) {
    const candidate = randomInt(random, 1, n);
    if (!picked.includes(candidate)) picked.push(candidate);
  }
  return picked;
}
