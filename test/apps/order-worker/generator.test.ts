import { expect } from "chai";
import type { OrderEvent } from "../../../apps/order-worker/src/events";
import {
  createOrderEventGenerator,
  type OrderEventGeneratorOptions,
} from "../../../apps/order-worker/src/generator";

const START = Date.parse("2026-01-12T07:00:00.000Z");
const BRIEF_MIX = { success: 0.8, payment_failed: 0.1, delayed: 0.07, duplicate: 0.03 };

/** `count` events, 500 ms apart, optionally an incident event after every `incidentEvery` normal ones. */
function generate(options: OrderEventGeneratorOptions, count: number, incidentEvery = 0): OrderEvent[] {
  const next = createOrderEventGenerator(options);
  const events: OrderEvent[] = [];
  for (let i = 0; i < count; i++) {
    events.push(next({ at: new Date(START + i * 500) }));
    if (incidentEvery > 0 && (i + 1) % incidentEvery === 0) {
      events.push(next({ at: new Date(START + i * 500 + 1), incident: true }));
    }
  }
  return events;
}

function countBy(events: OrderEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.event] = (counts[e.event] ?? 0) + 1;
  return counts;
}

describe("order-worker generator", () => {
  const events = generate({ seed: 42, mix: BRIEF_MIX, customers: 25 }, 10_000);

  it("gives every event every field with the right type and format", () => {
    for (const e of events) {
      expect(Object.keys(e)).to.deep.equal([
        "timestamp",
        "orderId",
        "customerId",
        "event",
        "amount",
        "processingTimeMs",
      ]);
      expect(e.timestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(e.orderId).to.match(/^ORD-[0-9a-f]{6}$/);
      expect(e.customerId).to.match(/^CUST-([1-9]|1\d|2[0-5])$/);
      expect(e.event).to.be.oneOf(["ORDER_PROCESSED", "PAYMENT_FAILED", "ORDER_DELAYED", "DUPLICATE_ORDER"]);
      expect(Number.isInteger(e.amount) && e.amount >= 10 && e.amount <= 999, `amount ${e.amount}`).to.equal(
        true,
      );
      expect(Number.isInteger(e.processingTimeMs), `processingTimeMs ${e.processingTimeMs}`).to.equal(true);
    }
  });

  it("stamps the timestamp it is given, and the clock's time when given none", () => {
    expect(events[3].timestamp).to.equal("2026-01-12T07:00:01.500Z");
    const next = createOrderEventGenerator({ seed: 1, clock: () => new Date("2030-05-06T07:08:09.010Z") });
    expect(next().timestamp).to.equal("2030-05-06T07:08:09.010Z");
  });

  it("honours the mix over 10k events (fixed seed, ±1.5 points)", () => {
    const counts = countBy(events);
    expect(counts.ORDER_PROCESSED / 10_000).to.be.closeTo(0.8, 0.015);
    expect(counts.PAYMENT_FAILED / 10_000).to.be.closeTo(0.1, 0.015);
    expect(counts.ORDER_DELAYED / 10_000).to.be.closeTo(0.07, 0.015);
    expect(counts.DUPLICATE_ORDER / 10_000).to.be.closeTo(0.03, 0.015);
  });

  it("never emits an event whose mix share is 0", () => {
    const counts = countBy(
      generate({ seed: 5, mix: { success: 0.9, payment_failed: 0.1, delayed: 0, duplicate: 0 } }, 2000),
    );
    expect(Object.keys(counts).sort()).to.deep.equal(["ORDER_PROCESSED", "PAYMENT_FAILED"]);
  });

  it("produces identical events for the same seed and different ones for another seed", () => {
    const again = generate({ seed: 42, mix: BRIEF_MIX, customers: 25 }, 10_000);
    const other = generate({ seed: 43, mix: BRIEF_MIX, customers: 25 }, 10_000);

    expect(again).to.deep.equal(events);
    expect(other.map((e) => e.orderId)).to.not.deep.equal(events.map((e) => e.orderId));
  });

  it("makes delayed orders slower than 2000 ms and every other event at most 2000 ms", () => {
    for (const e of events) {
      if (e.event === "ORDER_DELAYED") expect(e.processingTimeMs).to.be.within(2001, 6000);
      if (e.event === "ORDER_PROCESSED") expect(e.processingTimeMs).to.be.within(50, 1500);
      if (e.event === "DUPLICATE_ORDER") expect(e.processingTimeMs).to.be.within(5, 50);
      if (e.event === "PAYMENT_FAILED") expect(e.processingTimeMs).to.equal(0);
    }
  });

  it("makes a duplicate repeat an earlier processed order: same id, customer and amount", () => {
    const processed = new Map<string, OrderEvent>();
    let duplicates = 0;
    for (const e of events) {
      if (e.event === "DUPLICATE_ORDER") {
        duplicates++;
        const original = processed.get(e.orderId);
        expect(original, `${e.orderId} was not processed before`).to.not.equal(undefined);
        expect([e.customerId, e.amount]).to.deep.equal([original?.customerId, original?.amount]);
      } else if (e.event !== "PAYMENT_FAILED") {
        processed.set(e.orderId, e);
      }
    }
    expect(duplicates).to.be.greaterThan(200);
  });

  it("gives every non-duplicate event its own order id", () => {
    const ids = generate({ seed: 9 }, 10_000, 10)
      .filter((e) => e.event !== "DUPLICATE_ORDER")
      .map((e) => e.orderId);

    expect(new Set(ids).size).to.equal(ids.length);
  });

  it("turns a duplicate drawn before any processed order into a processed order", () => {
    const next = createOrderEventGenerator({
      seed: 3,
      mix: { success: 0.01, payment_failed: 0, delayed: 0, duplicate: 0.99 },
    });
    const [first, second] = [next(), next()];

    expect(first.event).to.equal("ORDER_PROCESSED");
    expect(second).to.include({ event: "DUPLICATE_ORDER", orderId: first.orderId });
  });

  it("makes incident events payment failures of a few hot customers, leaving the normal events unchanged", () => {
    // Arrange
    const options = { seed: 11, mix: BRIEF_MIX };
    const plain = generate(options, 3000);

    // Act
    const withIncident = generate(options, 3000, 5);

    // Assert
    const incident = withIncident.filter((_, i) => i % 6 === 5);
    expect(withIncident.filter((_, i) => i % 6 !== 5)).to.deep.equal(plain);
    expect(incident).to.have.length(600);
    expect(new Set(incident.map((e) => e.event))).to.deep.equal(new Set(["PAYMENT_FAILED"]));
    expect(new Set(incident.map((e) => e.processingTimeMs))).to.deep.equal(new Set([0]));
    expect(new Set(incident.map((e) => e.customerId)).size).to.equal(3);
  });

  it("rejects bad options, naming each one", () => {
    expect(() =>
      createOrderEventGenerator({
        seed: -1,
        customers: 0,
        mix: { success: 0.5, payment_failed: 0.1, delayed: 0, duplicate: 0 },
      }),
    )
      .to.throw()
      .that.satisfies((err: Error) => {
        expect(err.name).to.equal("OrderWorkerConfigError");
        expect(err.message)
          .to.include("`seed`")
          .and.include("`customers`")
          .and.include("`mix`: probabilities must sum to 1");
        return true;
      });
  });
});
