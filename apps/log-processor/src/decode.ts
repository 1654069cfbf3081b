/**
 * Decoding of a CloudWatch Logs subscription delivery: `event.awslogs.data` is base64 of a gzip of
 * one JSON document (DATA_MESSAGE or CONTROL_MESSAGE).
 */
import { gunzipSync, gzipSync } from "node:zlib";
import * as z from "./zod";
import { PayloadDecodeError } from "./errors";

/** Message types CloudWatch Logs delivers. */
export const MessageType = {
  DATA: "DATA_MESSAGE",
  CONTROL: "CONTROL_MESSAGE",
} as const;

/** One of the `MessageType` values. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Decompressed payloads larger than this are refused (a delivery is at most a few MB). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

const logEventSchema = z.object({
  id: z.string(),
  timestamp: z.number(),
  message: z.string(),
});

const deliverySchema = z.object({
  messageType: z.enum([MessageType.DATA, MessageType.CONTROL]),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(logEventSchema),
});

/** One log event as delivered. */
export interface LogEvent {
  /** CloudWatch Logs event id (unique within the log group). */
  readonly id: string;
  /** Event time, epoch milliseconds. */
  readonly timestamp: number;
  /** The raw log line. */
  readonly message: string;
}

/** A decoded delivery. */
export interface LogsDelivery {
  /** DATA_MESSAGE (log events) or CONTROL_MESSAGE (reachability check; carries nothing to store). */
  readonly messageType: MessageType;
  /** AWS account id of the source log group. */
  readonly owner: string;
  /** Source log group name. */
  readonly logGroup: string;
  /** Source log stream name. */
  readonly logStream: string;
  /** Names of the subscription filters that matched. */
  readonly subscriptionFilters: readonly string[];
  /** The events, in delivery order. */
  readonly logEvents: readonly LogEvent[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Returns `event.awslogs.data`, or throws `PayloadDecodeError` naming what is missing. */
export function extractAwsLogsData(event: unknown): string {
  const awslogs = isRecord(event) ? event.awslogs : undefined;
  const data = isRecord(awslogs) ? awslogs.data : undefined;
  if (typeof data !== "string") {
    throw new PayloadDecodeError(
      "Event is not a CloudWatch Logs subscription delivery: expected a string at `awslogs.data`.",
    );
  }
  return data;
}

/** Strict base64 decode (Node's decoder silently skips invalid characters; this refuses them). */
export function decodeBase64(data: string): Buffer {
  if (data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) {
    throw new PayloadDecodeError(
      `\`awslogs.data\` is not valid base64 (${data.length} characters; expected a non-empty multiple of 4 from [A-Za-z0-9+/=]).`,
    );
  }
  return Buffer.from(data, "base64");
}

/** gunzip, refusing anything that is not gzip or that inflates beyond `MAX_DECOMPRESSED_BYTES`. */
export function gunzip(compressed: Buffer): Buffer {
  try {
    return gunzipSync(compressed, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PayloadDecodeError(`\`awslogs.data\` is not a valid gzip stream: ${reason}`, { cause });
  }
}

/** Parses the decompressed JSON and checks it is a delivery. */
export function parseDelivery(json: Buffer | string): LogsDelivery {
  let value: unknown;
  try {
    value = JSON.parse(typeof json === "string" ? json : json.toString("utf8"));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PayloadDecodeError(`Decompressed \`awslogs.data\` is not JSON: ${reason}`, { cause });
  }
  const result = deliverySchema.safeParse(value);
  if (!result.success) {
    throw new PayloadDecodeError(
      `Decompressed \`awslogs.data\` is not a CloudWatch Logs delivery:\n${z.prettifyError(result.error)}`,
      { cause: result.error },
    );
  }
  return result.data;
}

/** event → delivery: `awslogs.data` → base64 → gunzip → JSON → shape check. */
export function decodeDelivery(event: unknown): LogsDelivery {
  return parseDelivery(gunzip(decodeBase64(extractAwsLogsData(event))));
}

/** The inverse of `decodeDelivery` for a JSON document (tests, replay, benchmarks). */
export function encodeAwsLogsData(json: string): string {
  return gzipSync(json).toString("base64");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
