import { expect } from "chai";
import { parseEventLine } from "../../../apps/order-worker/src/events";
import { SAMPLE_START, sampleLines } from "../../../apps/order-worker/src/samples";

/** PAYMENT_FAILED per calendar minute (Logs Insights `bin(1m)`), keyed by epoch minute. */
function failuresPerMinute(lines: string[]): Map<number, number> {
  const perMinute = new Map<number, number>();
  for (const line of lines) {
    const event = parseEventLine(line);
    const minute = Math.floor(Date.parse(event.timestamp) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + (event.event === "PAYMENT_FAILED" ? 1 : 0));
  }
  return perMinute;
}

describe("order-worker samples", () => {
  it("returns exactly `count` valid lines, starting at the design's sample time, 500 ms apart", () => {
    const lines = sampleLines({ seed: 1, count: 50 });

    expect(lines).to.have.length(50);
    const events = lines.map(parseEventLine);
    expect(events[0].timestamp).to.equal(SAMPLE_START);
    expect(events[1].timestamp).to.equal("2026-01-12T07:11:52.886Z");
    expect(lines.every((l) => !l.includes("\n"))).to.equal(true);
  });

  it("is deterministic for the same options", () => {
    expect(sampleLines({ seed: 7, count: 300 })).to.deep.equal(sampleLines({ seed: 7, count: 300 }));
    expect(sampleLines({ seed: 7, count: 300 })).to.not.deep.equal(sampleLines({ seed: 8, count: 300 }));
  });

  it("honours a given mix", () => {
    const lines = sampleLines({
      seed: 2,
      count: 100,
      mix: { success: 0, payment_failed: 1, delayed: 0, duplicate: 0 },
    });
    expect(lines.every((l) => parseEventLine(l).event === "PAYMENT_FAILED")).to.equal(true);
  });

  it("crosses the ≥ 5 PAYMENT_FAILED alarm in every minute of an incident, and not outside it", () => {
    // Arrange: 10 minutes at 2 events/s from a minute boundary; incident from minute 3 to minute 7.
    const start = new Date("2026-01-12T07:00:00.000Z");
    const incident = { afterSeconds: 180, durationSeconds: 240 };

    // Act
    const lines = sampleLines({ seed: 1, count: 1200 + 4 * 12, start, incident });

    // Assert
    const perMinute = failuresPerMinute(lines);
    const firstMinute = start.getTime() / 60_000;
    expect([...perMinute.keys()]).to.deep.equal(Array.from({ length: 10 }, (_, i) => firstMinute + i));
    for (const [minute, failures] of perMinute) {
      const inIncident = minute >= firstMinute + 3 && minute < firstMinute + 7;
      if (inIncident) expect(failures, `minute ${minute - firstMinute}`).to.be.at.least(5);
      else expect(failures, `minute ${minute - firstMinute}`).to.be.below(5);
    }
  });

  it("puts ≥ 5 failures into some calendar minute for any 60 s incident, however it is aligned", () => {
    for (let offsetSeconds = 0; offsetSeconds < 60; offsetSeconds += 7) {
      const lines = sampleLines({
        seed: 3,
        count: 400,
        start: new Date("2026-01-12T07:00:00.000Z"),
        mix: { success: 1, payment_failed: 0, delayed: 0, duplicate: 0 },
        incident: { afterSeconds: 30 + offsetSeconds, durationSeconds: 60 },
      });
      const counts = [...failuresPerMinute(lines).values()];
      expect(
        counts.reduce((a, b) => a + b),
        `offset ${offsetSeconds}`,
      ).to.equal(12);
      expect(Math.max(...counts), `offset ${offsetSeconds}`).to.be.at.least(6);
    }
  });
});
