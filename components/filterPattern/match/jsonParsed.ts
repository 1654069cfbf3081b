/**
 * A JSON pattern evaluated on the object `JSON.parse` builds: selectors with wildcards (any number
 * of values), and the reference the selective path (`jsonSelective.ts`) is tested against.
 */
import type { JsonLeaf, PatternAst, Selector } from "../parser";
import { decodeUtf8 } from "../jsonFields";
import { compileExpr, compileTest } from "./compare";
import { jsonPrefilter } from "./jsonPrefilter";
import { NO_MATCH, type CompiledMatch, type FilterMatch, type Scalar } from "./result";

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
