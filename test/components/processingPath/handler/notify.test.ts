import { expect } from "chai";
import { buildIncidents, type Incident } from "../../../../components/processingPath/handler/incidents";
import {
  MAX_LISTED_INCIDENTS,
  publishInput,
  summariseIncidents,
} from "../../../../components/processingPath/handler/notify";
import { Severity } from "../../../../components/processingPath/handler/severity";

function incidents(messages: string[]): Incident[] {
  return buildIncidents(
    {
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "/aws/lambda/orders",
      logStream: "s",
      subscriptionFilters: [],
      logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 0, message })),
    },
    { minSeverity: Severity.ERROR, maxMessageBytes: 4096, ttlDays: 0 },
    new Date(0),
  ).incidents;
}

describe("log-processor notify", () => {
  it("summarises nothing when no incident reaches the threshold", () => {
    expect(summariseIncidents(incidents(["ERROR a"]), Severity.CRITICAL, new Set())).to.equal(undefined);
  });

  it("names the top severity, the count and the log group, and tells new from already recorded", () => {
    const all = incidents(["ERROR a", "CRITICAL b\nsecond line"]);

    const summary = summariseIncidents(all, Severity.ERROR, new Set([all[1].incidentId]));

    expect(summary?.subject).to.equal("[CRITICAL] 2 incidents in /aws/lambda/orders");
    expect(summary?.message).to.contain("1 new, 1 already recorded");
    expect(summary?.message).to.contain("CRITICAL b second line");
  });

  it("lists at most MAX_LISTED_INCIDENTS and counts the rest", () => {
    const all = incidents(Array.from({ length: MAX_LISTED_INCIDENTS + 5 }, (_, i) => `ERROR ${i}`));

    const summary = summariseIncidents(all, Severity.ERROR, new Set());

    expect(summary?.message.split("\n").filter((l) => l.startsWith("- "))).to.have.length(
      MAX_LISTED_INCIDENTS,
    );
    expect(summary?.message).to.contain("and 5 more");
  });

  it("keeps the subject within SNS's 100 printable characters", () => {
    const [incident] = incidents(["ERROR x"]);
    const long = { ...incident, logGroup: `/aws/lambda/${"é".repeat(200)}` };

    const summary = summariseIncidents([long], Severity.ERROR, new Set());

    expect(summary?.subject.length).to.be.at.most(100);
    expect(summary?.subject).to.match(/^[\x20-\x7e]+$/);
  });

  it("adds a group and a deterministic deduplication id for FIFO topics only", () => {
    const summary = summariseIncidents(incidents(["ERROR a", "ERROR b"]), Severity.ERROR, new Set());
    if (summary === undefined) throw new Error("no summary");
    const reversed = { ...summary, incidentIds: [...summary.incidentIds].reverse() };

    const fifo = publishInput("arn:aws:sns:us-east-1:123456789012:t.fifo", summary);
    const standard = publishInput("arn:aws:sns:us-east-1:123456789012:t", summary);

    expect(fifo.MessageDeduplicationId).to.match(/^[0-9a-f]{64}$/);
    expect(
      publishInput("arn:aws:sns:us-east-1:123456789012:t.fifo", reversed).MessageDeduplicationId,
    ).to.equal(fifo.MessageDeduplicationId);
    expect(fifo.MessageGroupId).to.be.a("string");
    expect(standard).to.not.have.property("MessageDeduplicationId");
    expect(standard.MessageAttributes?.severity?.StringValue).to.equal("ERROR");
  });
});
