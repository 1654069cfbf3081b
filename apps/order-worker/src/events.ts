/**
 * The order events the worker writes: names, the shape of one event and its one-line JSON form.
 *
 * Format (one JSON object per line, keys always in this order, as in the design's sample):
 * `{"timestamp":"2026-01-12T07:11:52.386Z","orderId":"ORD-e593fe","customerId":"CUST-9","event":"PAYMENT_FAILED","amount":391,"processingTimeMs":0}`
 */
import { z } from "zod";

/** The `event` field's values. */
export const OrderEventName = {
  /** The order was processed successfully within {@link DELAY_THRESHOLD_MS}. */
  ORDER_PROCESSED: "ORDER_PROCESSED",
  /** The payment was declined; nothing was processed (`processingTimeMs` is 0, as in the seed). */
  PAYMENT_FAILED: "PAYMENT_FAILED",
  /** The order was processed successfully but slowly: `processingTimeMs` > {@link DELAY_THRESHOLD_MS}. */
  ORDER_DELAYED: "ORDER_DELAYED",
  /** The same order arrived again; its `orderId`, `customerId` and `amount` repeat an earlier processed order. */
  DUPLICATE_ORDER: "DUPLICATE_ORDER",
} as const;
/** One of the {@link OrderEventName} values. */
export type OrderEventName = (typeof OrderEventName)[keyof typeof OrderEventName];

/** Every event name, in a fixed order. */
export const ORDER_EVENT_NAMES: readonly OrderEventName[] = Object.values(OrderEventName);

/** An order taking longer than this (ms) is "delayed" — the design's `filter processingTimeMs > 2000`. */
export const DELAY_THRESHOLD_MS = 2000;

/** Inclusive `processingTimeMs` range of each event, and of `amount`. */
export const RANGES = {
  /** `ORDER_PROCESSED`: normal processing time. */
  processedMs: { min: 50, max: 1500 },
  /** `ORDER_DELAYED`: always above {@link DELAY_THRESHOLD_MS}. */
  delayedMs: { min: DELAY_THRESHOLD_MS + 1, max: 6000 },
  /** `DUPLICATE_ORDER`: the idempotency check answers quickly. */
  duplicateMs: { min: 5, max: 50 },
  /** `PAYMENT_FAILED`: the payment is declined before any processing (the seed logs 0). */
  paymentFailedMs: { min: 0, max: 0 },
  /** `amount` of every event (whole currency units). */
  amount: { min: 10, max: 999 },
} as const;

/** `ORD-` and 6 lowercase hex digits. */
export const ORDER_ID_PATTERN = /^ORD-[0-9a-f]{6}$/;
/** `CUST-` and a number from 1. */
export const CUSTOMER_ID_PATTERN = /^CUST-[1-9][0-9]*$/;
/** `Date.prototype.toISOString()` output: UTC, millisecond precision. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Zod schema of one event, strict: for consumers that want to check a worker line. */
export const orderEventSchema = z
  .object({
    timestamp: z.string().regex(TIMESTAMP_PATTERN),
    orderId: z.string().regex(ORDER_ID_PATTERN),
    customerId: z.string().regex(CUSTOMER_ID_PATTERN),
    event: z.enum(OrderEventName),
    amount: z.number().int().nonnegative(),
    processingTimeMs: z.number().int().nonnegative(),
  })
  .strict();

/** One order event, exactly the fields of one log line. */
export interface OrderEvent {
  /** When the event happened, ISO 8601 UTC with milliseconds (`2026-01-12T07:11:52.386Z`). */
  timestamp: string;
  /** `ORD-` + 6 lowercase hex digits; unique per order, repeated only by `DUPLICATE_ORDER`. */
  orderId: string;
  /** `CUST-<n>`, n from 1 to the configured number of customers. */
  customerId: string;
  /** What happened. */
  event: OrderEventName;
  /** Order amount, an integer. */
  amount: number;
  /** Processing time in ms, an integer (0 for `PAYMENT_FAILED`). */
  processingTimeMs: number;
}

/**
 * One event as one line of JSON, without the trailing newline. Keys are always in the design's order;
 * JSON escaping guarantees no newline inside.
 */
export function formatEvent(event: OrderEvent): string {
  return JSON.stringify({
    timestamp: event.timestamp,
    orderId: event.orderId,
    customerId: event.customerId,
    event: event.event,
    amount: event.amount,
    processingTimeMs: event.processingTimeMs,
  });
}

/** Parses and checks one worker line; throws a ZodError / SyntaxError when it is not a valid event. */
export function parseEventLine(line: string): OrderEvent {
  return orderEventSchema.parse(JSON.parse(line));
}
