/**
 * Regular expressions (`%…%`) are matched by a linear-time engine (RE2's algorithm, via re2js), so
 * no pattern and no log line can stall a preview or a replay. The guard is structural (the compiled
 * expression is an RE2JS program, never a backtracking RegExp); the pathological lines below then
 * simply have to finish — their speed is measured by `npm run bench -- filter`, not asserted here.
 */
import { expect } from "chai";
import {
  FilterPatternSyntaxError,
  compileFilterPattern,
  explainFilterMismatch,
} from "../../../components/filterPattern";
import { parsePattern } from "../../../components/filterPattern/parser";
import { REGEX_ENGINE, translateRegex } from "../../../components/filterPattern/regex";
import { mulberry32 as prng } from "../../../apps/order-worker/src/prng";

const Y_100K = "y".repeat(100_000);
const Y_1M = "y".repeat(1_000_000);

describe("filter patterns: regular expressions run in linear time", () => {
  it("compiles every %…% (standalone, JSON value, space-delimited value) to the linear engine, never a RegExp", () => {
    expect(REGEX_ENGINE).to.equal("re2js");
    for (const pattern of ["%y+z%", "{ $.msg = %y+z% || $.id != %a*b% }", "[ip, msg = %y+z%, ...]"]) {
      const regexes: unknown[] = [];
      JSON.stringify(parsePattern(pattern), (k, v: unknown) => {
        if (k === "regex") regexes.push(v);
        return v;
      });
      expect(regexes.length, pattern).to.be.above(0);
      for (const r of regexes) {
        expect(r, pattern).not.to.be.instanceOf(RegExp);
        expect((r as { test: unknown }).test, pattern).to.be.a("function");
      }
    }
  });

  it("%y+z% over 100,000 and 1,000,000 'y' finds no match, and finds the z appended to them", () => {
    const m = compileFilterPattern("%y+z%");
    expect(m(Y_100K).matched).to.equal(false);
    expect(m(Y_1M).matched).to.equal(false);
    expect(m(`${Y_1M}z`).matched).to.equal(true);
    expect(m(`z${Y_1M}`).matched).to.equal(false);
  });

  it("adjacent unbounded and bounded quantifiers over a 1 MB line", () => {
    const a = "a".repeat(1_000_000);
    expect(compileFilterPattern("%a*a*a*a*b%")(a).matched).to.equal(false);
    expect(compileFilterPattern("%a*a*a*a*b%")(`${a}b`).matched).to.equal(true);
    expect(compileFilterPattern("%\\w*\\w*\\w+:?x%")(a).matched).to.equal(false);
    expect(compileFilterPattern("%a{0,1000}a{0,1000}a{0,1000}c%")(a).matched).to.equal(false);
    expect(compileFilterPattern("%.*.*=.*;%")(`${"=".repeat(1_000_000)}`).matched).to.equal(false);
    expect(compileFilterPattern("%[^;]*[^;]*;$%")(`${"x".repeat(1_000_000)};`).matched).to.equal(true);
  });

  it("rejects nested quantifiers: the subset has no groups and no quantifier on a quantifier", () => {
    expect(() => compileFilterPattern("%(a+)+b%")).to.throw(FilterPatternSyntaxError, /sub-patterns/);
    expect(() => compileFilterPattern("%a**%")).to.throw(
      FilterPatternSyntaxError,
      /invalid regular expression/,
    );
    expect(() => compileFilterPattern("%a{2}{3}%")).to.throw(FilterPatternSyntaxError, /invalid regular/);
  });

  it("a 1 MB JSON value or space-delimited field is matched and explained without stalling", () => {
    const json = compileFilterPattern("{ $.msg = %y+z% }");
    expect(json(JSON.stringify({ msg: Y_1M })).matched).to.equal(false);
    expect(json(JSON.stringify({ msg: `${Y_1M}z` })).matched).to.equal(true);
    const delimited = compileFilterPattern("[level, msg = %y+z%]");
    expect(delimited(`INFO ${Y_1M}`).matched).to.equal(false);
    expect(delimited(`INFO ${Y_1M}z`).matched).to.equal(true);
    expect(explainFilterMismatch("%y+z%", Y_1M)).to.equal(
      "the regular expression %y+z% finds no match in the line",
    );
  });

  it("rejects a repetition count above RE2's 1000, naming the limit", () => {
    expect(() => compileFilterPattern("%a{1001}%")).to.throw(
      FilterPatternSyntaxError,
      /invalid repeat count.*at most 1000/,
    );
    expect(compileFilterPattern("%^a{1000}$%")("a".repeat(1000)).matched).to.equal(true);
  });

  it('keeps "-" next to a class escape literal, as before ([\\d-z], [a-\\w])', () => {
    const m = compileFilterPattern("%^[\\d-z]+$%");
    expect(m("1-z").matched).to.equal(true);
    expect(m("y").matched).to.equal(false);
    expect(compileFilterPattern("%^[a-\\s]$%")("-").matched).to.equal(true);
    expect(compileFilterPattern("%^[a-\\s]$%")("b").matched).to.equal(false);
  });

  it("counts a character outside the BMP (an emoji) as one character", () => {
    expect(compileFilterPattern("%^.$%")("😀").matched).to.equal(true);
    expect(compileFilterPattern("%^x.y$%")("x😀y").matched).to.equal(true);
  });

  it("agrees with the same translation run by JavaScript's RegExp on 600 random patterns × 40 lines", () => {
    // Before the switch the translation was matched by RegExp with the `s` flag; this proves the
    // engine change kept every documented meaning. Lines avoid \v \f \r and non-ASCII whitespace
    // (where JavaScript's own \S inside a class differed from the documented \s anyway) and
    // characters outside the BMP (one character for RE2, two UTF-16 units for RegExp).
    const rnd = prng(90210);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const ATOMS = [
      "a", "b", "c", "0", "1", " ", ":", "_", "-", ".", "\\d", "\\D", "\\s", "\\S", "\\w", "\\W",
      "\\x61", "\\.", "\\-", "[ab]", "[^a0]", "[a-c]", "[\\d-z]", "[\\s:]", "[^\\w]", "[\\S]", "[]a]",
    ] as const; // prettier-ignore
    const QUANTIFIERS = ["", "", "", "?", "*", "+", "{1,2}", "{,2}", "{2,}", "{2}", "*?", "+?"] as const;
    const LINE_CHARS = "abc01 :-_xyz.\t\né";
    let compared = 0;
    let matches = 0;
    for (let p = 0; p < 600; p++) {
      const alternatives = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
        let alt = rnd() < 0.2 ? "^" : "";
        const terms = 1 + Math.floor(rnd() * 4);
        for (let t = 0; t < terms; t++) alt += pick(ATOMS) + pick(QUANTIFIERS);
        return alt + (rnd() < 0.2 ? "$" : "");
      });
      const source = alternatives.join("|");
      const pattern = `%${source}%`;
      const translated = translateRegex(pattern, source, 1);
      const reference = new RegExp(translated, "s");
      const matcher = compileFilterPattern(pattern);
      for (let l = 0; l < 40; l++) {
        let line = "";
        const len = Math.floor(rnd() * 12);
        for (let i = 0; i < len; i++) line += pick([...LINE_CHARS]);
        const expected = reference.test(line);
        expect(matcher(line).matched, `${pattern} on ${JSON.stringify(line)}`).to.equal(expected);
        compared++;
        if (expected) matches++;
      }
    }
    expect(compared).to.equal(24_000);
    // Both outcomes are well represented, so the agreement is not vacuous.
    expect(matches).to.be.within(4_000, 20_000);
  });
});
