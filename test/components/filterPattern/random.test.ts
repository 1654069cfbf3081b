/**
 * Randomized check: for unstructured term patterns, the compiled matcher agrees with a plain
 * substring reference written from the docs (all terms present, no excluded term present, and
 * `?` terms ORed only when they are the only terms) on thousands of generated lines.
 */
import { expect } from "chai";
import { compileFilterPattern } from "../../../components/filterPattern";
import { mulberry32 as prng } from "../../../apps/order-worker/src/prng";

// Small alphabet so terms collide with lines often; includes punctuation, digits and non-ASCII.
const ALPHABET = "abcAB01 :[]=-_.é/";
const TERM_ALPHABET = "abcAB01:=_.é";

interface Term {
  text: string;
  mode: "" | "?" | "-";
  quoted: boolean;
}

function reference(terms: Term[], line: string): boolean {
  const required = terms.filter((t) => t.mode === "");
  const excluded = terms.filter((t) => t.mode === "-");
  if (required.length === 0 && excluded.length === 0) return terms.some((t) => line.includes(t.text));
  return required.every((t) => line.includes(t.text)) && !excluded.some((t) => line.includes(t.text));
}

describe("filter patterns: randomized term patterns against a substring reference", () => {
  it("agrees on 400 patterns × 25 lines", () => {
    const rnd = prng(20240601);
    const pick = (s: string): string => s[Math.floor(rnd() * s.length)];
    let matches = 0;
    let checked = 0;
    for (let p = 0; p < 400; p++) {
      const terms: Term[] = [];
      const count = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < count; k++) {
        const len = 1 + Math.floor(rnd() * 3);
        let text = "";
        for (let c = 0; c < len; c++) text += pick(TERM_ALPHABET);
        const quoted = rnd() < 0.3;
        if (quoted && rnd() < 0.5) text = `${text} ${pick(TERM_ALPHABET)}`;
        const r = rnd();
        terms.push({ text, quoted, mode: r < 0.25 ? "?" : r < 0.45 ? "-" : "" });
      }
      const pattern = terms.map((t) => `${t.mode}${t.quoted ? `"${t.text}"` : t.text}`).join(" ");
      const matcher = compileFilterPattern(pattern);
      for (let l = 0; l < 25; l++) {
        const len = Math.floor(rnd() * 40);
        let line = "";
        for (let c = 0; c < len; c++) line += pick(ALPHABET);
        const expected = reference(terms, line);
        expect(matcher(line).matched, `${pattern} on ${JSON.stringify(line)}`).to.equal(expected);
        checked++;
        if (expected) matches++;
      }
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(checked).to.equal(10_000);
    expect(matches).to.be.within(1_000, 9_000);
  });
});
