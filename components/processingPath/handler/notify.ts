/**
 * The optional SNS summary of high-severity incidents: one message per delivery.
 *
 * Delivery is at-least-once: the summary covers every incident of the delivery at/above the
 * threshold, new or already stored, and is published after the incidents are stored. If publishing
 * fails the invocation fails, and the retry (whose writes are no-ops) publishes again. A redelivered
 * batch is therefore notified again; on a FIFO topic the deterministic deduplication id lets SNS
 * drop that repeat within its 5-minute window.
 */
import { createHash } from "node:crypto";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { NotificationError } from "./errors";
import type { Incident } from "./incidents";
import { isAtLeast, severityRank, type Severity } from "./severity";

/** Incidents listed in the message body; the rest are counted. */
export const MAX_LISTED_INCIDENTS = 20;
/** Characters of each listed message. */
export const LISTED_MESSAGE_CHARS = 200;
/** SNS subject limit. */
const MAX_SUBJECT_CHARS = 100;

/** What gets published. */
export interface NotificationSummary {
  /** Email subject line (≤ 100 printable characters). */
  readonly subject: string;
  /** Plain-text body. */
  readonly message: string;
  /** Highest severity among the notified incidents. */
  readonly severity: Severity;
  /** Incidents summarised. */
  readonly incidentIds: readonly string[];
  /** Log group the incidents come from. */
  readonly logGroup: string;
}

/** Incidents to notify, or undefined when none is at/above `minSeverity`. */
export function summariseIncidents(
  incidents: readonly Incident[],
  minSeverity: Severity,
  newIds: ReadonlySet<string>,
): NotificationSummary | undefined {
  const selected = incidents.filter((i) => isAtLeast(i.severity, minSeverity));
  if (selected.length === 0) return undefined;
  const top = selected.reduce((a, b) =>
    severityRank(b.severity) > severityRank(a.severity) ? b : a,
  ).severity;
  const first = selected[0];
  const fresh = selected.filter((i) => newIds.has(i.incidentId)).length;
  const noun = selected.length === 1 ? "incident" : "incidents";
  const subject = printable(`[${top}] ${selected.length} ${noun} in ${first.logGroup}`).slice(
    0,
    MAX_SUBJECT_CHARS,
  );
  const lines = [
    `${selected.length} ${noun} at or above ${minSeverity} in log group ${first.logGroup}`,
    `stream ${first.logStream}, account ${first.sourceAccount}`,
    `${fresh} new, ${selected.length - fresh} already recorded by an earlier delivery.`,
    "",
    ...selected
      .slice(0, MAX_LISTED_INCIDENTS)
      .map(
        (i) => `- ${i.severity} ${i.timestamp} ${i.incidentId}: ${oneLine(i.message, LISTED_MESSAGE_CHARS)}`,
      ),
  ];
  if (selected.length > MAX_LISTED_INCIDENTS)
    lines.push(`… and ${selected.length - MAX_LISTED_INCIDENTS} more.`);
  return {
    subject,
    message: lines.join("\n"),
    severity: top,
    incidentIds: selected.map((i) => i.incidentId),
    logGroup: first.logGroup,
  };
}

/** The SNS Publish input for a summary (FIFO topics get a group and a deterministic dedup id). */
export function publishInput(topicArn: string, summary: NotificationSummary): PublishCommand["input"] {
  const fifo = topicArn.endsWith(".fifo");
  return {
    TopicArn: topicArn,
    Subject: summary.subject,
    Message: summary.message,
    MessageAttributes: {
      severity: { DataType: "String", StringValue: summary.severity },
      incidentCount: { DataType: "Number", StringValue: String(summary.incidentIds.length) },
      logGroup: { DataType: "String", StringValue: summary.logGroup || "-" },
    },
    ...(fifo
      ? {
          MessageGroupId: sha256(summary.logGroup).slice(0, 64),
          MessageDeduplicationId: sha256([...summary.incidentIds].sort().join("\n")),
        }
      : {}),
  };
}

/** Publishes the summary; failures become `NotificationError`. */
export async function publishSummary(
  sns: SNSClient,
  topicArn: string,
  summary: NotificationSummary,
): Promise<void> {
  try {
    await sns.send(new PublishCommand(publishInput(topicArn, summary)));
  } catch (cause) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new NotificationError(
      `Could not publish the summary of ${summary.incidentIds.length} incidents to ${topicArn} (${reason}). ` +
        "The incidents are stored; the delivery will be retried and the summary published again.",
      { cause },
    );
  }
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** SNS subjects must be printable ASCII without line breaks. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
