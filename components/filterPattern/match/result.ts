/**
 * What matching one event gives, and the two entry points every compiled pattern has (an event as
 * a string, an event as bytes).
 */
/** The outcome of matching one event. */
export interface FilterMatch {
  /** Whether the event matches the pattern. */
  matched: boolean;
  /**
   * Values extracted from a matching event, keyed as CloudWatch keys `extractedValues`: `$.a.b` for
   * JSON selectors used in the pattern (with their JSON value), `$name` for named space-delimited
   * fields and `$<1-based position>` for unnamed ones (strings). Absent for term and regex patterns.
   * @default undefined
   */
  fields?: Record<string, unknown>;
}

export const NO_MATCH: FilterMatch = Object.freeze({ matched: false });
export const MATCH: FilterMatch = Object.freeze({ matched: true });

/** A scalar as comparisons see it. */
export type Scalar = string | number | boolean;

/** Matches one event given as the bytes `b[start..end)` (a line of a file or a payload). */
export type BytesMatcher = (b: Uint8Array, start: number, end: number) => FilterMatch;

/** A compiled pattern's two entry points: an event as a string, an event as bytes. */
export interface CompiledMatch {
  text: (message: string) => FilterMatch;
  bytes: BytesMatcher;
}
