/**
 * The package's own CloudWatch alarm evaluator, offline: a metric store with CloudWatch statistics
 * (percentiles included), alarm definitions from planned `MetricAlarm` / `CompositeAlarm` inputs,
 * and evaluation every minute as the CloudWatch user guide documents it (M out of N, the evaluation
 * range, each treat-missing-data mode, metric math, composite rules), with transitions and the
 * notifications each transition sends.
 */
export type {
  AlarmResult,
  AlarmState,
  ComparisonOperator,
  CompositeAlarmDefinition,
  EvaluationResult,
  MetricAlarmDefinition,
  MetricId,
  MetricQuery,
  Notification,
  Statistic,
  Transition,
  TreatMissingData,
} from "./types";
export {
  MetricSeries,
  MetricStore,
  MetricStoreError,
  isStatistic,
  metricKey,
  percentile,
  percentileOf,
} from "./store";
export type { MetricStoreOptions } from "./store";
export { AlarmDefinitionError, alarmFromPlan, compositeFromPlan, percentileMetrics } from "./plan";
export type {
  CompositeAlarmPlanInputs,
  MetricAlarmPlanInputs,
  PlannedMetricQuery,
  PlannedQueryMetric,
} from "./plan";
export { breaches, decideState } from "./decide";
export type { Datapoint, Decision } from "./decide";
export { declareAlarms, evaluateAlarms, lowSampleCountLimit } from "./evaluate";
export type { EvaluateAlarmsInput } from "./evaluate";
export { MATH_FUNCTIONS, MetricMathError, evaluateExpression, parseExpression, referencedIds } from "./math";
export type { ExpressionNode, MathContext, MathValue } from "./math";
export { AlarmRuleError, alarmNameOf, compileAlarmRule } from "./composite";
export type { CompiledRule } from "./composite";
