/**
 * Turns a parsed pattern into a matcher: a tree of closures built once, so matching one event does
 * no parsing of the pattern and, for the common cases, no allocation unless the event matches.
 *
 * Semantics (AWS CloudWatch Logs User Guide, "Filter pattern syntax …"), with the choices made
 * where the docs are silent:
 * - Terms and quoted phrases are case-sensitive substrings of the event ("ERROR" matches
 *   "ERRORCODE"). `?term`s are ORed, but "if you combine ? with other filter patterns, all
 *   question mark terms will be ignored".
 * - A JSON pattern only applies to an event that is, as a whole, a JSON object. Anything else
 *   (plain text, truncated or malformed JSON, a JSON array) never matches it, not even
 *   `NOT EXISTS`. Term patterns see JSON events as plain text.
 * - A selector must point at a value node (string, number, boolean) for `=`, `!=`, `<`, …;
 *   arrays and objects never match (`{$.users = 1}` and `{$.users != 1}` both fail on an array),
 *   nor do missing properties or `null` (only `IS NULL` matches `null`).
 * - Numeric comparisons accept numbers and strings that are numbers; `!=` against a value that
 *   is not a number is true (it is not equal).
 * - Space-delimited events are split on runs of spaces/tabs; `[…]` and `"…"` are single fields
 *   (extracted without the brackets/quotes; `\"` does not close a quoted field). An event whose
 *   `"` or `[` field never closes (a truncated line) is malformed and matches no space-delimited
 *   pattern, whatever the pattern asks of that field. Without an
 *   ellipsis, an event with more fields than the pattern matches and the last pattern field takes
 *   the rest of the line: the current docs say `[w1=ERROR, w2]` returns events whose first word is
 *   ERROR (their sample events have six words) and that a "blank indicator" w2 must follow w1.
 *   An event with fewer fields than the pattern never matches.
 */
import {
  comparableBytes,
  decodeUtf8,
  JsonFieldExtractor,
  JsonKind,
  JsonLine,
  type JsonPath,
} from "./jsonFields";
import { Operator, parseNumber } from "./lexer";
import type { DelimitedField, Expr, FieldLeaf, JsonLeaf, PatternAst, Selector, Value } from "./parser";

/** The outcome of matching one event. */
export interface FilterMatch {
  /** Whether the event matches the pattern. */
  matched: boolean;
  /**
   * Values extracted from a matching event, keyed as CloudWatch keys `extractedValues`: `$.a.b` for
   * JSON selectors used in the pattern (with their JSON value), `$name` for named space-delimited
   * fields and `$<1-based position>` for unnamed ones (strings). Absent for term and regex patterns.
   * @default undefined
   */
  fields?: Record<string, unknown>;
}

export const NO_MATCH: FilterMatch = Object.freeze({ matched: false });
const MATCH: FilterMatch = Object.freeze({ matched: true });

/** A scalar as comparisons see it. */
type Scalar = string | number | boolean;

// ---------------------------------------------------------------------------------------------
// Value comparisons (shared by JSON and space-delimited)

function numericTest(op: Operator, n: number): (x: number) => boolean {
  switch (op) {
    case Operator.Eq:
      return (x) => x === n;
    case Operator.Ne:
      return (x) => x !== n;
    case Operator.Lt:
      return (x) => x < n;
    case Operator.Le:
      return (x) => x <= n;
    case Operator.Gt:
      return (x) => x > n;
    case Operator.Ge:
      return (x) => x >= n;
  }
}

/** Compiles `op value` into a test of one scalar. */
export function compileTest(op: Operator, value: Value): (v: Scalar) => boolean {
  const negate = op === Operator.Ne;
  switch (value.type) {
    case "any":
      return negate ? () => false : () => true;
    case "regex": {
      const re = value.regex;
      return negate ? (v) => !re.test(String(v)) : (v) => re.test(String(v));
    }
    case "string": {
      const { core, prefix, suffix } = value;
      let glob: (t: string) => boolean;
      if (prefix && suffix) glob = (t) => t.includes(core);
      else if (prefix) glob = (t) => t.endsWith(core);
      else if (suffix) glob = (t) => t.startsWith(core);
      else glob = (t) => t === core;
      return negate ? (v) => !glob(String(v)) : (v) => glob(String(v));
    }
    case "number": {
      const test = numericTest(op, value.value);
      return (v) => {
        if (typeof v === "number") return test(v);
        const n = typeof v === "string" ? parseNumber(v.trim()) : undefined;
        return n === undefined ? negate : test(n);
      };
    }
  }
}

function compileExpr<L, C>(expr: Expr<L>, leaf: (l: L) => (ctx: C) => boolean): (ctx: C) => boolean {
  const node = expr as { type: string; left?: Expr<L>; right?: Expr<L> };
  if (node.type === "and" || node.type === "or") {
    const a = compileExpr(node.left as Expr<L>, leaf);
    const b = compileExpr(node.right as Expr<L>, leaf);
    return node.type === "and" ? (ctx) => a(ctx) && b(ctx) : (ctx) => a(ctx) || b(ctx);
  }
  return leaf(expr as L);
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Marker for a selector that does not resolve. */
export const MISSING: unique symbol = Symbol("missing");

const hasOwn = Object.prototype.hasOwnProperty;

/** Resolves a selector without wildcards; MISSING when any step does not exist. */
export function resolvePath(root: unknown, sel: Selector): unknown {
  let cur: unknown = root;
  for (const g of sel.segments) {
    if (g.type === "key") {
      if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !hasOwn.call(cur, g.name))
        return MISSING;
      cur = (cur as Record<string, unknown>)[g.name];
    } else if (g.type === "index") {
      if (!Array.isArray(cur) || g.index >= cur.length) return MISSING;
      cur = cur[g.index];
    } else return MISSING;
  }
  return cur;
}

/** Every value a selector resolves to (several with a wildcard, which selects any element or field). */
export function resolveAll(root: unknown, sel: Selector): unknown[] {
  let cur: unknown[] = [root];
  for (const g of sel.segments) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (typeof v !== "object" || v === null) continue;
      if (g.type === "key") {
        if (!Array.isArray(v) && hasOwn.call(v, g.name)) next.push((v as Record<string, unknown>)[g.name]);
      } else if (g.type === "index") {
        if (Array.isArray(v) && g.index < v.length) next.push(v[g.index]);
      } else next.push(...(Array.isArray(v) ? v : Object.values(v)));
    }
    cur = next;
  }
  return cur;
}

export function hasWildcard(sel: Selector): boolean {
  return sel.segments.some((g) => g.type === "wildcard");
}

export function isScalar(v: unknown): v is Scalar {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function compileJsonLeaf(leaf: JsonLeaf): (obj: unknown) => boolean {
  const sel = leaf.selector;
  let one: (v: unknown) => boolean;
  if (leaf.type === "cmp") {
    const test = compileTest(leaf.op, leaf.value);
    one = (v) => isScalar(v) && test(v);
  } else if (leaf.type === "is") {
    const want = leaf.what === "TRUE" ? true : leaf.what === "FALSE" ? false : null;
    one = (v) => v === want;
  } else {
    if (hasWildcard(sel)) return (obj) => resolveAll(obj, sel).length === 0;
    return (obj) => resolvePath(obj, sel) === MISSING;
  }
  if (hasWildcard(sel)) return (obj) => resolveAll(obj, sel).some(one);
  return (obj) => {
    const v = resolvePath(obj, sel);
    return v !== MISSING && one(v);
  };
}

/**
 * A cheap test on the raw text that every matching event passes, or undefined when there is none.
 * Only valid when the event has no backslash: then every JSON key and string appears literally.
 */
function jsonPrefilter(expr: Expr<JsonLeaf>): ((text: string) => boolean) | undefined {
  if (expr.type === "and" || expr.type === "or") {
    const a = jsonPrefilter(expr.left);
    const b = jsonPrefilter(expr.right);
    if (expr.type === "and") return a && b ? (t) => a(t) && b(t) : (a ?? b);
    return a && b ? (t) => a(t) || b(t) : undefined;
  }
  if (expr.type === "notExists") return undefined;
  const keys = expr.selector.segments.filter((g) => g.type === "key").map((g) => `"${g.name}"`);
  const needles = keys.length ? [keys[keys.length - 1]] : [];
  // A string value's text must appear in the event, unless it could be the printed form of a
  // number (`1E3` parses to 1000), so only cores with some non-numeric character are used.
  if (expr.type === "cmp" && expr.op === Operator.Eq && expr.value.type === "string") {
    const core = expr.value.core;
    if (core && /[^0-9.eE+-]/.test(core)) needles.push(core);
  }
  if (needles.length === 0) return undefined;
  if (needles.length === 1) {
    const [n] = needles;
    return (t) => t.includes(n);
  }
  return (t) => needles.every((n) => t.includes(n));
}

/** Parses an event as a JSON object, or returns undefined (plain text, malformed, not an object). */
export function parseJsonObject(message: string): Record<string, unknown> | undefined {
  let i = 0;
  const n = message.length;
  while (i < n && message.charCodeAt(i) <= 32) i++;
  if (message.charCodeAt(i) !== 123 /* { */) return undefined;
  let j = n - 1;
  while (j > i && message.charCodeAt(j) <= 32) j--;
  if (message.charCodeAt(j) !== 125 /* } */) return undefined;
  try {
    const v: unknown = JSON.parse(message);
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The fields a JSON match extracts: each selector of the pattern that resolves to a scalar. */
export function extractJson(obj: unknown, selectors: Selector[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const sel of selectors) {
    const v = hasWildcard(sel) ? resolveAll(obj, sel).find(isScalar) : resolvePath(obj, sel);
    if (isScalar(v)) fields[sel.text] = v;
  }
  return fields;
}

/** Matches one event given as the bytes `b[start..end)` (a line of a file or a payload). */
export type BytesMatcher = (b: Uint8Array, start: number, end: number) => FilterMatch;

/** A compiled pattern's two entry points: an event as a string, an event as bytes. */
export interface CompiledMatch {
  text: (message: string) => FilterMatch;
  bytes: BytesMatcher;
}

function selectorPath(sel: Selector): JsonPath {
  return sel.segments.map((g) => (g.type === "key" ? g.name : g.type === "index" ? g.index : -1));
}

/** A leaf tested on the extractor's view of the event (no object is built). */
function compileExtractedLeaf(leaf: JsonLeaf, slot: number): (x: JsonFieldExtractor) => boolean {
  if (
    leaf.type === "cmp" &&
    leaf.value.type === "string" &&
    !leaf.value.prefix &&
    !leaf.value.suffix &&
    (leaf.op === Operator.Eq || leaf.op === Operator.Ne)
  ) {
    // `= "ERROR"` on a string: compared as bytes, nothing decoded
    const test = compileTest(leaf.op, leaf.value);
    const core = leaf.value.core;
    const bytes = comparableBytes(core);
    const eq = leaf.op === Operator.Eq;
    return (x) => {
      const k = x.kind(slot);
      if (k === JsonKind.PlainString || k === JsonKind.EscapedString)
        return x.stringEquals(slot, core, bytes) === eq;
      const v = x.scalar(slot);
      return v !== undefined && test(v);
    };
  }
  if (leaf.type === "cmp") {
    const test = compileTest(leaf.op, leaf.value);
    return (x) => {
      const v = x.scalar(slot);
      return v !== undefined && test(v);
    };
  }
  if (leaf.type === "is") {
    const want =
      leaf.what === "TRUE" ? JsonKind.True : leaf.what === "FALSE" ? JsonKind.False : JsonKind.Null;
    return (x) => x.kind(slot) === want;
  }
  return (x) => x.kind(slot) === JsonKind.Absent;
}

/**
 * A JSON pattern evaluated on the object JSON.parse builds: used for wildcard selectors, and by the
 * tests as the reference the selective path must agree with.
 */
export function compileJsonParsed(ast: Extract<PatternAst, { kind: "json" }>): CompiledMatch {
  const pre = jsonPrefilter(ast.expr);
  const selectors = ast.selectors;
  const test = compileExpr(ast.expr, compileJsonLeaf);
  const text = (message: string): FilterMatch => {
    if (pre && !pre(message) && message.indexOf("\\") < 0) return NO_MATCH;
    const obj = parseJsonObject(message);
    if (obj === undefined || !test(obj)) return NO_MATCH;
    return { matched: true, fields: extractJson(obj, selectors) };
  };
  return { text, bytes: (b, start, end) => text(decodeUtf8(b, start, end)) };
}

function compileJson(ast: Extract<PatternAst, { kind: "json" }>): CompiledMatch {
  const pre = jsonPrefilter(ast.expr);
  const selectors = ast.selectors;
  // a wildcard selects any number of values: the whole object is parsed
  if (selectors.some(hasWildcard)) return compileJsonParsed(ast);
  // only the selected values are read (jsonFields.ts), with JSON.parse's semantics
  const x = new JsonFieldExtractor(selectors.map(selectorPath));
  const slotOf = new Map(selectors.map((s, slot) => [s.text, slot]));
  const test = compileExpr(ast.expr, (leaf: JsonLeaf) =>
    compileExtractedLeaf(leaf, slotOf.get(leaf.selector.text) as number),
  );
  const texts = selectors.map((s) => s.text);
  const matched = (): FilterMatch => {
    if (!test(x)) return NO_MATCH;
    const fields: Record<string, unknown> = {};
    for (let slot = 0; slot < texts.length; slot++) {
      const v = x.scalar(slot);
      if (v !== undefined) fields[texts[slot]] = v;
    }
    return { matched: true, fields };
  };
  return {
    text: (message) => {
      if (pre && !pre(message) && message.indexOf("\\") < 0) return NO_MATCH;
      return x.scanString(message) === JsonLine.Object ? matched() : NO_MATCH;
    },
    bytes: (b, start, end) => (x.scanBytes(b, start, end) === JsonLine.Object ? matched() : NO_MATCH),
  };
}

// ---------------------------------------------------------------------------------------------
// Space-delimited

/** An event split into fields: each field's value and the offset where its raw text starts. */
export interface DelimitedTokens {
  values: string[];
  starts: number[];
  /** Offset of a `"` or `[` field that never closes (a truncated line), if any. @default undefined */
  unterminated?: number;
}

/** Splits an event into space-delimited fields (see the module comment for the rules). */
export function tokenize(line: string): DelimitedTokens {
  const values: string[] = [];
  const starts: number[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    if (i >= n) break;
    starts.push(i);
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && !(line[j] === '"' && line[j - 1] !== "\\")) j++;
      if (j >= n) return { values, starts, unterminated: i };
      values.push(line.slice(i + 1, j));
      i = j + 1;
    } else if (c === "[") {
      const j = line.indexOf("]", i + 1);
      if (j < 0) return { values, starts, unterminated: i };
      values.push(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i + 1;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d === 32 || d === 9) break;
        j++;
      }
      values.push(line.slice(i, j));
      i = j;
    }
  }
  return { values, starts };
}

/** How the fields of a pattern line up with the fields of one event. */
export interface DelimitedAlignment {
  /** For each pattern field (ellipses excluded, in order): the event field index it takes. */
  fieldIndex: number[];
  /** The value each pattern field takes (the rest of the line for an absorbing last field). */
  fieldValue: string[];
  /** Event field indexes covered by ellipses. */
  ellipsisIndexes: number[];
}

interface CompiledField {
  name: string;
  test?: (v: string) => boolean;
}

function compileFieldLeaf(leaf: FieldLeaf): (v: string) => boolean {
  return compileTest(leaf.op, leaf.value) as (v: string) => boolean;
}

/**
 * Aligns pattern fields with event fields. Returns undefined when no alignment satisfies every
 * field's condition. `check` false skips conditions (used to explain a mismatch).
 */
export function alignDelimited(
  fields: DelimitedField[],
  compiled: CompiledField[],
  line: string,
  tokens: DelimitedTokens,
  check = true,
): DelimitedAlignment | undefined {
  const { values, starts } = tokens;
  const hasEllipsis = fields.some((f) => f.type === "ellipsis");
  if (!hasEllipsis) {
    const k = compiled.length;
    if (values.length < k) return undefined;
    const fieldValue = values.slice(0, k);
    if (values.length > k) fieldValue[k - 1] = line.slice(starts[k - 1]).replace(/[ \t]+$/, "");
    if (check)
      for (let f = 0; f < k; f++) if (compiled[f].test && !compiled[f].test!(fieldValue[f])) return undefined;
    return { fieldIndex: fieldValue.map((_, f) => f), fieldValue, ellipsisIndexes: [] };
  }
  // With ellipses: each ellipsis covers zero or more event fields (tried shortest first).
  const fieldIndex: number[] = [];
  const ellipsisIndexes: number[] = [];
  const minAfter: number[] = new Array(fields.length + 1).fill(0);
  for (let p = fields.length - 1; p >= 0; p--)
    minAfter[p] = minAfter[p + 1] + (fields[p].type === "ellipsis" ? 0 : 1);
  const walk = (p: number, t: number, c: number): boolean => {
    if (p === fields.length) return t === values.length;
    if (values.length - t < minAfter[p]) return false;
    if (fields[p].type === "ellipsis") {
      for (let k = t; k <= values.length; k++) {
        if (walk(p + 1, k, c)) {
          for (let x = k - 1; x >= t; x--) ellipsisIndexes.push(x);
          return true;
        }
      }
      return false;
    }
    const cf = compiled[c];
    if (check && cf.test && !cf.test(values[t])) return false;
    if (!walk(p + 1, t + 1, c + 1)) return false;
    fieldIndex[c] = t;
    return true;
  };
  if (!walk(0, 0, 0)) return undefined;
  ellipsisIndexes.sort((a, b) => a - b);
  return { fieldIndex, fieldValue: fieldIndex.map((t) => values[t]), ellipsisIndexes };
}

export function compileDelimitedFields(fields: DelimitedField[]): CompiledField[] {
  const out: CompiledField[] = [];
  for (const f of fields) {
    if (f.type === "ellipsis") continue;
    out.push({
      name: f.name,
      test: f.cond ? compileExpr(f.cond, compileFieldLeaf) : undefined,
    });
  }
  return out;
}

/** The extracted fields of an aligned event: `$name`, or `$<position>` for unnamed/ellipsis fields. */
export function extractDelimited(
  compiled: CompiledField[],
  tokens: DelimitedTokens,
  a: DelimitedAlignment,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const t of a.ellipsisIndexes) fields[`$${t + 1}`] = tokens.values[t];
  compiled.forEach((cf, f) => {
    fields[cf.name ? `$${cf.name}` : `$${a.fieldIndex[f] + 1}`] = a.fieldValue[f];
  });
  return fields;
}

/**
 * A necessary condition on an event, checked without splitting it all: the conditions of the
 * fields whose event field is known by position alone (before any ellipsis, and not the last field
 * when it takes the rest of the line), on the first fields of the event only, nothing allocated but
 * the values tested. Undefined when no condition qualifies. The full alignment still decides.
 */
export function delimitedPrecheck(
  fields: DelimitedField[],
  compiled: CompiledField[],
): ((line: string) => boolean) | undefined {
  const ellipses = fields.flatMap((f, i) => (f.type === "ellipsis" ? [i] : []));
  const k = compiled.length;
  let limit: number;
  if (ellipses.length === 0) limit = k - 1;
  else if (ellipses.length === 1 && ellipses[0] === fields.length - 1) limit = k;
  else return undefined;
  const tests: ((v: string) => boolean)[] = [];
  let last = -1;
  for (let f = 0; f < limit; f++) {
    const t = compiled[f].test;
    if (t) {
      tests[f] = t;
      last = f;
    }
  }
  if (last < 0) return undefined;
  return (line) => {
    const n = line.length;
    let i = 0;
    for (let f = 0; f <= last; f++) {
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c !== 32 && c !== 9) break;
        i++;
      }
      if (i >= n) return false; // fewer fields than the pattern: never a match
      const test = tests[f];
      const c = line.charCodeAt(i);
      let from: number;
      let to: number;
      if (c === 34 /* " */) {
        let j = i + 1;
        while (j < n && !(line.charCodeAt(j) === 34 && line.charCodeAt(j - 1) !== 92)) j++; // \" does not close
        if (j >= n) return false; // never closes: a malformed event
        from = i + 1;
        to = j;
        i = j + 1;
      } else if (c === 91 /* [ */) {
        const j = line.indexOf("]", i + 1);
        if (j < 0) return false; // never closes: a malformed event
        from = i + 1;
        to = j;
        i = j + 1;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = line.charCodeAt(j);
          if (d === 32 || d === 9) break;
          j++;
        }
        from = i;
        to = j;
        i = j;
      }
      if (test !== undefined && !test(line.slice(from, to))) return false;
    }
    return true;
  };
}

function compileDelimited(
  ast: Extract<PatternAst, { kind: "space-delimited" }>,
): (message: string) => FilterMatch {
  const compiled = compileDelimitedFields(ast.fields);
  const pre = delimitedPrecheck(ast.fields, compiled);
  return (message) => {
    if (pre !== undefined && !pre(message)) return NO_MATCH;
    const tokens = tokenize(message);
    if (tokens.unterminated !== undefined) return NO_MATCH;
    const a = alignDelimited(ast.fields, compiled, message, tokens);
    return a ? { matched: true, fields: extractDelimited(compiled, tokens, a) } : NO_MATCH;
  };
}

// ---------------------------------------------------------------------------------------------
// Terms and regex

function compileTerms(ast: Extract<PatternAst, { kind: "terms" }>): (message: string) => FilterMatch {
  const include = ast.include.map((t) => t.text);
  const exclude = ast.exclude.map((t) => t.text);
  // "If you combine ? with other filter patterns, all question mark terms will be ignored."
  if (include.length === 0 && exclude.length === 0) {
    const optional = ast.optional.map((t) => t.text);
    return (m) => {
      for (const t of optional) if (m.indexOf(t) !== -1) return MATCH;
      return NO_MATCH;
    };
  }
  if (include.length === 1 && exclude.length === 0) {
    const [t] = include;
    return (m) => (m.indexOf(t) !== -1 ? MATCH : NO_MATCH);
  }
  return (m) => {
    for (const t of include) if (m.indexOf(t) === -1) return NO_MATCH;
    for (const t of exclude) if (m.indexOf(t) !== -1) return NO_MATCH;
    return MATCH;
  };
}

/** Builds the matching functions of a parsed pattern. */
export function compileAst(ast: PatternAst): CompiledMatch {
  if (ast.kind === "json") return compileJson(ast);
  const text = compileText(ast);
  return { text, bytes: (b, start, end) => text(decodeUtf8(b, start, end)) };
}

function compileText(ast: Exclude<PatternAst, { kind: "json" }>): (message: string) => FilterMatch {
  switch (ast.kind) {
    case "all":
      return () => MATCH;
    case "terms":
      return compileTerms(ast);
    case "regex": {
      const re = ast.regex;
      return (m) => (re.test(m) ? MATCH : NO_MATCH);
    }
    case "space-delimited":
      return compileDelimited(ast);
  }
}

/**
 * Several JSON patterns read through ONE selective scan per event: the union of their selectors is
 * extracted once, then each pattern's expression is tested on the shared extractor. Patterns that are
 * not JSON, or select with wildcards, are matched on their own. `matchBytes` returns one result per
 * pattern, in order (the array is reused by the next call).
 */
export interface CompiledGroup {
  text: (message: string) => readonly FilterMatch[];
  bytes: (b: Uint8Array, start: number, end: number) => readonly FilterMatch[];
}

export function compileGroupAsts(
  asts: readonly PatternAst[],
  withFields?: readonly boolean[],
): CompiledGroup {
  const shared: { index: number; ast: Extract<PatternAst, { kind: "json" }> }[] = [];
  const alone: { index: number; match: CompiledMatch }[] = [];
  asts.forEach((ast, index) => {
    if (ast.kind === "json" && !ast.selectors.some(hasWildcard)) shared.push({ index, ast });
    else alone.push({ index, match: compileAst(ast) });
  });
  const slotOf = new Map<string, number>();
  const paths: JsonPath[] = [];
  for (const { ast } of shared)
    for (const s of ast.selectors)
      if (!slotOf.has(s.text)) {
        slotOf.set(s.text, paths.length);
        paths.push(selectorPath(s));
      }
  const x = paths.length > 0 ? new JsonFieldExtractor(paths) : undefined;
  const tests = shared.map(({ index, ast }) => ({
    index,
    test: compileExpr(ast.expr, (leaf: JsonLeaf) =>
      compileExtractedLeaf(leaf, slotOf.get(leaf.selector.text) as number),
    ),
    fields: ast.selectors.map((s) => [s.text, slotOf.get(s.text) as number] as const),
    wantFields: withFields?.[index] !== false,
  }));
  const results: FilterMatch[] = asts.map(() => NO_MATCH);
  const sharedResults = (line: JsonLine): void => {
    for (const t of tests) {
      if (line !== JsonLine.Object || !t.test(x as JsonFieldExtractor)) {
        results[t.index] = NO_MATCH;
        continue;
      }
      if (!t.wantFields) {
        results[t.index] = MATCH;
        continue;
      }
      const fields: Record<string, unknown> = {};
      for (const [text, slot] of t.fields) {
        const v = (x as JsonFieldExtractor).scalar(slot);
        if (v !== undefined) fields[text] = v;
      }
      results[t.index] = { matched: true, fields };
    }
  };
  return {
    text: (message) => {
      if (x) sharedResults(x.scanString(message));
      for (const a of alone) results[a.index] = a.match.text(message);
      return results;
    },
    bytes: (b, start, end) => {
      if (x) sharedResults(x.scanBytes(b, start, end));
      for (const a of alone) results[a.index] = a.match.bytes(b, start, end);
      return results;
    },
  };
}
