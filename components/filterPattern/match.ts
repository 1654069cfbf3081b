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
export { MATCH, NO_MATCH } from "./match/result";
export type { BytesMatcher, CompiledMatch, FilterMatch, Scalar } from "./match/result";
export { compileExpr, compileTest } from "./match/compare";
export {
  compileJsonParsed,
  extractJson,
  hasWildcard,
  isScalar,
  MISSING,
  parseJsonObject,
  resolveAll,
  resolvePath,
} from "./match/jsonParsed";
export { compileJson } from "./match/jsonSelective";
export {
  alignDelimited,
  compileDelimitedFields,
  extractDelimited,
  tokenize,
  type DelimitedAlignment,
  type DelimitedTokens,
} from "./match/delimited";
export { delimitedPrecheck } from "./match/delimitedPrecheck";
export { compileAst } from "./match/compile";
export { compileGroupAsts, type CompiledGroup } from "./match/group";
