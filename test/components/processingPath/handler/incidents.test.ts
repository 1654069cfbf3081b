import { expect } from "chai";
import type { LogsDelivery } from "../../../../components/processingPath/handler/decode";
import {
  buildIncidents,
  incidentIdFor,
  truncateUtf8,
} from "../../../../components/processingPath/handler/incidents";
import { Severity } from "../../../../components/processingPath/handler/severity";

const rules = { minSeverity: Severity.ERROR, maxMessageBytes: 1024, ttlDays: 7 };

function delivery(events: { id: string; message: string }[]): LogsDelivery {
  return {
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/lambda/orders",
    logStream: "s1",
    subscriptionFilters: ["f"],
    logEvents: events.map((e, i) => ({ ...e, timestamp: 1_700_000_000_000 + i })),
  };
}

describe("log-processor incidents", () => {
  it("derives the same id for the same group, stream and event id, and different ids otherwise", () => {
    const id = incidentIdFor("g", "s", "1");

    expect(id).to.match(/^[0-9a-f]{64}$/);
    expect(incidentIdFor("g", "s", "1")).to.equal(id);
    expect(incidentIdFor("g", "s", "2")).to.not.equal(id);
    expect(incidentIdFor("g", "t", "1")).to.not.equal(id);
    expect(incidentIdFor("h", "s", "1")).to.not.equal(id);
    // Parts cannot run into each other.
    expect(incidentIdFor("ab", "c", "1")).to.not.equal(incidentIdFor("a", "bc", "1"));
  });

  it("keeps short messages whole", () => {
    expect(truncateUtf8("héllo", 6)).to.deep.equal({ text: "héllo", truncated: false, bytes: 6 });
  });

  it("cuts at a byte bound without splitting a multi-byte character", () => {
    // "€" is 3 bytes, "😀" is 4 (a surrogate pair in JS).
    expect(truncateUtf8("ab€cd", 4)).to.deep.equal({ text: "ab", truncated: true, bytes: 7 });
    expect(truncateUtf8("ab€cd", 5)).to.deep.equal({ text: "ab€", truncated: true, bytes: 7 });
    expect(truncateUtf8("😀😀", 7)).to.deep.equal({ text: "😀", truncated: true, bytes: 8 });
    expect(truncateUtf8("😀", 3).text).to.equal("");
    for (let max = 0; max <= 20; max++) {
      const cut = truncateUtf8("a€😀ü日本語", max);
      expect(Buffer.byteLength(cut.text)).to.be.at.most(max);
      expect(cut.text).to.not.contain("\ufffd");
    }
  });

  it("builds incidents only for events at/above the threshold, with bounded messages", () => {
    const now = new Date("2026-11-23T00:00:00.000Z");
    const big = `ERROR ${"€".repeat(1000)}`;

    const built = buildIncidents(
      delivery([
        { id: "1", message: "INFO fine" },
        { id: "2", message: big },
      ]),
      rules,
      now,
    );

    expect(built.eventCount).to.equal(2);
    expect(built.incidents).to.have.length(1);
    const [incident] = built.incidents;
    expect(incident).to.include({
      eventId: "2",
      severity: "ERROR",
      truncated: true,
      messageBytes: Buffer.byteLength(big),
      firstSeenAt: "2026-11-23T00:00:00.000Z",
      expiresAt: now.getTime() / 1000 + 7 * 86_400,
      timestamp: "2023-11-14T22:13:20.001Z",
      sourceAccount: "123456789012",
    });
    expect(Buffer.byteLength(incident.message)).to.be.at.most(1024);
    expect(big.startsWith(incident.message)).to.equal(true);
  });

  it("keeps the first of repeated event ids in one delivery", () => {
    const built = buildIncidents(
      delivery([
        { id: "7", message: "ERROR first" },
        { id: "7", message: "ERROR again" },
      ]),
      rules,
      new Date(),
    );

    expect(built.incidents.map((i) => i.message)).to.deep.equal(["ERROR first"]);
    expect(built.repeatedInDelivery).to.equal(1);
  });

  it("stores no expiresAt when the TTL is 0 days", () => {
    const built = buildIncidents(
      delivery([{ id: "1", message: "ERROR x" }]),
      { ...rules, ttlDays: 0 },
      new Date(),
    );

    expect(built.incidents[0]).to.not.have.property("expiresAt");
  });
});
