import { expect } from "chai";
import { DEFAULT_MIX, formatMix, parseMix, validateMix } from "../../../apps/order-worker/src/mix";

describe("order-worker mix", () => {
  it("parses the text form; keys not given are 0", () => {
    expect(parseMix("success=0.8,payment_failed=0.1,delayed=0.07,duplicate=0.03").mix).to.deep.equal({
      success: 0.8,
      payment_failed: 0.1,
      delayed: 0.07,
      duplicate: 0.03,
    });
    expect(parseMix(" success = 0.9 , payment_failed=0.1 ").mix).to.deep.equal({
      success: 0.9,
      payment_failed: 0.1,
      delayed: 0,
      duplicate: 0,
    });
  });

  it("accepts sums within 1e-9 of 1 and rejects sums further away", () => {
    expect(parseMix("success=0.7,payment_failed=0.2,delayed=0.1").problems).to.deep.equal([]);
    expect(parseMix("success=0.5,payment_failed=0.5000000005").problems).to.deep.equal([]);
    expect(parseMix("success=0.5,payment_failed=0.500000002").problems).to.deep.equal([
      "probabilities must sum to 1 (they sum to 1.000000002)",
    ]);
  });

  it("names every problem: unknown key, repeated key, not a number, negative value", () => {
    expect(parseMix("succes=1").problems[0]).to.match(
      /unknown key `succes`.*success, payment_failed, delayed, duplicate/,
    );
    expect(parseMix("success=0.5,success=0.5").problems).to.deep.equal(["`success` is given twice"]);
    expect(parseMix("success=abc").problems).to.deep.equal(['`success` is not a number (got "abc")']);
    expect(parseMix("success=1.1,payment_failed=-0.1").problems).to.include.members([
      "`success` must be at most 1",
      "`payment_failed` must not be negative",
    ]);
    expect(parseMix("success").problems).to.deep.equal(["`success` is not key=value"]);
    expect(parseMix("").problems[0]).to.match(/is empty/);
  });

  it("rejects duplicates without any processed order to repeat", () => {
    expect(validateMix({ success: 0, payment_failed: 0.5, delayed: 0, duplicate: 0.5 })[0]).to.match(
      /`duplicate` needs `success` or `delayed`/,
    );
  });

  it("keeps the default mix valid and its text form round-trips", () => {
    expect(validateMix(DEFAULT_MIX)).to.deep.equal([]);
    expect(parseMix(formatMix(DEFAULT_MIX)).mix).to.deep.equal(DEFAULT_MIX);
  });
});
