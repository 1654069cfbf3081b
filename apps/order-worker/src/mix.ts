/**
 * The event mix: the probability of each kind of event in the normal (non-incident) stream.
 * Text form: `success=0.92,payment_failed=0.0025,delayed=0.05,duplicate=0.0275`.
 */
import { z } from "zod";
import { OrderEventName } from "./events";

/** Mix keys and the event each one produces, in sampling order. */
export const MIX_KEYS = {
  success: OrderEventName.ORDER_PROCESSED,
  payment_failed: OrderEventName.PAYMENT_FAILED,
  delayed: OrderEventName.ORDER_DELAYED,
  duplicate: OrderEventName.DUPLICATE_ORDER,
} as const;
/** One of the mix keys (`success`, `payment_failed`, `delayed`, `duplicate`). */
export type MixKey = keyof typeof MIX_KEYS;

/** How far the probabilities may sum away from 1. */
export const MIX_SUM_TOLERANCE = 1e-9;

/** The probability of each kind of event; every value in [0, 1], summing to 1. */
export interface OrderMix {
  /** Probability of `ORDER_PROCESSED`. */
  success: number;
  /** Probability of `PAYMENT_FAILED`. */
  payment_failed: number;
  /** Probability of `ORDER_DELAYED`. */
  delayed: number;
  /** Probability of `DUPLICATE_ORDER`. */
  duplicate: number;
}

/**
 * Default mix. The payment-failure share is deliberately small: at the default 2 events/s it gives an
 * expected 0.3 PAYMENT_FAILED per minute (visible on dashboards), while the design's alarm (≥ 5 per
 * minute) stays quiet until incident mode is switched on: P(≥ 5 in one minute) ≈ 1.5·10⁻⁵, about one
 * false alarm in two months.
 */
export const DEFAULT_MIX: Readonly<OrderMix> = Object.freeze({
  success: 0.92,
  payment_failed: 0.0025,
  delayed: 0.05,
  duplicate: 0.0275,
});

const probability = z.number().finite().min(0, "must not be negative").max(1, "must be at most 1");

/** Zod schema of a mix: known keys only, each in [0, 1], summing to 1 ± {@link MIX_SUM_TOLERANCE}. */
export const orderMixSchema = z
  .object({ success: probability, payment_failed: probability, delayed: probability, duplicate: probability })
  .strict()
  .superRefine((mix, ctx) => {
    const sum = mix.success + mix.payment_failed + mix.delayed + mix.duplicate;
    if (Math.abs(sum - 1) > MIX_SUM_TOLERANCE) {
      ctx.addIssue({ code: "custom", message: `probabilities must sum to 1 (they sum to ${round(sum)})` });
    }
    if (mix.duplicate > 0 && mix.success + mix.delayed === 0) {
      ctx.addIssue({
        code: "custom",
        message: "`duplicate` needs `success` or `delayed` above 0: a duplicate repeats a processed order",
      });
    }
  });

/** Every problem with `mix`, one sentence each naming the key; empty when it is valid. */
export function validateMix(mix: unknown): string[] {
  const result = orderMixSchema.safeParse(mix);
  if (result.success) return [];
  return result.error.issues.map((issue) =>
    issue.path.length > 0 ? `\`${issue.path.join(".")}\` ${issue.message}` : issue.message,
  );
}

/**
 * Parses the text form (`key=value` pairs separated by commas; keys not given are 0). Returns the mix or
 * every problem found; never throws.
 */
export function parseMix(
  text: string,
): { mix: OrderMix; problems: [] } | { mix?: undefined; problems: string[] } {
  const problems: string[] = [];
  const values: Record<MixKey, number> = { success: 0, payment_failed: 0, delayed: 0, duplicate: 0 };
  const seen = new Set<string>();
  const pairs = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (pairs.length === 0) problems.push("is empty; expected e.g. success=0.9,payment_failed=0.1");
  for (const pair of pairs) {
    const match = /^([a-z_]+)\s*=\s*(.*)$/i.exec(pair);
    if (!match) {
      problems.push(`\`${pair}\` is not key=value`);
      continue;
    }
    const key = match[1].toLowerCase();
    const rawValue = match[2].trim();
    if (!isMixKey(key)) {
      problems.push(`unknown key \`${match[1]}\` (expected ${Object.keys(MIX_KEYS).join(", ")})`);
      continue;
    }
    if (seen.has(key)) {
      problems.push(`\`${key}\` is given twice`);
      continue;
    }
    seen.add(key);
    const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(rawValue) ? Number(rawValue) : Number.NaN;
    if (Number.isNaN(value)) {
      problems.push(`\`${key}\` is not a number (got "${rawValue}")`);
      continue;
    }
    values[key] = value;
  }
  if (problems.length > 0) return { problems };
  const mixProblems = validateMix(values);
  return mixProblems.length > 0 ? { problems: mixProblems } : { mix: values, problems: [] };
}

/** The text form of a mix, keys in sampling order (parses back to the same mix). */
export function formatMix(mix: OrderMix): string {
  return (Object.keys(MIX_KEYS) as MixKey[]).map((key) => `${key}=${mix[key]}`).join(",");
}

function isMixKey(key: string): key is MixKey {
  return Object.hasOwn(MIX_KEYS, key);
}

function round(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}
