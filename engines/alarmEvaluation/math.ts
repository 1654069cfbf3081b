/**
 * Metric math for alarms and dashboard graphs ("Metric math syntax and functions", CloudWatch user guide), evaluated over
 * the periods of an alarm's evaluation range. A time series is a `Float64Array` with one value per
 * period, `NaN` where the period has no datapoint. As the guide documents: between two time series,
 * a timestamp where only one has a value takes 0 for the other (arithmetic, comparison and logical
 * operators); between a time series and a scalar, a missing datapoint stays missing; division by
 * zero drops the datapoint; comparisons and `AND`/`&&`, `OR`/`||` give 0 or 1; functions are written
 * in upper case. Metric math has no NOT operator (write `x == 0`).
 *
 * One file per concern under `math/`: `values.ts` (values, context, shared helpers), `operators.ts`,
 * `arithmetic.ts` (per-datapoint functions), `aggregation.ts`, `arrays.ts` (METRICS, SORT, SLICE,
 * REMOVE_EMPTY, SEARCH), `time.ts`, `gaps.ts` (IF, FILL, RUNNING_SUM) and `evaluate.ts` (the walk).
 */
export { MATH_FUNCTIONS, MetricMathError, parseExpression, referencedIds } from "../../components/metricMath";
export type { ExpressionNode } from "../../components/metricMath";
export { evaluateExpression } from "./math/evaluate";
export type { MathContext, MathValue, SearchRequest } from "./math/values";
