/**
 * Errors of the filter-pattern module. Compare `error.name`, never `instanceof`: the class may come
 * from another bundle.
 */

/** Base class of every error this module throws. */
export class FilterPatternError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FilterPatternError";
  }
}

/** A filter pattern that CloudWatch Logs would reject (`InvalidParameterException`). */
export class FilterPatternSyntaxError extends FilterPatternError {
  /** 0-based column in `pattern` where the problem was found. */
  readonly position: number;
  /** Human-readable reason, without the position (e.g. `expected "]" to close the space-delimited pattern`). */
  readonly reason: string;
  /** The whole pattern text as given. */
  readonly pattern: string;

  constructor(pattern: string, position: number, reason: string, options?: { cause?: unknown }) {
    super(`invalid filter pattern at column ${position}: ${reason}`, options);
    this.name = "FilterPatternSyntaxError";
    this.pattern = pattern;
    this.position = position;
    this.reason = reason;
  }
}

/** A metric transformation (`metricValue`, dimensions) that cannot be computed from a pattern. */
export class MetricTransformationError extends FilterPatternError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MetricTransformationError";
  }
}

/**
 * Renders a syntax error for a terminal: the message, the pattern and a caret under the column.
 * Long patterns are cut to a window around the column so the caret stays readable.
 */
export function formatSyntaxError(error: FilterPatternSyntaxError): string {
  const width = 100;
  let start = 0;
  if (error.pattern.length > width)
    start = Math.max(0, Math.min(error.position - 40, error.pattern.length - width));
  const shown = error.pattern.slice(start, start + width).replace(/[\t\r\n]/g, " ");
  const prefix = start > 0 ? "…" : "";
  const caret = " ".repeat(prefix.length + error.position - start) + "^";
  return `${error.message}\n  ${prefix}${shown}\n  ${caret}`;
}
