/**
 * Several patterns matched together (a log group's metric filters): their JSON selectors read in
 * one selective scan per event.
 */
import type { JsonLeaf, PatternAst } from "../parser";
import * as jsonFields from "../jsonFields";
import type { JsonPath } from "../jsonFields";

// read once into module constants: the CommonJS the CLI runs reads an imported binding through a
// getter on every use, and these are read for every event
const { JsonFieldExtractor, JsonLine } = jsonFields;
type JsonFieldExtractor = jsonFields.JsonFieldExtractor;
type JsonLine = jsonFields.JsonLine;

import { compileAst } from "./compile";
import { compileExpr } from "./compare";
import { hasWildcard } from "./jsonParsed";
import { compileExtractedLeaf, selectorPath } from "./jsonSelective";
import { MATCH, NO_MATCH, type CompiledMatch, type FilterMatch } from "./result";

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
