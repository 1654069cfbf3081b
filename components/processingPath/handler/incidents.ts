/**
 * Turning log events into incidents: severity filter, deterministic ids, bounded messages.
 */
import * as crypto from "node:crypto";
import type { LogsDelivery } from "./decode";
import { deriveSeverity, isAtLeast, type Severity } from "./severity";

/** An incident as stored (one DynamoDB item; see `toItem` in store.ts for the attribute types). */
export interface Incident {
  /** Partition key: sha256 hex of `[logGroup, logStream, eventId]` (see `incidentIdFor`). */
  readonly incidentId: string;
  /** Source log group. */
  readonly logGroup: string;
  /** Source log stream. */
  readonly logStream: string;
  /** CloudWatch Logs event id. */
  readonly eventId: string;
  /** Event time, ISO 8601 UTC. */
  readonly timestamp: string;
  /** Derived severity. */
  readonly severity: Severity;
  /** The original message, cut to the configured byte bound at a UTF-8 character boundary. */
  readonly message: string;
  /** True when `message` was cut. */
  readonly truncated: boolean;
  /** Size of the original message in UTF-8 bytes. */
  readonly messageBytes: number;
  /** When the processor first stored the incident, ISO 8601 UTC. Never overwritten by redelivery. */
  readonly firstSeenAt: string;
  /** DynamoDB TTL, epoch seconds (`firstSeenAt` + the TTL days); absent when TTL is disabled. */
  readonly expiresAt?: number;
  /** AWS account id owning the source log group. */
  readonly sourceAccount: string;
  /** Subscription filters that matched the event. */
  readonly subscriptionFilters: readonly string[];
}

/** What `buildIncidents` needs from the configuration. */
export interface IncidentRules {
  /** Events below this severity create no incident. */
  readonly minSeverity: Severity;
  /** Bound on the stored message, UTF-8 bytes. */
  readonly maxMessageBytes: number;
  /** Days until `expiresAt`; 0 stores no `expiresAt`. */
  readonly ttlDays: number;
}

/** Result of `buildIncidents`. */
export interface BuiltIncidents {
  /** Incidents, unique by id, in delivery order (first occurrence wins). */
  readonly incidents: Incident[];
  /** Log events in the delivery. */
  readonly eventCount: number;
  /** Events at/above the threshold whose id repeated an earlier event of the same delivery. */
  readonly repeatedInDelivery: number;
}

/**
 * Deterministic incident id: the same log event (group, stream, event id) always maps to the same
 * id, so a redelivery addresses the same item. The JSON array keeps the parts unambiguous.
 */
export function incidentIdFor(logGroup: string, logStream: string, eventId: string): string {
  return sha256Hex(JSON.stringify([logGroup, logStream, eventId]));
}

/** `incidentIdFor` with the group/stream part serialised once per delivery (same ids). */
function idsFor(logGroup: string, logStream: string): (eventId: string) => string {
  const prefix = JSON.stringify([logGroup, logStream]).slice(0, -1);
  return (eventId) => sha256Hex(`${prefix},${JSON.stringify(eventId)}]`);
}

/** One-shot `crypto.hash` (Node ≥ 20.12) is several times cheaper than createHash for short inputs. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

function sha256Hex(text: string): string {
  return oneShot ? oneShot("sha256", text, "hex") : crypto.createHash("sha256").update(text).digest("hex");
}

/** A message cut to a byte bound. */
export interface BoundedText {
  /** The (possibly cut) text; always valid UTF-8, never a split character. */
  readonly text: string;
  /** True when `text` is shorter than the input. */
  readonly truncated: boolean;
  /** UTF-8 size of the input. */
  readonly bytes: number;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a multi-byte character (the
 * cut moves back to the previous character start).
 */
export function truncateUtf8(text: string, maxBytes: number): BoundedText {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  const encoded = Buffer.from(text, "utf8");
  let cut = Math.max(0, maxBytes);
  // A UTF-8 continuation byte is 0b10xxxxxx: step back to the lead byte of that character.
  while (cut > 0 && (encoded[cut] & 0xc0) === 0x80) cut--;
  return { text: encoded.toString("utf8", 0, cut), truncated: true, bytes };
}

const SECONDS_PER_DAY = 86_400;

/**
 * The incidents of a delivery: one per event at/above `rules.minSeverity`, unique by id (a
 * delivery may repeat an event id; DynamoDB batch requests refuse duplicate keys).
 */
export function buildIncidents(delivery: LogsDelivery, rules: IncidentRules, now: Date): BuiltIncidents {
  const firstSeenAt = now.toISOString();
  const expiresAt =
    rules.ttlDays > 0 ? Math.floor(now.getTime() / 1000) + rules.ttlDays * SECONDS_PER_DAY : undefined;
  const idOf = idsFor(delivery.logGroup, delivery.logStream);
  const seen = new Set<string>();
  const incidents: Incident[] = [];
  let repeatedInDelivery = 0;
  for (const event of delivery.logEvents) {
    const severity = deriveSeverity(event.message);
    if (!isAtLeast(severity, rules.minSeverity)) continue;
    const incidentId = idOf(event.id);
    if (seen.has(incidentId)) {
      repeatedInDelivery++;
      continue;
    }
    seen.add(incidentId);
    const bounded = truncateUtf8(event.message, rules.maxMessageBytes);
    incidents.push({
      incidentId,
      logGroup: delivery.logGroup,
      logStream: delivery.logStream,
      eventId: event.id,
      timestamp: isoTime(event.timestamp),
      severity,
      message: bounded.text,
      truncated: bounded.truncated,
      messageBytes: bounded.bytes,
      firstSeenAt,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      sourceAccount: delivery.owner,
      subscriptionFilters: delivery.subscriptionFilters,
    });
  }
  return { incidents, eventCount: delivery.logEvents.length, repeatedInDelivery };
}

/** ISO time of an epoch-ms timestamp; out-of-range values keep their number rather than throw. */
function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}
