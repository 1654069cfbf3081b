/**
 * The CloudWatch Logs filter-pattern language (metric filters, subscription filters, filter log
 * events), implemented offline: compile a pattern once, match events fast, extract the fields a
 * metric filter's value and dimensions are computed from.
 */
export { compileFilterGroup, compileFilterPattern, explainFilterMismatch } from "./compile";
export type { FilterGroupMatcher, FilterMatcher, FilterPatternKind } from "./compile";
export type { FilterMatch } from "./match";
export {
  FilterPatternError,
  FilterPatternSyntaxError,
  MetricTransformationError,
  formatSyntaxError,
} from "./errors";
export { checkSamples } from "./samples";
export type { FilterSamples, SampleProblem } from "./samples";
export { MAX_DIMENSIONS, dimensionsFor, metricTransformationProblems, metricValueFor } from "./metric";
export type { MetricTransformationSpec } from "./metric";
export {
  MAX_PATTERN_LENGTH,
  MAX_REGEX_PER_PATTERN,
  MAX_WILDCARDS_PER_PATTERN,
  MAX_WILDCARDS_PER_SELECTOR,
} from "./parser";
export { compares, numericConditions, thresholdCoverage, withThreshold } from "./thresholds";
export type { BoundaryValue, NumericCondition, ThresholdCoverage } from "./thresholds";
