import { problem, type ArgumentProblem } from "../errors";
import {
  checkSamples,
  compileFilterPattern,
  metricTransformationProblems,
  thresholdCoverage,
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
 * that AWS would reject for this pattern, a sample line that the pattern treats otherwise than
 * declared, or a numeric condition the samples do not pin at its threshold. Paths are relative to
 * the filter (`pattern`, `value`, `dimensions`, `samples.match[0]`, `samples`). Empty when the
 * pattern is good.
 */
export function checkPattern(
  pattern: string,
  samples?: PatternSamples,
  transformation?: TransformationToCheck,
): ArgumentProblem[] {
  if (typeof pattern !== "string")
    return [problem("pattern", pattern, "must be a string", "write the filter pattern as text")];
  let matcher: FilterMatcher;
  try {
    matcher = compileFilterPattern(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [
      problem("pattern", pattern, `is not valid: ${reason}`, "correct the pattern at the position shown"),
    ];
  }
  const problems: ArgumentProblem[] = [];
  if (transformation) {
    const fix = "extract the field in the pattern, or publish a number";
    for (const reason of metricTransformationProblems(matcher, { value: transformation.value }))
      problems.push(problem("value", transformation.value, reason, fix));
    const { dimensions, defaultValue } = transformation;
    for (const reason of metricTransformationProblems(matcher, { value: "1", dimensions, defaultValue }))
      problems.push(
        problem(
          "dimensions",
          dimensions,
          reason,
          "name fields the pattern extracts, at most three, and drop any defaultValue",
        ),
      );
  }
  if (samples) {
    for (const p of checkSamples(matcher.source, samples)) {
      const list = p.expected === "match" ? (samples.match ?? []) : (samples.noMatch ?? []);
      const other = p.expected === "match" ? "noMatch" : "match";
      problems.push(
        problem(
          `samples.${p.expected}[${list.indexOf(p.sample)}]`,
          p.sample,
          p.reason,
          `correct the pattern, or move the line to \`samples.${other}\``,
        ),
      );
    }
    problems.push(...boundaryProblems(matcher, samples));
  }
  return problems;
}

/**
 * The problems of the samples' coverage of the pattern's numeric conditions: one per condition
 * the samples do not pin, naming it and the values missing at its threshold (and one step either
 * side), with whether a sample at each should match. See `thresholdCoverage`.
 */
export function boundaryProblems(matcher: FilterMatcher, samples: PatternSamples): ArgumentProblem[] {
  return thresholdCoverage(matcher, samples)
    .filter((c) => c.missing.length > 0 || c.unkilled.length > 0)
    .map((c) => {
      const values = c.missing.map((m) => `${m.value} (${m.matches ? "match" : "noMatch"})`).join(", ");
      const reason =
        c.missing.length > 0
          ? `have no sample with ${c.condition.field} at ${c.missing.map((m) => m.value).join(", ")}, so the threshold of the condition could move unnoticed`
          : `cannot tell the condition from one with its threshold at ${c.unkilled.join(" or ")}`;
      const fix =
        c.missing.length > 0
          ? `add samples with ${c.condition.field} at ${values}`
          : `add samples at ${c.required.map((m) => m.value).join(", ")} that differ only in ${c.condition.field}`;
      return problem("samples", c.condition.text, reason, fix);
    });
}
