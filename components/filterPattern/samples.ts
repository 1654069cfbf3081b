import { compileFilterPattern, explainFilterMismatch } from "./compile";

/** Sample events a metric filter must (not) match. */
export interface FilterSamples {
  /**
   * Events the pattern must match.
   * @default []
   */
  match?: string[];
  /**
   * Events the pattern must not match.
   * @default []
   */
  noMatch?: string[];
}

/** One sample that behaves otherwise than declared. */
export interface SampleProblem {
  /** The sample event, as given. */
  sample: string;
  /** What the sample was declared to do. */
  expected: "match" | "noMatch";
  /** Human-readable: the pattern, the line and what happened. */
  reason: string;
}

function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Runs every sample through the pattern; one problem per sample that misbehaves. Throws
 * FilterPatternSyntaxError when the pattern itself is invalid.
 */
export function checkSamples(pattern: string, samples: FilterSamples): SampleProblem[] {
  const matcher = compileFilterPattern(pattern);
  const problems: SampleProblem[] = [];
  for (const sample of samples.match ?? []) {
    if (matcher(sample).matched) continue;
    const why = explainFilterMismatch(matcher, sample) ?? "it does not match";
    problems.push({
      sample,
      expected: "match",
      reason: `filter pattern ${JSON.stringify(pattern)} should match the sample ${JSON.stringify(clip(sample))} but does not: ${why}`,
    });
  }
  for (const sample of samples.noMatch ?? []) {
    const m = matcher(sample);
    if (!m.matched) continue;
    const fields =
      m.fields && Object.keys(m.fields).length ? ` (extracted ${clip(JSON.stringify(m.fields))})` : "";
    problems.push({
      sample,
      expected: "noMatch",
      reason: `filter pattern ${JSON.stringify(pattern)} should not match the sample ${JSON.stringify(clip(sample))} but it does${fields}`,
    });
  }
  return problems;
}
