/**
 * One parsed pattern to its matching functions, by kind.
 */
import type { PatternAst } from "../parser";
import * as jsonFields from "../jsonFields";
import { compileDelimited } from "./delimited";
import { compileJson } from "./jsonSelective";
import { MATCH, NO_MATCH, type CompiledMatch, type FilterMatch } from "./result";
import { compileTerms } from "./terms";

const { decodeUtf8 } = jsonFields;

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
