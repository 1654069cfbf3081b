import {
  checkSamples,
  compileFilterPattern,
  metricTransformationProblems,
  type FilterMatcher,
} from "../filterPattern";

/** Log lines a pattern must and must not match, checked before anything is deployed. */
export interface PatternSamples {
  /** Lines the pattern must match. @default [] */
  match?: string[];
  /** Lines the pattern must not match. @default [] */
  noMatch?: string[];
}

/** A metric filter's transformation, checked against the fields its pattern extracts. */
/** A metric filter's transformation, as checked against its pattern. */
export interface TransformationToCheck {
  /** The metric value: a number or a `$field` the pattern extracts. */
  value: string;
  /** Dimensions by name, each a `$field` the pattern extracts. @default none */
  dimensions?: Record<string, string>;
  /** Value published when a log event does not match. @default none */
  defaultValue?: number;
}

/**
 * Problems with a filter pattern: a syntax error (with its position), a metric value or dimension
 * that AWS would reject for this pattern, or a sample line that the pattern treats otherwise than
 * declared. Empty when the pattern is good.
 */
export function checkPattern(
  pattern: string,
  samples?: PatternSamples,
  transformation?: TransformationToCheck,
): string[] {
  if (typeof pattern !== "string") return [`\`pattern\` must be a string (got ${JSON.stringify(pattern)}).`];
  let matcher: FilterMatcher;
  try {
    matcher = compileFilterPattern(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [`\`pattern\` ${JSON.stringify(pattern)} is not valid: ${reason}`];
  }
  const problems = transformation
    ? metricTransformationProblems(matcher, transformation).map((p) => `${p}.`)
    : [];
  if (samples) problems.push(...checkSamples(matcher.source, samples).map((p) => `\`samples\`: ${p.reason}`));
  return problems;
}
