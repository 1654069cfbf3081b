import { expect } from "chai";
import {
  compileFilterPattern,
  numericConditions,
  thresholdCoverage,
  withThreshold,
} from "../../../components/filterPattern";

const json = (latencyMs: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ latencyMs, ...extra });

describe("numeric conditions of a pattern and the samples that pin them", () => {
  it("finds each numeric comparison of JSON and space-delimited patterns, with its step", () => {
    const [latency, size] = numericConditions('{ $.latencyMs > 2000 && ($.size <= 0.25 || $.event = "X") }');
    expect(latency).to.deep.include({ field: "$.latencyMs", op: ">", threshold: 2000, step: 1 });
    expect(latency.text).to.equal("$.latencyMs > 2000");
    expect(size).to.deep.include({ field: "$.size", op: "<=", threshold: 0.25, step: 0.01 });
    expect(
      numericConditions("[ip, user, status = 404, bytes >= 1000]").map((c) => [c.field, c.threshold]),
    ).to.deep.equal([
      ["$status", 404],
      ["$bytes", 1000],
    ]);
    // strings, wildcards and terms are not numeric conditions
    expect(numericConditions('{ $.event = "2000" }')).to.deep.equal([]);
    expect(numericConditions("[ip, status = 4*]")).to.deep.equal([]);
    expect(numericConditions("ERROR 2000")).to.deep.equal([]);
  });

  it("rewrites one threshold in place, in its written precision, leaving the rest of the pattern", () => {
    const pattern = "{ $.a > 5 && $.latencyMs > 2000 && $.b > 5 }";
    const [, latency, b] = numericConditions(pattern);
    expect(withThreshold(pattern, latency, 3000)).to.equal("{ $.a > 5 && $.latencyMs > 3000 && $.b > 5 }");
    // the same condition text twice: the second one is rewritten, not the first
    expect(withThreshold(pattern, b, 6)).to.equal("{ $.a > 5 && $.latencyMs > 2000 && $.b > 6 }");
    const [ratio] = numericConditions("{ $.ratio >= 0.5 }");
    expect(withThreshold("{ $.ratio >= 0.5 }", ratio, 0.5 + 0.1)).to.equal("{ $.ratio >= 0.6 }");
  });

  it("samples at the threshold and one step either side pin it; each missing value is named with its side", () => {
    const pattern = "{ $.latencyMs > 2000 }";
    const pinned = thresholdCoverage(pattern, {
      match: [json(2001), json(5000)],
      noMatch: [json(1999), json(2000)],
    });
    expect(pinned).to.have.length(1);
    expect(pinned[0].missing).to.deep.equal([]);
    expect(pinned[0].unkilled).to.deep.equal([]);

    // far from the boundary: 2000 → 3000 would go unnoticed
    const far = thresholdCoverage(pattern, { match: [json(5000)], noMatch: [json(10)] });
    expect(far[0].missing).to.deep.equal([
      { value: 1999, matches: false },
      { value: 2000, matches: false },
      { value: 2001, matches: true },
    ]);
    expect(far[0].unkilled).to.deep.equal([1999, 2001]);
    expect(compileFilterPattern(withThreshold(pattern, far[0].condition, 3000))(json(5000)).matched).to.equal(
      true,
    );
  });

  it("a sample at a value counts only where the condition puts it (match or noMatch)", () => {
    // 2001 listed as noMatch because another condition fails: it does not pin `> 2000` at 2001
    const pattern = '{ $.latencyMs > 2000 && $.event = "SLOW" }';
    const [latency] = thresholdCoverage(pattern, {
      match: [json(2001, { event: "SLOW" })],
      noMatch: [json(1999, { event: "SLOW" }), json(2000, { event: "SLOW" })],
    });
    expect(latency.missing).to.deep.equal([]);
    const [wrongSide] = thresholdCoverage(pattern, {
      match: [],
      noMatch: [json(1999, { event: "SLOW" }), json(2000, { event: "SLOW" }), json(2001, { event: "FAST" })],
    });
    expect(wrongSide.missing).to.deep.equal([{ value: 2001, matches: true }]);
  });

  it("reads a space-delimited field's value from any sample, matched or not, and decimals by their precision", () => {
    const pattern = "[ip, status, bytes >= 1000]";
    const [bytes] = thresholdCoverage(pattern, {
      match: ["1.2.3.4 200 1000", "1.2.3.4 200 1001"],
      noMatch: ["1.2.3.4 200 999", "1.2.3.4 200 -"],
    });
    expect(bytes.missing).to.deep.equal([]);
    const [ratio] = thresholdCoverage("{ $.ratio < 0.5 }", {
      match: ['{"ratio":0.4}'],
      noMatch: ['{"ratio":0.5}', '{"ratio":0.51}'],
    });
    // 0.51 is not one step (0.1) above 0.5
    expect(ratio.missing).to.deep.equal([{ value: 0.6, matches: false }]);
  });

  it("equality and inequality are pinned at the value and on both sides too", () => {
    const [eq] = thresholdCoverage("[ip, status = 404]", {
      match: ["a 404"],
      noMatch: ["a 403"],
    });
    expect(eq.missing).to.deep.equal([{ value: 405, matches: false }]);
    expect(eq.unkilled).to.deep.equal([]);
  });
});
