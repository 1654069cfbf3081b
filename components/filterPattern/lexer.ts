/**
 * Character-level scanner shared by the three pattern grammars. The grammars are context sensitive
 * (a bare value such as `123.123.*` or `*.html*` is only a value right after an operator), so the
 * parser pulls lexemes from the scanner as it goes instead of tokenizing up front.
 */
import { FilterPatternSyntaxError } from "./errors";

/** Comparison operators of JSON and space-delimited conditions. */
export const Operator = {
  Eq: "=",
  Ne: "!=",
  Lt: "<",
  Le: "<=",
  Gt: ">",
  Ge: ">=",
} as const;
export type Operator = (typeof Operator)[keyof typeof Operator];

/** Characters that end a bare (unquoted) value inside a condition. */
const VALUE_STOP = new Set([" ", "\t", "\n", "\r", ")", "(", "}", "]", ",", '"']);

export class Scanner {
  pos = 0;

  constructor(readonly text: string) {}

  /** Throws a syntax error at `at` (default: the current position). */
  fail(reason: string, at: number = this.pos): never {
    throw new FilterPatternSyntaxError(this.text, at, reason);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipWs(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.pos++;
    }
  }

  /** Consumes `s` if it is next (after whitespace). */
  accept(s: string): boolean {
    this.skipWs();
    if (this.startsWith(s)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  expect(s: string, what: string): void {
    if (!this.accept(s)) this.fail(`expected "${s}" ${what}, found ${this.describeNext()}`);
  }

  /** A short description of what is at the current position, for error messages. */
  describeNext(): string {
    this.skipWs();
    if (this.done) return "the end of the pattern";
    const rest = this.text.slice(this.pos, this.pos + 12);
    return `"${rest}${this.pos + 12 < this.text.length ? "…" : ""}"`;
  }

  /**
   * Reads a double-quoted string starting at the current `"`. `\"` and `\\` are escapes; any other
   * backslash is kept as is (so `"C:\temp"` means the text `C:\temp`).
   */
  readQuoted(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "\\" && (this.text[this.pos + 1] === '"' || this.text[this.pos + 1] === "\\")) {
        out += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === '"') {
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
    return this.fail('unterminated quoted string: expected a closing "', start);
  }

  /** Reads `%…%` starting at the current `%`; returns the regex source between the percent signs. */
  readRegex(): { source: string; start: number } {
    const start = this.pos;
    const end = this.text.indexOf("%", start + 1);
    if (end < 0) this.fail('unterminated regular expression: expected a closing "%"', start);
    this.pos = end + 1;
    return { source: this.text.slice(start + 1, end), start: start + 1 };
  }

  /** Reads an operator if one is next. */
  readOperator(): Operator | undefined {
    this.skipWs();
    const two = this.text.slice(this.pos, this.pos + 2);
    if (two === "!=" || two === "<=" || two === ">=") {
      this.pos += 2;
      return two;
    }
    if (two === "==") this.fail('"==" is not a filter-pattern operator: use "="');
    const one = this.peek();
    if (one === "=" || one === "<" || one === ">") {
      this.pos++;
      return one;
    }
    return undefined;
  }

  /**
   * Reads a bare value (`bar`, `123.123.*`, `*.html*`, `1e-3`): everything up to whitespace, a
   * bracket, a comma, a quote, `&&` or `||`.
   */
  readBareValue(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (VALUE_STOP.has(c)) break;
      if ((c === "&" && this.text[this.pos + 1] === "&") || (c === "|" && this.text[this.pos + 1] === "|"))
        break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Reads an identifier (`status_code`, `w1`, `eventType`, `detail-type`). */
  readIdentifier(): string {
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9_-]/.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

/** A number as the filter-pattern grammar writes it: optional sign, decimals, optional exponent. */
export const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses `text` as a filter-pattern number, or returns undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  return NUMBER_RE.test(text) ? Number(text) : undefined;
}
