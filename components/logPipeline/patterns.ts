import { checkSamples, compileFilterPattern } from "../filterPattern";

/** Log lines a pattern must and must not match, checked before anything is deployed. */
export interface PatternSamples {
  /** Lines the pattern must match. @default [] */
  match?: string[];
  /** Lines the pattern must not match. @default [] */
  noMatch?: string[];
}

/**
 * Problems with a filter pattern: a syntax error (with its position), or a sample line that the
 * pattern treats otherwise than declared. Empty when the pattern is good.
 */
export function checkPattern(pattern: string, samples?: PatternSamples): string[] {
  if (typeof pattern !== "string") return [`\`pattern\` must be a string (got ${JSON.stringify(pattern)}).`];
  try {
    compileFilterPattern(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [`\`pattern\` ${JSON.stringify(pattern)} is not valid: ${reason}`];
  }
  if (!samples) return [];
  return checkSamples(pattern, samples).map((p) => `\`samples\`: ${p.reason}`);
}
