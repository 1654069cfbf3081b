import { expect } from "chai";
import {
  formatEvent,
  type OrderEvent,
  OrderEventName,
  parseEventLine,
} from "../../../apps/order-worker/src/events";

const SEED_SAMPLE =
  '{"timestamp":"2026-01-12T07:11:52.386Z","orderId":"ORD-e593fe","customerId":"CUST-9","event":"PAYMENT_FAILED","amount":391,"processingTimeMs":0}';

describe("order-worker events", () => {
  it("names the four events exactly as the dashboards and filters expect", () => {
    expect(Object.values(OrderEventName)).to.deep.equal([
      "ORDER_PROCESSED",
      "PAYMENT_FAILED",
      "ORDER_DELAYED",
      "DUPLICATE_ORDER",
    ]);
  });

  it("formats an event byte for byte like the design's sample line", () => {
    const event: OrderEvent = {
      timestamp: "2026-01-12T07:11:52.386Z",
      orderId: "ORD-e593fe",
      customerId: "CUST-9",
      event: OrderEventName.PAYMENT_FAILED,
      amount: 391,
      processingTimeMs: 0,
    };

    expect(formatEvent(event)).to.equal(SEED_SAMPLE);
  });

  it("keeps the design's key order whatever order the object was built in", () => {
    const shuffled = {
      processingTimeMs: 0,
      amount: 391,
      event: OrderEventName.PAYMENT_FAILED,
      customerId: "CUST-9",
      orderId: "ORD-e593fe",
      timestamp: "2026-01-12T07:11:52.386Z",
    };

    expect(formatEvent(shuffled)).to.equal(SEED_SAMPLE);
  });

  it("parses the design's sample line and rejects lines that break the format", () => {
    expect(parseEventLine(SEED_SAMPLE).orderId).to.equal("ORD-e593fe");
    for (const bad of [
      SEED_SAMPLE.replace("ORD-e593fe", "ORD-E593FE"),
      SEED_SAMPLE.replace('"amount":391', '"amount":391.5'),
      SEED_SAMPLE.replace("PAYMENT_FAILED", "PAYMENT_FAIL"),
      SEED_SAMPLE.replace("CUST-9", "CUST-09"),
      SEED_SAMPLE.replace("}", ',"extra":1}'),
    ]) {
      expect(() => parseEventLine(bad), bad).to.throw();
    }
  });
});
