import { explainMismatch } from "./explain";
import { type FilterMatch, compileAst, compileGroupAsts } from "./match";
import { type PatternAst, parsePattern } from "./parser";

/** The kind of a pattern, as CloudWatch Logs tells them apart. */
export type FilterPatternKind = "unstructured" | "json" | "space-delimited" | "all";

/** A compiled filter pattern: call it with one log event message. */
export type FilterMatcher = ((message: string) => FilterMatch) & {
  /** Which of the pattern languages the text is (`all`: empty or blank pattern, matches every event). */
  readonly kind: FilterPatternKind;
  /** The pattern text as given. */
  readonly source: string;
  /**
   * The fields a match of this pattern can extract, as keyed in `FilterMatch.fields`: the JSON
   * selectors used in the pattern (`$.latency`) or the named space-delimited fields (`$bytes`).
   */
  readonly fieldNames: readonly string[];
  /**
   * Matches one event given as the bytes `bytes[start..end)` (UTF-8, e.g. a line of a file read
   * into a Buffer), with the same result as calling the matcher with the decoded text. JSON patterns
   * read only the selected values from the bytes; the byte at `end`, when it exists, is briefly
   * overwritten and restored, so the buffer must not be shared with concurrent readers.
   */
  readonly matchBytes: (bytes: Uint8Array, start: number, end: number) => FilterMatch;
};

const asts = new WeakMap<FilterMatcher, PatternAst>();

/**
 * Compiles a CloudWatch Logs filter pattern. Throws FilterPatternSyntaxError (with the 0-based
 * column and the reason) for any pattern CloudWatch Logs would reject.
 */
export function compileFilterPattern(text: string): FilterMatcher {
  const ast = parsePattern(text);
  const { text: fn, bytes } = compileAst(ast);
  const kind: FilterPatternKind =
    ast.kind === "terms" || ast.kind === "regex" ? "unstructured" : ast.kind === "all" ? "all" : ast.kind;
  let fieldNames: string[] = [];
  if (ast.kind === "json") fieldNames = ast.selectors.map((s) => s.text);
  if (ast.kind === "space-delimited") {
    fieldNames = ast.fields.flatMap((f) => (f.type === "field" && f.name ? [`$${f.name}`] : []));
  }
  const matcher = Object.assign(fn, {
    kind,
    source: text,
    fieldNames: Object.freeze(fieldNames),
    matchBytes: bytes,
  });
  asts.set(matcher, ast);
  return matcher;
}

/**
 * Why `message` does not match the pattern, in words (e.g. `the term "ERROR" does not occur in the
 * line`, `field 6 (status_code) is "200", so \`status_code = 5*\` is false`); undefined when it matches.
 */
export function explainFilterMismatch(pattern: string | FilterMatcher, message: string): string | undefined {
  const matcher = typeof pattern === "string" ? compileFilterPattern(pattern) : pattern;
  const ast = asts.get(matcher) ?? parsePattern(matcher.source);
  return explainMismatch(ast, message);
}

/** Several patterns matched together (the metric filters of one log group). */
export interface FilterGroupMatcher {
  /** The patterns, in result order. */
  readonly sources: readonly string[];
  /**
   * Matches one event against every pattern: one result per pattern, each the same as that
   * pattern's own matcher gives. JSON patterns share one selective scan of the event. The returned
   * array is reused by the next call.
   */
  readonly match: (message: string) => readonly FilterMatch[];
  /** The same for an event given as the bytes `bytes[start..end)` (see `FilterMatcher.matchBytes`). */
  readonly matchBytes: (bytes: Uint8Array, start: number, end: number) => readonly FilterMatch[];
}

/**
 * Compiles several filter patterns to be matched together: every event is read once for all the
 * JSON patterns, however many there are. `withFields[i] === false` says nobody reads the extracted
 * fields of pattern i (a metric filter publishing a constant without dimensions): its JSON matches
 * then carry no `fields`. Throws FilterPatternSyntaxError as `compileFilterPattern`.
 */
export function compileFilterGroup(
  patterns: readonly string[],
  options: { withFields?: readonly boolean[] } = {},
): FilterGroupMatcher {
  const group = compileGroupAsts(
    patterns.map((p) => parsePattern(p)),
    options.withFields,
  );
  return { sources: [...patterns], match: group.text, matchBytes: group.bytes };
}
