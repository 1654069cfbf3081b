import { expect } from "chai";
import { sampleLines } from "../../../apps/order-worker/src";
import { compileFilterGroup, compileFilterPattern } from "../../../components/filterPattern";

describe("filter patterns matched as a group (compileFilterGroup)", () => {
  const patterns = [
    '{ $.event = "PAYMENT_FAILED" }',
    "{ $.processingTimeMs > 2000 }",
    '{ $.orderId = "ORD-*" }',
    "{ $.processingTimeMs >= 0 }",
    "{ $.items[0].sku = * }",
    "ERROR",
    "[ts, level = INFO, msg]",
    "",
  ];
  const lines = [
    ...sampleLines({ seed: 3, count: 300, incident: { durationSeconds: 60, failuresPerMinute: 30 } }),
    '{"event":"PAYMENT_FAILED","processingTimeMs":"2500"}',
    '{"event":"PAYMENT\\u005fFAILED"}',
    '{"orderId":"ORD-1", "orderId": 7}',
    '{"event": "PAYMENT_FAILED"',
    "2026-01-01 INFO started",
    "ERROR something",
    "",
  ];

  it("gives each pattern exactly what its own matcher gives, for strings and for bytes", () => {
    const group = compileFilterGroup(patterns);
    const alone = patterns.map((p) => compileFilterPattern(p));
    const buffer = Buffer.from(`${lines.join("\n")}\n`);
    let at = 0;
    for (const line of lines) {
      const end = at + Buffer.byteLength(line);
      const expected = alone.map((m) => m(line));
      expect([...group.match(line)], line).to.deep.equal(expected);
      expect([...group.matchBytes(buffer, at, end)], line).to.deep.equal(expected);
      at = end + 1;
    }
  });

  it("leaves out the fields of a pattern whose fields nobody reads", () => {
    const group = compileFilterGroup(['{ $.event = "PAYMENT_FAILED" }', "{ $.processingTimeMs >= 0 }"], {
      withFields: [false, true],
    });
    const [a, b] = group.match('{"event":"PAYMENT_FAILED","processingTimeMs":12}');
    expect(a).to.deep.equal({ matched: true });
    expect(b).to.deep.equal({ matched: true, fields: { "$.processingTimeMs": 12 } });
  });
});
