/** Reading the `metrics` of a metric widget of a dashboard body, as CloudWatch reads them. */

/** One row of a metric widget's `metrics`, read: a metric or a math expression. */
export interface MetricRow {
  /** Its rendering properties (the row's trailing object). @default {} */
  options: Record<string, unknown>;
  /** The math expression of an expression row. @default none, for a metric row */
  expression?: string;
  /**
   * A metric row's strings: namespace, name, then dimension name/value pairs, each `"."` taken from
   * the metric row above. @default [], for an expression row
   */
  strings: string[];
}

/**
 * The rows of a metric widget's `metrics` (the flat form, one row given as the array itself,
 * included), with the `"."` repeats resolved; items that are not rows are skipped.
 */
export function metricRowsOf(metrics: unknown): MetricRow[] {
  if (!Array.isArray(metrics) || metrics.length === 0) return [];
  const rows = (typeof metrics[0] === "string" ? [metrics] : metrics) as unknown[];
  const out: MetricRow[] = [];
  let previous: string[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    const last: unknown = row[row.length - 1];
    const options = (last !== null && typeof last === "object" ? last : {}) as Record<string, unknown>;
    if (typeof options.expression === "string") {
      out.push({ options, expression: options.expression, strings: [] });
      continue;
    }
    const strings = row
      .filter((x): x is string => typeof x === "string")
      .map((s, i) => (s === "." ? (previous[i] ?? s) : s));
    previous = strings;
    out.push({ options, strings });
  }
  return out;
}
