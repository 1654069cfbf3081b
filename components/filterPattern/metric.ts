/**
 * Metric values and dimensions of a metric filter, computed from a match as CloudWatch Logs does.
 *
 * AWS rules used here (CloudWatch Logs User Guide and the MetricTransformation / Dimension API and
 * CloudFormation references):
 * - `metricValue` is a number ("1") or a field the pattern extracts: `$.field` for JSON ("make
 *   sure the field is in the pattern (if only as `$.fieldName = *`)"), `$name` for space-delimited.
 *   An extracted value that is not a number publishes no datapoint.
 * - Dimensions are "only applicable for JSON or delimited filter patterns" ("The specified filter
 *   pattern does not support dimensions" otherwise), at most three, each a field of the event; "this
 *   dimension will only be published for a metric if the value is found in the log event".
 * - "If you assign dimensions to a metric created by a metric filter, you can't assign a default value."
 */
import type { FilterMatcher } from "./compile";
import { MetricTransformationError } from "./errors";
import { parseNumber } from "./lexer";
import type { FilterMatch } from "./match";
import { parseSelectorText } from "./parser";

/** At most this many dimensions per metric transformation. */
export const MAX_DIMENSIONS = 3;

/** The key a field reference (`$.a.b`, `$name`, `$7`) has in `FilterMatch.fields`. */
function fieldKey(ref: string): string {
  const r = ref.trim();
  if (r.startsWith("$.") || r.startsWith("$[")) {
    try {
      return parseSelectorText(r).text;
    } catch (err) {
      throw new MetricTransformationError(`"${ref}" is not a valid JSON property selector`, { cause: err });
    }
  }
  return r;
}

function isFieldRef(ref: string): boolean {
  return ref.trim().startsWith("$");
}

/**
 * The value a metric filter publishes for one event: the constant, or the extracted field as a
 * number. undefined when the event does not match or the field is missing or not a number (AWS
 * publishes no datapoint then).
 */
export function metricValueFor(match: FilterMatch, value: string): number | undefined {
  const constant = parseNumber(value.trim());
  if (constant !== undefined) return match.matched ? constant : undefined;
  if (!isFieldRef(value)) {
    throw new MetricTransformationError(
      `metricValue "${value}" is neither a number nor a field reference ($.field for JSON patterns, $name for space-delimited ones)`,
    );
  }
  if (!match.matched) return undefined;
  const v = match.fields?.[fieldKey(value)];
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string") return parseNumber(v.trim());
  return undefined;
}

/**
 * The dimensions a metric filter publishes with one event's datapoint: name → value, leaving out any
 * dimension whose field is not found (or not a scalar) in the event. undefined when the event does
 * not match.
 */
export function dimensionsFor(
  match: FilterMatch,
  dims: Record<string, string>,
): Record<string, string> | undefined {
  if (!match.matched) return undefined;
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(dims)) {
    if (!isFieldRef(ref)) {
      throw new MetricTransformationError(
        `dimension "${name}" must name a field of the event ($.field or $name), got "${ref}"`,
      );
    }
    const v = match.fields?.[fieldKey(ref)];
    if ((typeof v === "string" && v !== "") || typeof v === "number" || typeof v === "boolean")
      out[name] = String(v);
  }
  return out;
}

/** What a metric filter transforms a match into (the fields of `MetricTransformation` checked here). */
export interface MetricTransformationSpec {
  /** `metricValue`: a number or a field reference. */
  value: string;
  /**
   * Dimension name → field reference.
   * @default {}
   */
  dimensions?: Record<string, string>;
  /**
   * The value published when no event matches.
   * @default undefined
   */
  defaultValue?: number;
}

/**
 * Every reason CloudWatch Logs would reject this transformation for this pattern, or that it could
 * never publish a value (a field the pattern does not extract). Empty when it is fine.
 */
export function metricTransformationProblems(
  matcher: FilterMatcher,
  spec: MetricTransformationSpec,
): string[] {
  const problems: string[] = [];
  const structured = matcher.kind === "json" || matcher.kind === "space-delimited";
  const checkRef = (ref: string, what: string): void => {
    if (!structured) {
      problems.push(
        `${what} "${ref}" refers to a field, but pattern ${JSON.stringify(matcher.source)} extracts none (only JSON and space-delimited patterns do)`,
      );
      return;
    }
    let key: string;
    try {
      key = fieldKey(ref);
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
      return;
    }
    if (matcher.kind === "json" && !key.startsWith("$.")) {
      problems.push(
        `${what} "${ref}" must be a JSON selector such as $.latency for the JSON pattern ${JSON.stringify(matcher.source)}`,
      );
    } else if (
      matcher.kind === "space-delimited" &&
      (key.startsWith("$.") || !/^\$[A-Za-z0-9_-]+$/.test(key))
    ) {
      problems.push(`${what} "${ref}" must name a field of the space-delimited pattern, such as $bytes`);
    } else if (!matcher.fieldNames.includes(key) && !/^\$\d+$/.test(key)) {
      const hint = matcher.kind === "json" ? ` (add it to the pattern, if only as \`${key} = *\`)` : "";
      problems.push(
        `${what} "${ref}" is not a field of pattern ${JSON.stringify(matcher.source)}${hint}; fields: ${matcher.fieldNames.join(", ") || "none"}`,
      );
    }
  };
  if (parseNumber(spec.value.trim()) === undefined) {
    if (isFieldRef(spec.value)) checkRef(spec.value, "metricValue");
    else
      problems.push(
        `metricValue "${spec.value}" is neither a number nor a field reference ($.field or $name)`,
      );
  }
  const dims = Object.entries(spec.dimensions ?? {});
  if (dims.length > 0) {
    if (!structured)
      problems.push(
        `dimensions need a JSON or space-delimited pattern; ${JSON.stringify(matcher.source)} is ${matcher.kind}`,
      );
    if (dims.length > MAX_DIMENSIONS)
      problems.push(`at most ${MAX_DIMENSIONS} dimensions are allowed (got ${dims.length})`);
    if (spec.defaultValue !== undefined) problems.push("a metric with dimensions cannot have a defaultValue");
    if (structured) {
      for (const [name, ref] of dims) {
        if (isFieldRef(ref)) checkRef(ref, `dimension "${name}"`);
        else
          problems.push(
            `dimension "${name}" must name a field of the event ($.field or $name), got "${ref}"`,
          );
      }
    }
  }
  return problems;
}
