import { expect } from "chai";
import { compileFilterPattern, formatSyntaxError } from "../../../components/filterPattern";
import type { FilterPatternSyntaxError } from "../../../components/filterPattern";

function syntaxError(pattern: string): FilterPatternSyntaxError {
  try {
    compileFilterPattern(pattern);
  } catch (err) {
    expect((err as Error).name).to.equal("FilterPatternSyntaxError");
    return err as FilterPatternSyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
}

/** [pattern, 0-based column, words the reason must contain] */
const INVALID: [string, number, string][] = [
  ["{ $.a = }", 8, "expected a value"],
  ["{ $.a = 1", 9, 'expected "}"'],
  ["{ $.a = 1 } trailing", 12, "after the end of the pattern"],
  ["{ }", 2, "empty JSON pattern"],
  ["{ a = 1 }", 2, 'starting with "$."'],
  ["{ $ = 1 }", 2, "must name a property"],
  ["{ $.a == 1 }", 6, '"=="'],
  ["{ $.a > abc }", 8, "compares numbers"],
  ["{ $.a IS NOT NULL }", 9, "IS NOT"],
  ["{ $.a IS MAYBE }", 9, "TRUE, FALSE or NULL"],
  ["{ $.a EXISTS }", 6, "EXISTS"],
  ["{ $.a NOT THERE }", 10, "EXISTS"],
  ["{ ($.a = 1 }", 11, 'expected ")"'],
  ["{ $.a[x] = 1 }", 6, "array index"],
  ["{ $.a[0 = 1 }", 7, 'expected "]"'],
  ["{ $.a = %x% && $.b = %y% && $.c = %z% }", 34, "at most 2 regular expressions"],
  ["{ $.a[*].b[*] = 1 }", 2, "at most 1 wildcard"],
  ["{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }", 44, "at most 3 wildcard selectors"],
  ['{ $.a = "open }', 8, "unterminated quoted string"],
  ["[]", 1, "empty space-delimited pattern"],
  ["[a, b", 5, 'expected "]"'],
  ["[a, b =]", 7, "expected a value"],
  ["[a, b > x]", 8, "compares numbers"],
  ["[a b]", 3, "expected an operator"],
  ["[w1=%a%, w2=%b%, w3=%c%]", 20, "at most 2 regular expressions"],
  ['"unterminated', 0, "unterminated quoted string"],
  ["ERROR -", 6, "expected a term"],
  ["ERROR %x%", 6, "must be the whole pattern"],
  ["%abc", 0, "unterminated regular expression"],
  ["%%", 0, "empty regular expression"],
  ["%something!%", 10, '"!" is not supported'],
  ["%(alpha|beta)%", 1, "sub-patterns"],
  ["%café%", 4, "multi-byte"],
  ["%\\p%", 1, "unsupported escape"],
  ["%\\(ab\\)%", 1, "unsupported escape"],
  ["%[abc%", 1, "unterminated character class"],
  ["%a{5,2}%", 2, "maximum below its minimum"],
  ["%a{x}%", 2, "quantifier"],
  ["%ab}%", 3, 'unmatched "}"'],
  ["%\\x4%", 1, "two hexadecimal digits"],
  ["%*a%", 1, "invalid regular expression"],
  ["%a% trailing", 4, "after the end of the pattern"],
];

describe("filter patterns: invalid syntax", () => {
  for (const [pattern, column, reason] of INVALID) {
    it(`rejects ${pattern} at column ${column}`, () => {
      const err = syntaxError(pattern);
      expect(err.position, err.message).to.equal(column);
      expect(err.reason).to.contain(reason);
      expect(err.pattern).to.equal(pattern);
      expect(err.message).to.equal(`invalid filter pattern at column ${column}: ${err.reason}`);
    });
  }

  it("rejects a pattern longer than the 1024 characters the API accepts", () => {
    const err = syntaxError(`"${"a".repeat(1030)}"`);
    expect(err.position).to.equal(1024);
    expect(err.reason).to.contain("1024");
    expect(() => compileFilterPattern(`"${"a".repeat(1022)}"`)).to.not.throw();
  });

  it("accepts every documented operator and escape of the regex subset", () => {
    for (const p of [
      "%^[hc]at$%",
      "%a{3,5}%",
      "%a{,5}%",
      "%a{3,}%",
      "%\\d\\D\\s\\S\\w\\W%",
      "%\\x3A%",
      "%a|b%",
      "%:_#=@/;,-%",
      "%\\.\\*\\+\\?\\|\\[\\]\\{\\}\\^\\$\\\\%",
    ]) {
      expect(() => compileFilterPattern(p), p).to.not.throw();
    }
  });

  it("formats an error with a caret under the column", () => {
    const text = formatSyntaxError(syntaxError("[ip, user, status"));
    expect(text.split("\n")).to.deep.equal([
      'invalid filter pattern at column 17: expected "]" to close the space-delimited pattern opened at column 0',
      "  [ip, user, status",
      `  ${" ".repeat(17)}^`,
    ]);
  });
});
