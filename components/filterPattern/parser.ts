/**
 * Parser of the CloudWatch Logs filter-pattern language into an AST.
 *
 * Source of truth: the AWS CloudWatch Logs User Guide, "Filter pattern syntax for metric filters,
 * subscription filters, filter log events, and Live Tail" (and its 2021/2022 versions). The three
 * pattern kinds are told apart by their first character: `{` JSON, `[` space-delimited, `%` a
 * standalone regular expression, anything else unstructured terms. Choices made where the docs
 * are silent are commented where they are made.
 */
import { Operator, Scanner, parseNumber } from "./lexer";
import { compileRegex, type FilterRegex } from "./regex";

/** AWS rejects patterns longer than this (`filterPattern` length constraint in the API reference). */
export const MAX_PATTERN_LENGTH = 1024;
/** "There is a limit of 2 regex for each filter pattern when creating a delimited or JSON filter pattern". */
export const MAX_REGEX_PER_PATTERN = 2;
/** "You can only use up to one wildcard selector in a property selector". */
export const MAX_WILDCARDS_PER_SELECTOR = 1;
/** "… and up to three wildcard selectors in a filter pattern with compound expressions". */
export const MAX_WILDCARDS_PER_PATTERN = 3;

/** One unstructured term: a word or a quoted phrase, matched as a case-sensitive substring. */
export interface Term {
  text: string;
  position: number;
}

/** The value side of a condition. */
export type Value =
  /** `*` alone: the selector/field exists and is a value. */
  | { type: "any" }
  /** A string, with the `*` wildcard allowed at its start and/or end (`*Event`, `4*`, `*.html*`). */
  | { type: "string"; text: string; prefix: boolean; suffix: boolean; core: string }
  /** An unquoted number: compared numerically. */
  | { type: "number"; value: number; text: string }
  /** `%regex%`: the value contains a match. */
  | { type: "regex"; regex: FilterRegex; source: string };

export type Segment = { type: "key"; name: string } | { type: "index"; index: number } | { type: "wildcard" };

/** A JSON property selector such as `$.objectList[1].id`. */
export interface Selector {
  /** Canonical text, the key of this selector in extracted fields (e.g. `$.objectList[1].id`). */
  text: string;
  segments: Segment[];
  position: number;
}

/** Condition tree shared by JSON and space-delimited patterns. `L` is the leaf type. */
export type Expr<L> =
  { type: "and"; left: Expr<L>; right: Expr<L> } | { type: "or"; left: Expr<L>; right: Expr<L> } | L;

export type JsonLeaf =
  | { type: "cmp"; selector: Selector; op: Operator; value: Value; text: string }
  | { type: "is"; selector: Selector; what: "TRUE" | "FALSE" | "NULL"; text: string }
  | { type: "notExists"; selector: Selector; text: string };

export interface FieldLeaf {
  type: "cmp";
  name: string;
  op: Operator;
  value: Value;
  text: string;
}

export type DelimitedField =
  | { type: "ellipsis"; position: number }
  /** A field; `name` is empty for an unnamed field (`[a, , c]`), `cond` absent for a plain name. */
  | { type: "field"; name: string; cond?: Expr<FieldLeaf>; position: number };

export type PatternAst =
  | { kind: "all" }
  | { kind: "terms"; include: Term[]; exclude: Term[]; optional: Term[] }
  | { kind: "regex"; regex: FilterRegex; source: string }
  | { kind: "json"; expr: Expr<JsonLeaf>; selectors: Selector[] }
  | { kind: "space-delimited"; fields: DelimitedField[] };

export function parsePattern(text: string): PatternAst {
  const s = new Scanner(text);
  if (text.length > MAX_PATTERN_LENGTH) {
    s.fail(
      `a filter pattern can be at most ${MAX_PATTERN_LENGTH} characters long (this one has ${text.length})`,
      MAX_PATTERN_LENGTH,
    );
  }
  s.skipWs();
  if (s.done) return { kind: "all" };
  const first = s.peek();
  let ast: PatternAst;
  if (first === "{") ast = parseJson(s);
  else if (first === "[") ast = parseDelimited(s);
  else if (first === "%") ast = parseStandaloneRegex(s);
  else return parseTerms(s);
  s.skipWs();
  if (!s.done) s.fail(`unexpected ${s.describeNext()} after the end of the pattern`);
  return ast;
}

// ---------------------------------------------------------------------------------------------
// Unstructured terms

function parseTerms(s: Scanner): PatternAst {
  const include: Term[] = [];
  const exclude: Term[] = [];
  const optional: Term[] = [];
  let blankOnly = true;
  for (s.skipWs(); !s.done; s.skipWs()) {
    let prefix = "";
    const prefixAt = s.pos;
    if (s.peek() === "?" || s.peek() === "-") {
      prefix = s.peek();
      s.pos++;
      // The 2021 docs write `"ERROR" - "Exiting"` (a space after the minus) and say it excludes
      // "Exiting": a lone `-` or `?` applies to the next term.
      s.skipWs();
      if (s.done) s.fail(`expected a term after "${prefix}"`, prefixAt);
    }
    const position = s.pos;
    let text: string;
    if (s.peek() === '"') {
      text = s.readQuoted();
      // `" "` and `""` match every event (docs: "Match everything"): a blank phrase constrains nothing.
      if (text.trim() === "") continue;
    } else {
      const start = s.pos;
      while (!s.done && !/\s/.test(s.peek())) s.pos++;
      text = s.text.slice(start, s.pos);
      if (text.startsWith("%")) {
        s.fail(
          "a regular expression (%…%) must be the whole pattern when used with unstructured terms",
          position,
        );
      }
    }
    blankOnly = false;
    const term = { text, position };
    if (prefix === "?") optional.push(term);
    else if (prefix === "-") exclude.push(term);
    else include.push(term);
  }
  if (blankOnly) return { kind: "all" };
  return { kind: "terms", include, exclude, optional };
}

function parseStandaloneRegex(s: Scanner): PatternAst {
  const { source, start } = s.readRegex();
  return { kind: "regex", regex: compileRegex(s.text, source, start), source };
}

// ---------------------------------------------------------------------------------------------
// Values (JSON and space-delimited)

interface ValueContext {
  regexCount: number;
}

function parseValue(s: Scanner, op: Operator, ctx: ValueContext, what: string): Value {
  s.skipWs();
  const at = s.pos;
  const c = s.peek();
  let value: Value;
  if (c === "%") {
    const { source, start } = s.readRegex();
    ctx.regexCount++;
    if (ctx.regexCount > MAX_REGEX_PER_PATTERN) {
      s.fail(
        `at most ${MAX_REGEX_PER_PATTERN} regular expressions are allowed in a JSON or space-delimited pattern`,
        at,
      );
    }
    value = { type: "regex", regex: compileRegex(s.text, source, start), source };
  } else if (c === '"') {
    value = stringValue(s.readQuoted());
  } else {
    const bare = s.readBareValue();
    if (bare === "") s.fail(`expected a value after "${op}" in ${what}, found ${s.describeNext()}`);
    if (bare === "*") value = { type: "any" };
    else {
      const n = parseNumber(bare);
      value = n === undefined ? stringValue(bare) : { type: "number", value: n, text: bare };
    }
  }
  if (op !== Operator.Eq && op !== Operator.Ne && value.type !== "number") {
    s.fail(
      `"${op}" compares numbers: expected a number after it, found ${s.text.slice(at, s.pos) || s.describeNext()}`,
      at,
    );
  }
  return value;
}

/**
 * The 2021 docs: "`*Event` will match PutEvent and GetEvent. `Event*` will match EventId and
 * EventName. `Ev*ent` will only match the actual string `Ev*ent`." So `*` is a wildcard only at the
 * start or end of a value, and a literal anywhere else.
 */
function stringValue(text: string): Value {
  if (/^\*+$/.test(text)) return { type: "any" };
  const prefix = text.startsWith("*");
  const suffix = text.length > 1 && text.endsWith("*");
  const core = text.slice(prefix ? 1 : 0, suffix ? -1 : undefined);
  return { type: "string", text, prefix, suffix, core };
}

/** Parses `a || b`, `a && b`, parentheses; `leaf` parses one comparison. `&&` binds tighter than `||`. */
function parseExpr<L>(s: Scanner, leaf: () => L): Expr<L> {
  let left = parseAnd(s, leaf);
  while (s.accept("||")) left = { type: "or", left, right: parseAnd(s, leaf) };
  return left;
}

function parseAnd<L>(s: Scanner, leaf: () => L): Expr<L> {
  let left = parsePrimary(s, leaf);
  while (s.accept("&&")) left = { type: "and", left, right: parsePrimary(s, leaf) };
  return left;
}

function parsePrimary<L>(s: Scanner, leaf: () => L): Expr<L> {
  s.skipWs();
  if (s.peek() === "(") {
    const open = s.pos;
    s.pos++;
    const inner = parseExpr(s, leaf);
    if (!s.accept(")")) s.fail(`expected ")" to close the "(" at column ${open}, found ${s.describeNext()}`);
    return inner;
  }
  return leaf();
}

// ---------------------------------------------------------------------------------------------
// JSON

function parseJson(s: Scanner): PatternAst {
  const open = s.pos;
  s.pos++; // "{"
  const ctx: ValueContext = { regexCount: 0 };
  const selectors: Selector[] = [];
  let wildcards = 0;
  s.skipWs();
  if (s.peek() === "}") s.fail("empty JSON pattern: expected a condition such as $.field = value");
  const leaf = (): JsonLeaf => {
    s.skipWs();
    const start = s.pos;
    const selector = parseSelector(s);
    const count = selector.segments.filter((g) => g.type === "wildcard").length;
    if (count > MAX_WILDCARDS_PER_SELECTOR) {
      s.fail(`a property selector can use at most ${MAX_WILDCARDS_PER_SELECTOR} wildcard`, selector.position);
    }
    wildcards += count;
    if (wildcards > MAX_WILDCARDS_PER_PATTERN) {
      s.fail(
        `a filter pattern can use at most ${MAX_WILDCARDS_PER_PATTERN} wildcard selectors`,
        selector.position,
      );
    }
    if (!selectors.some((x) => x.text === selector.text)) selectors.push(selector);
    s.skipWs();
    if (s.startsWith("IS ") || s.startsWith("IS\t")) {
      s.pos += 2;
      s.skipWs();
      const kwAt = s.pos;
      const kw = s.readIdentifier();
      if (kw === "NOT") s.fail('"IS NOT" is not supported by CloudWatch Logs (use "!=" or NOT EXISTS)', kwAt);
      if (kw !== "TRUE" && kw !== "FALSE" && kw !== "NULL") {
        s.fail(`expected TRUE, FALSE or NULL after IS, found ${kw ? `"${kw}"` : s.describeNext()}`, kwAt);
      }
      return { type: "is", selector, what: kw, text: s.text.slice(start, s.pos) };
    }
    if (s.startsWith("NOT ") || s.startsWith("NOT\t")) {
      s.pos += 3;
      s.skipWs();
      const kwAt = s.pos;
      if (s.readIdentifier() !== "EXISTS") s.fail("expected EXISTS after NOT", kwAt);
      return { type: "notExists", selector, text: s.text.slice(start, s.pos) };
    }
    if (s.startsWith("EXISTS")) s.fail('"EXISTS" is not supported by CloudWatch Logs (use "$.field = *")');
    const op = s.readOperator();
    if (!op) {
      s.fail(
        `expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after ${selector.text}, found ${s.describeNext()}`,
      );
    }
    const value = parseValue(s, op, ctx, "a JSON condition");
    return { type: "cmp", selector, op, value, text: s.text.slice(start, s.pos) };
  };
  const expr = parseExpr(s, leaf);
  if (!s.accept("}")) {
    if (s.done) s.fail(`expected "}" to close the JSON pattern opened at column ${open}`);
    s.fail(`expected "&&", "||" or "}" in the JSON pattern, found ${s.describeNext()}`);
  }
  return { kind: "json", expr, selectors };
}

/**
 * `$.a.b`, `$.a[0]`, `$.a[1].b`, `$.a[*]`, `$.*`, `$.['cluster.name']`. Names are letters, digits,
 * `-` and `_` ("Property selectors are alphanumeric strings that support hyphen and underscore");
 * other keys need the bracket form.
 */
function parseSelector(s: Scanner): Selector {
  const position = s.pos;
  if (s.peek() !== "$") s.fail(`expected a property selector starting with "$.", found ${s.describeNext()}`);
  s.pos++;
  const segments: Segment[] = [];
  for (;;) {
    const c = s.peek();
    if (c === ".") {
      s.pos++;
      if (s.peek() === "*") {
        s.pos++;
        segments.push({ type: "wildcard" });
      } else if (s.peek() === "[") {
        continue; // `$.['cluster.name']`
      } else {
        const at = s.pos;
        const name = s.readIdentifier();
        if (!name)
          s.fail(`expected a property name after "." in the selector, found ${s.describeNext()}`, at);
        segments.push({ type: "key", name });
      }
    } else if (c === "[") {
      const at = s.pos;
      s.pos++;
      const q = s.peek();
      if (q === "'" || q === '"') {
        const end = s.text.indexOf(q, s.pos + 1);
        if (end < 0) s.fail(`unterminated ${q}…${q} property name in the selector`, at);
        segments.push({ type: "key", name: s.text.slice(s.pos + 1, end) });
        s.pos = end + 1;
      } else if (q === "*") {
        s.pos++;
        segments.push({ type: "wildcard" });
      } else {
        const digits = /^\d+/.exec(s.text.slice(s.pos));
        if (!digits) s.fail("expected an array index, * or a quoted property name inside [ ]", s.pos);
        segments.push({ type: "index", index: Number(digits[0]) });
        s.pos += digits[0].length;
      }
      if (s.peek() !== "]") s.fail(`expected "]" to close the "[" at column ${at} in the selector`);
      s.pos++;
    } else break;
  }
  if (segments.length === 0)
    s.fail('a property selector must name a property: "$." followed by a name', position);
  if (segments[0].type === "index")
    s.fail('a selector starts with "$." and a property name; array indexes follow a property', position);
  return { text: selectorText(segments), segments, position };
}

/** Canonical selector text: `$.a.b[0]`, `$.['cluster.name']`, `$.a[*]`. */
export function selectorText(segments: Segment[]): string {
  let out = "$";
  for (const g of segments) {
    if (g.type === "index") out += `[${g.index}]`;
    else if (g.type === "wildcard") out += "[*]";
    else if (/^[A-Za-z0-9_-]+$/.test(g.name)) out += `.${g.name}`;
    else out += `.['${g.name}']`;
  }
  return out;
}

/** Parses a selector given on its own (a metric value or dimension such as `$.latency`). */
export function parseSelectorText(text: string): Selector {
  const s = new Scanner(text.trim());
  const sel = parseSelector(s);
  if (!s.done) s.fail(`unexpected ${s.describeNext()} after the selector`);
  return sel;
}

// ---------------------------------------------------------------------------------------------
// Space-delimited

function parseDelimited(s: Scanner): PatternAst {
  const open = s.pos;
  s.pos++; // "["
  const ctx: ValueContext = { regexCount: 0 };
  const fields: DelimitedField[] = [];
  s.skipWs();
  if (s.peek() === "]") s.fail("empty space-delimited pattern: name at least one field, e.g. [w1, w2]");
  for (;;) {
    s.skipWs();
    const position = s.pos;
    if (s.startsWith("...")) {
      s.pos += 3;
      fields.push({ type: "ellipsis", position });
    } else if (s.peek() === "," || s.peek() === "]") {
      // An unnamed field (`[..., status_code=4*,]` in the 2021 docs): extracted as `$<position>`.
      fields.push({ type: "field", name: "", position });
    } else if (s.done) {
      break;
    } else {
      let name = "";
      const leaf = (): FieldLeaf => {
        s.skipWs();
        const start = s.pos;
        const id = s.readIdentifier();
        if (!id)
          s.fail(
            `expected a field name, "..." or a condition such as status_code = 4*, found ${s.describeNext()}`,
          );
        if (!name) name = id;
        const op = s.readOperator();
        if (!op)
          s.fail(`expected an operator (=, !=, <, <=, >, >=) after "${id}", found ${s.describeNext()}`);
        const value = parseValue(s, op, ctx, "a space-delimited field");
        return { type: "cmp", name: id, op, value, text: s.text.slice(start, s.pos) };
      };
      // A bare name is a field without a condition; anything else is a condition expression.
      const save = s.pos;
      const id = s.readIdentifier();
      s.skipWs();
      if (id && (s.done || s.peek() === "," || s.peek() === "]")) {
        fields.push({ type: "field", name: id, position });
      } else {
        s.pos = save;
        // Every comparison in one field applies to that field's value, whatever name it uses: the
        // docs' own `[w1=ERROR || W1=WARNING, w2]` spells the name two ways. The field is
        // extracted under the first name.
        const cond = parseExpr(s, leaf);
        fields.push({ type: "field", name, cond, position });
      }
    }
    s.skipWs();
    if (s.accept(",")) continue;
    if (s.accept("]")) return { kind: "space-delimited", fields };
    if (s.done) s.fail(`expected "]" to close the space-delimited pattern opened at column ${open}`);
    s.fail(`expected "," or "]" after a field, found ${s.describeNext()}`);
  }
  return s.fail(`expected "]" to close the space-delimited pattern opened at column ${open}`);
}
