/**
 * Term patterns: words and quoted phrases that must (or must not) appear, and `?term`s of which one
 * must.
 */
import type { PatternAst } from "../parser";
import { MATCH, NO_MATCH, type FilterMatch } from "./result";

export function compileTerms(ast: Extract<PatternAst, { kind: "terms" }>): (message: string) => FilterMatch {
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
