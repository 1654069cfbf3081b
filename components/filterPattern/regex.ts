/**
 * The regular-expression subset of filter patterns (`%…%`), validated, translated, and matched by
 * a linear-time engine.
 *
 * AWS documents exactly what a regex may contain ("Supported regular expressions (regex) syntax"):
 * - ASCII letters and digits; the symbols `:` `_` `#` `=` `@` `/` `;` `,` `-`;
 * - the operators `^ $ ? [ ] { } | \ * + .` (`{m,n}` where m or n may be omitted);
 * - escapes `\d \D \s \S \w \W`, `\xhh`, and `\` before an operator or symbol for its literal meaning;
 * - no `(` `)` (no sub-patterns) and no multi-byte characters.
 * `%something!%` is the documented example of a rejected pattern. Space is accepted: the docs'
 * own example `%^starting|^initializing|^shutting down%` contains one.
 *
 * Documented meanings that differ from JavaScript's and are translated: `\s` is only tab, space and
 * newline; `\w` is `[a-zA-Z_0-9]`; `{,n}` means `{0,n}`; `.` matches any single character.
 * Escapes the docs do not list (`\b`, `\t`, `\n`, `\p`, …) are rejected, as is `\` before a character
 * outside the supported set: the docs say to write such characters as `\xhh` (e.g. `\x28` for `(`).
 */
import { RE2JS } from "re2js";
import { FilterPatternSyntaxError } from "./errors";

/**
 * A compiled filter-pattern regex. Matching is done by RE2 (the `re2js` port): an automaton
 * without backtracking, so the time to test a line grows linearly with its length whatever the
 * pattern — `%y+z%` over a megabyte of `y` is one pass, where a backtracking engine such as V8's
 * RegExp takes quadratic time and would stall a preview or a replay. The subset AWS allows has no
 * groups and no back-references, so nothing it can express needs backtracking.
 */
export interface FilterRegex {
  /** The pattern as the engine runs it (after translating the documented escapes). */
  readonly source: string;
  /** Whether the regex matches anywhere in `input` (an unanchored search, like CloudWatch's). */
  test(input: string): boolean;
}

/** The engine behind every FilterRegex: named so tests can check no backtracking engine is used. */
export const REGEX_ENGINE = "re2js";

/** The largest repetition count RE2 compiles (`{1000}`). */
const MAX_REPEAT = 1000;
const SYMBOLS = ":_#=@/;,-";
const OPERATORS = "^$?[]{}|\\*+.";
const CLASS_ESCAPES: Record<string, { outside: string; inside: string }> = {
  d: { outside: "[0-9]", inside: "0-9" },
  D: { outside: "[^0-9]", inside: "\\D" },
  s: { outside: "[\\t \\n]", inside: "\\t \\n" },
  S: { outside: "[^\\t \\n]", inside: "\\S" },
  w: { outside: "[a-zA-Z_0-9]", inside: "a-zA-Z_0-9" },
  W: { outside: "[^a-zA-Z_0-9]", inside: "\\W" },
};

function isAlnum(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

/**
 * Validates `source` (the text between the `%` signs, found at column `offset` of `pattern`) and
 * returns the compiled linear-time matcher. Throws FilterPatternSyntaxError on anything AWS rejects.
 */
export function compileRegex(pattern: string, source: string, offset: number): FilterRegex {
  const out = translateRegex(pattern, source, offset);
  let re: RE2JS;
  try {
    // DOTALL: `.` matches any single character, line breaks included, as documented
    re = RE2JS.compile(out, RE2JS.DOTALL);
  } catch (err) {
    const detail = err instanceof Error ? err.message : "";
    throw new FilterPatternSyntaxError(pattern, offset, `invalid regular expression %${source}%: ${detail}`);
  }
  return { source: out, test: (input: string) => re.test(input) };
}

/**
 * Validates `source` against the documented subset and returns it in the syntax RE2 and
 * JavaScript share (their meaning is the same for everything the subset can express).
 */
export function translateRegex(pattern: string, source: string, offset: number): string {
  const fail = (at: number, reason: string): never => {
    throw new FilterPatternSyntaxError(pattern, offset + at, reason);
  };
  if (source.length === 0) fail(-1, "empty regular expression %%");
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c.charCodeAt(0) > 127)
      fail(i, `multi-byte character "${c}" is not supported in a regular expression`);
    if (c === "(" || c === ")") {
      fail(
        i,
        `"${c}" is not supported in a regular expression: sub-patterns cannot be grouped (write \\x28 / \\x29 to match a parenthesis)`,
      );
    }
    if (c === "\\") {
      const n = source[i + 1];
      if (n === undefined) fail(i, "a regular expression cannot end with \\");
      if (CLASS_ESCAPES[n]) {
        out += inClass ? CLASS_ESCAPES[n].inside : CLASS_ESCAPES[n].outside;
        i++;
        continue;
      }
      if (n === "x") {
        const hex = source.slice(i + 2, i + 4);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(i, "\\x must be followed by two hexadecimal digits");
        if (parseInt(hex, 16) > 127) fail(i, `\\x${hex} is not an ASCII character`);
        out += `\\x${hex}`;
        i += 3;
        continue;
      }
      if (OPERATORS.includes(n) || SYMBOLS.includes(n) || n === " ") {
        out += n === " " ? " " : `\\${n}`;
        i++;
        continue;
      }
      fail(
        i,
        `unsupported escape "\\${n}" in a regular expression (supported: \\d \\D \\s \\S \\w \\W \\xhh and \\ before an operator)`,
      );
    }
    if (inClass && c === "-") {
      // a range only between two single characters; next to a class escape (`[\d-z]`, `[a-\w]`)
      // or at an end of the class, "-" is itself
      const prevIsSet = source[i - 2] === "\\" && CLASS_ESCAPES[source[i - 1]] !== undefined;
      const nextIsSet = source[i + 1] === "\\" && CLASS_ESCAPES[source[i + 2]] !== undefined;
      const atEdge = out.endsWith("[") || out.endsWith("[^") || source[i + 1] === "]";
      out += prevIsSet || nextIsSet || atEdge ? "\\-" : "-";
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      else if (!(isAlnum(c) || SYMBOLS.includes(c) || c === "^" || c === " " || OPERATORS.includes(c))) {
        fail(
          i,
          `character "${c}" is not supported in a regular expression (write it as \\x${c.charCodeAt(0).toString(16).padStart(2, "0")})`,
        );
      }
      out += c === "[" ? "\\[" : c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (source[i + 1] === "^") {
        out += "^";
        i++;
      }
      // A "]" right after "[" or "[^" is a literal in POSIX-style classes; JavaScript would end the class.
      if (source[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "{") {
      const close = source.indexOf("}", i);
      const body = close < 0 ? "" : source.slice(i + 1, close).replace(/ /g, "");
      const m = /^(\d*)(?:(,)(\d*))?$/.exec(body);
      if (close < 0 || !m || (m[1] === "" && (m[2] === undefined || m[3] === ""))) {
        fail(i, 'expected a quantifier {m}, {m,n}, {m,} or {,n} after "{"');
      }
      const [, min, comma, max] = m as RegExpExecArray;
      if (min !== "" && max !== undefined && max !== "" && Number(max) < Number(min)) {
        fail(i, `quantifier {${body}} has its maximum below its minimum`);
      }
      for (const n of [min, max])
        if (n !== undefined && n !== "" && Number(n) > MAX_REPEAT)
          fail(i, `invalid repeat count {${body}}: a count may be at most ${MAX_REPEAT}`);
      out += `{${min === "" ? "0" : min}${comma ?? ""}${max ?? ""}}`;
      i = close;
      continue;
    }
    if (c === "}") fail(i, 'unmatched "}" in a regular expression (write \\} for a literal brace)');
    if (c === "]") fail(i, 'unmatched "]" in a regular expression (write \\] for a literal bracket)');
    if (!(isAlnum(c) || SYMBOLS.includes(c) || OPERATORS.includes(c) || c === " ")) {
      fail(
        i,
        `character "${c}" is not supported in a regular expression (write it as \\x${c.charCodeAt(0).toString(16).padStart(2, "0")})`,
      );
    }
    out += c;
  }
  if (inClass) fail(source.lastIndexOf("["), 'unterminated character class: expected "]"');
  return out;
}
