/**
 * The vocabulary of the package's own CloudWatch alarm evaluator: metrics, statistics, alarm
 * definitions (as `alarmFromPlan` / `compositeFromPlan` build them from planned resources), and what
 * an evaluation returns (transitions with timestamps and reasons, notifications per action ARN).
 */
import type { Statistic } from "../../components/metric";

export type { Statistic };

/** A CloudWatch metric: namespace, name and dimensions (order of dimensions does not matter). */
export interface MetricId {
  namespace: string;
  name: string;
  dimensions?: Record<string, string>;
}

/** The three states of a CloudWatch alarm, as the API names them. */
export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** How an alarm treats missing datapoints ("Configuring how CloudWatch alarms treat missing data"). */
export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/** The comparison operators of `PutMetricAlarm`. */
export type ComparisonOperator =
  | "GreaterThanOrEqualToThreshold"
  | "GreaterThanThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold"
  | "LessThanLowerOrGreaterThanUpperThreshold"
  | "LessThanLowerThreshold"
  | "GreaterThanUpperThreshold";

/** One metric query of a metric-math alarm: either a metric with its stat, or an expression. */
export interface MetricQuery {
  /** The id other expressions reference (lower-case first letter, as CloudWatch requires). */
  id: string;
  /** A metric-math expression over other queries' ids. */
  expression?: string;
  /** The metric and statistic, when this query reads a metric. */
  metricStat?: { metric: MetricId; periodSeconds: number; stat: Statistic };
  label?: string;
  /** Whether this query is the alarm's value (exactly one query returns data). */
  returnData: boolean;
}

/** A metric alarm, ready to evaluate. */
export interface MetricAlarmDefinition {
  kind: "metric";
  name: string;
  /** The single metric the alarm watches (absent for metric-math alarms). */
  metric?: MetricId;
  /** The statistic for `metric` (`statistic` or `extendedStatistic` of the plan). */
  statistic?: Statistic;
  /** Metric-math queries (absent for single-metric alarms). */
  metricQueries?: MetricQuery[];
  /** For anomaly-detection alarms: the id of the band query. */
  thresholdMetricId?: string;
  periodSeconds: number;
  evaluationPeriods: number;
  /** M of "M out of N"; equals `evaluationPeriods` when not set. */
  datapointsToAlarm: number;
  threshold?: number;
  comparisonOperator: ComparisonOperator;
  treatMissingData: TreatMissingData;
  /**
   * For percentile alarms: `ignore` keeps the state while the samples are too few to be
   * statistically significant (`evaluateLowSampleCountPercentiles`).
   * @default "evaluate"
   */
  evaluateLowSampleCountPercentile?: "evaluate" | "ignore";
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  /** When false the alarm cannot be evaluated offline; `note` says why. */
  evaluable: boolean;
  note?: string;
}

/** A composite alarm: a rule over other alarms' states. */
export interface CompositeAlarmDefinition {
  kind: "composite";
  name: string;
  /** The rule, e.g. `ALARM("a") AND NOT OK("b")`. */
  alarmRule: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  /** An alarm whose ALARM state suppresses this composite's actions (`actionsSuppressor`). */
  actionsSuppressor?: string;
  evaluable: boolean;
  note?: string;
}

/** A state change of one alarm. `at` is the evaluation time in epoch milliseconds. */
export interface Transition {
  at: number;
  from: AlarmState;
  to: AlarmState;
  reason: string;
}

/** One alarm's evaluation. */
export interface AlarmResult {
  name: string;
  kind: "metric" | "composite";
  transitions: Transition[];
  /** The state at the end of the evaluation. */
  finalState: AlarmState;
  evaluable: boolean;
  note?: string;
}

/** An action invoked by a transition: one per action ARN of the new state's action list. */
export interface Notification {
  at: number;
  alarm: string;
  /** The state entered. */
  state: AlarmState;
  /** The previous state. */
  from: AlarmState;
  actionArn: string;
  reason: string;
}

export interface EvaluationResult {
  alarms: AlarmResult[];
  notifications: Notification[];
}
