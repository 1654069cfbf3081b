/**
 * A JSON pattern evaluated on the selective field extractor (`../jsonFields.ts`): only the selected
 * values are read from the event, with JSON.parse's semantics, and no object is built. Shared by one
 * pattern and by a group of patterns (`group.ts`).
 */
import { Operator } from "../lexer";
import type { JsonLeaf, PatternAst, Selector } from "../parser";
import * as jsonFields from "../jsonFields";
import type { JsonPath } from "../jsonFields";

// read once into module constants: the CommonJS the CLI runs reads an imported binding through a
// getter on every use, and these are read for every event
const { comparableBytes, JsonFieldExtractor, JsonKind, JsonLine } = jsonFields;
type JsonFieldExtractor = jsonFields.JsonFieldExtractor;

import { compileExpr, compileTest } from "./compare";
import { compileJsonParsed, hasWildcard } from "./jsonParsed";
import { jsonPrefilter } from "./jsonPrefilter";
import { NO_MATCH, type CompiledMatch, type FilterMatch } from "./result";

export function selectorPath(sel: Selector): JsonPath {
  return sel.segments.map((g) => (g.type === "key" ? g.name : g.type === "index" ? g.index : -1));
}

/** A leaf tested on the extractor's view of the event (no object is built). */
export function compileExtractedLeaf(leaf: JsonLeaf, slot: number): (x: JsonFieldExtractor) => boolean {
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

export function compileJson(ast: Extract<PatternAst, { kind: "json" }>): CompiledMatch {
  const pre = jsonPrefilter(ast.expr);
  const selectors = ast.selectors;
  // a wildcard selects any number of values: the whole object is parsed
  if (selectors.some(hasWildcard)) return compileJsonParsed(ast);
  // only the selected values are read, with JSON.parse's semantics
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
