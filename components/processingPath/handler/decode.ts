/**
 * Decoding of a CloudWatch Logs subscription delivery: `event.awslogs.data` is base64 of a gzip of
 * one JSON document (DATA_MESSAGE or CONTROL_MESSAGE).
 */
import { gunzipSync, gzipSync } from "node:zlib";
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

/**
 * Strict base64 decode. Node's decoder silently skips characters outside the alphabet (and
 * whitespace) and also takes the base64url alphabet; any skipped character makes the output
 * shorter than the length implies, which is what this checks (cheaper than a regex over a
 * megabyte-sized string), and base64url's `-` and `_` are refused outright.
 */
export function decodeBase64(data: string): Buffer {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  const wellFormed = data.length > 0 && data.length % 4 === 0 && !data.includes("-") && !data.includes("_");
  const decoded = wellFormed ? Buffer.from(data, "base64") : undefined;
  if (decoded === undefined || decoded.length !== (data.length / 4) * 3 - padding) {
    throw new PayloadDecodeError(
      `\`awslogs.data\` is not valid base64 (${data.length} characters; expected a non-empty multiple of 4 from [A-Za-z0-9+/=]).`,
    );
  }
  return decoded;
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

/** Problems reported before giving up on a malformed delivery. */
const MAX_REPORTED_PROBLEMS = 5;

/**
 * Parses the decompressed JSON and checks it is a delivery, reporting the path of each bad field
 * (`logEvents[3].timestamp: expected a number, got "yesterday"`). Hand-written rather than a schema
 * library: it runs once per event of deliveries up to 10,000 events, where a generic validator
 * costs a fifth of the whole decode.
 */
export function parseDelivery(json: Buffer | string): LogsDelivery {
  let value: unknown;
  try {
    value = JSON.parse(typeof json === "string" ? json : json.toString("utf8"));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PayloadDecodeError(`Decompressed \`awslogs.data\` is not JSON: ${reason}`, { cause });
  }
  const problems = deliveryProblems(value);
  if (problems.length > 0) {
    throw new PayloadDecodeError(
      `Decompressed \`awslogs.data\` is not a CloudWatch Logs delivery:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return value as LogsDelivery;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Every shape problem of a would-be delivery (at most MAX_REPORTED_PROBLEMS), as `path: expected …, got …`. */
export function deliveryProblems(value: unknown): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, path: string, expected: string, got: unknown): void => {
    if (!ok && problems.length < MAX_REPORTED_PROBLEMS)
      problems.push(`${path}: expected ${expected}, got ${describeValue(got)}`);
  };
  if (!isRecord(value)) {
    expect(false, "(root)", "an object", value);
    return problems;
  }
  const type = value.messageType;
  expect(
    type === MessageType.DATA || type === MessageType.CONTROL,
    "messageType",
    `"${MessageType.DATA}" or "${MessageType.CONTROL}"`,
    type,
  );
  for (const key of ["owner", "logGroup", "logStream"] as const)
    expect(typeof value[key] === "string", key, "a string", value[key]);
  const filters = value.subscriptionFilters;
  expect(
    Array.isArray(filters) && filters.every((f) => typeof f === "string"),
    "subscriptionFilters",
    "an array of strings",
    filters,
  );
  const events = value.logEvents;
  if (!Array.isArray(events)) {
    expect(false, "logEvents", "an array", events);
    return problems;
  }
  for (let i = 0; i < events.length && problems.length < MAX_REPORTED_PROBLEMS; i++) {
    const event: unknown = events[i];
    if (!isRecord(event)) {
      expect(false, `logEvents[${i}]`, "an object", event);
      continue;
    }
    if (typeof event.id !== "string") expect(false, `logEvents[${i}].id`, "a string", event.id);
    if (typeof event.timestamp !== "number" || !Number.isFinite(event.timestamp)) {
      expect(false, `logEvents[${i}].timestamp`, "a number (epoch ms)", event.timestamp);
    }
    if (typeof event.message !== "string")
      expect(false, `logEvents[${i}].message`, "a string", event.message);
  }
  return problems;
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
