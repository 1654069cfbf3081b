import { expect } from "chai";
import { compileFilterPattern } from "../../../components/filterPattern";
import {
  alignDelimited,
  compileDelimitedFields,
  extractDelimited,
  tokenize,
  type FilterMatch,
} from "../../../components/filterPattern/match";
import { parsePattern } from "../../../components/filterPattern/parser";
import { mulberry32 } from "../../../apps/order-worker/src/prng";

/** The space-delimited semantics without the positional pre-check: split, align, extract. */
function reference(pattern: string, line: string): FilterMatch {
  const ast = parsePattern(pattern);
  if (ast.kind !== "space-delimited") throw new Error("not a space-delimited pattern");
  const compiled = compileDelimitedFields(ast.fields);
  const tokens = tokenize(line);
  if (tokens.unterminated !== undefined) return { matched: false };
  const a = alignDelimited(ast.fields, compiled, line, tokens);
  return a ? { matched: true, fields: extractDelimited(compiled, tokens, a) } : { matched: false };
}

describe("space-delimited patterns: the positional pre-check never changes an outcome", () => {
  const random = mulberry32(4_242);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const words = [
    "ERROR",
    "INFO",
    "500",
    "503",
    "200",
    "1001",
    "999",
    "-",
    '"GET /x"',
    '"a\\" b"',
    "[10/Oct]",
    "[x y",
    '"open',
  ];
  const sep = (): string => pick([" ", "  ", "\t", " \t"]);
  const line = (): string => {
    const n = Math.floor(random() * 12);
    return `${random() < 0.2 ? " " : ""}${Array.from({ length: n }, () => pick(words)).join(sep())}${random() < 0.2 ? " " : ""}`;
  };
  const patterns = [
    "[ip, id, user, timestamp, request, status_code = 5*, bytes > 1000, ...]",
    "[level = ERROR, code]",
    "[a, b = 5*, c]",
    "[a, b != 200, ...]",
    "[a = ERROR || a = INFO, b, c = 1*, d]",
    "[a, ..., c = 500]",
    "[a = %ERR|INF%, b]",
  ];
  for (const pattern of patterns) {
    it(pattern, () => {
      const matcher = compileFilterPattern(pattern);
      let matches = 0;
      for (let k = 0; k < 5000; k++) {
        const l = line();
        const expected = reference(pattern, l);
        expect(matcher(l), JSON.stringify(l)).to.deep.equal(expected);
        if (expected.matched) matches++;
      }
      expect(matches, "some lines match").to.be.greaterThan(5);
    });
  }
});
