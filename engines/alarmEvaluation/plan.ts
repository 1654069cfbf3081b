import { MetricMathError, parseExpression } from "./math";
import { isStatistic, percentileOf } from "./store";
import type {
  ComparisonOperator,
  CompositeAlarmDefinition,
  MetricAlarmDefinition,
  MetricId,
  MetricQuery,
  Statistic,
  TreatMissingData,
} from "./types";

/** A metric as the aws provider names it inside `metricQueries` (`metric`) or the API (`metricStat`). */
export interface PlannedQueryMetric {
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  period?: number;
  stat?: string;
  unit?: string;
}

/** One planned `metricQueries` entry (aws provider shape, or the API's `metricStat` shape). */
export interface PlannedMetricQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData?: boolean;
  period?: number;
  metric?: PlannedQueryMetric;
  metricStat?: { metric: PlannedQueryMetric; period?: number; stat?: string; unit?: string };
}

/** The planned inputs of an `aws:cloudwatch/metricAlarm:MetricAlarm`, as the aws provider names them. */
export interface MetricAlarmPlanInputs {
  name?: string;
  alarmName?: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  extendedStatistic?: string;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator?: string;
  treatMissingData?: string;
  metricQueries?: PlannedMetricQuery[];
  thresholdMetricId?: string;
  actionsEnabled?: boolean;
  alarmActions?: string[];
  okActions?: string[];
  insufficientDataActions?: string[];
  evaluateLowSampleCountPercentiles?: string;
  unit?: string;
}

/** The planned inputs of an `aws:cloudwatch/compositeAlarm:CompositeAlarm`. */
export interface CompositeAlarmPlanInputs {
  alarmName?: string;
  name?: string;
  alarmRule?: string;
  actionsEnabled?: boolean;
  alarmActions?: string[];
  okActions?: string[];
  insufficientDataActions?: string[];
  actionsSuppressor?: { alarm?: string; extensionPeriod?: number; waitPeriod?: number };
}

/** An alarm definition CloudWatch itself would reject (missing comparison, period, metric…). */
export class AlarmDefinitionError extends Error {
  constructor(
    readonly alarm: string,
    readonly field: string,
    message: string,
  ) {
    super(`alarm ${JSON.stringify(alarm)}: ${field}: ${message}`);
    this.name = "AlarmDefinitionError";
  }
}

const OPERATORS: readonly ComparisonOperator[] = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
];
const MODES: readonly TreatMissingData[] = ["missing", "ignore", "breaching", "notBreaching"];
const BAND_OPERATORS = new Set<ComparisonOperator>([
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
]);

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/**
 * A metric alarm definition from the planned inputs of an `aws:cloudwatch/metricAlarm:MetricAlarm`
 * (`resourceName` names it when `name` is not planned). Alarms that cannot be evaluated offline
 * (anomaly detection: no trained model) come back with `evaluable: false` and a `note`.
 */
export function alarmFromPlan(
  planned: MetricAlarmPlanInputs | Readonly<Record<string, unknown>>,
  resourceName?: string,
): MetricAlarmDefinition {
  const inputs = planned as MetricAlarmPlanInputs;
  const name = inputs.name ?? inputs.alarmName ?? resourceName;
  if (!name) throw new AlarmDefinitionError("?", "name", "no alarm name planned and no resource name given");
  const op = inputs.comparisonOperator as ComparisonOperator | undefined;
  if (!op || !OPERATORS.includes(op))
    throw new AlarmDefinitionError(
      name,
      "comparisonOperator",
      `expected one of ${OPERATORS.join(", ")}, got ${String(op)}`,
    );
  const evaluationPeriods = inputs.evaluationPeriods;
  if (!(
    typeof evaluationPeriods === "number" &&
    Number.isInteger(evaluationPeriods) &&
    evaluationPeriods >= 1
  ))
    throw new AlarmDefinitionError(
      name,
      "evaluationPeriods",
      `expected an integer ≥ 1, got ${String(evaluationPeriods)}`,
    );
  const datapointsToAlarm = inputs.datapointsToAlarm ?? evaluationPeriods;
  if (!(
    Number.isInteger(datapointsToAlarm) &&
    datapointsToAlarm >= 1 &&
    datapointsToAlarm <= evaluationPeriods
  ))
    throw new AlarmDefinitionError(
      name,
      "datapointsToAlarm",
      `expected 1…${evaluationPeriods}, got ${datapointsToAlarm}`,
    );
  if (inputs.threshold !== undefined && typeof inputs.threshold !== "number")
    throw new AlarmDefinitionError(
      name,
      "threshold",
      `expected a number, got ${JSON.stringify(inputs.threshold)}`,
    );
  const treat = (inputs.treatMissingData ?? "missing") as TreatMissingData;
  if (!MODES.includes(treat))
    throw new AlarmDefinitionError(
      name,
      "treatMissingData",
      `expected one of ${MODES.join(", ")}, got ${treat}`,
    );

  const def: MetricAlarmDefinition = {
    kind: "metric",
    name,
    periodSeconds: 0,
    evaluationPeriods,
    datapointsToAlarm,
    threshold: inputs.threshold,
    comparisonOperator: op,
    treatMissingData: treat,
    actionsEnabled: inputs.actionsEnabled ?? true,
    alarmActions: strings(inputs.alarmActions),
    okActions: strings(inputs.okActions),
    insufficientDataActions: strings(inputs.insufficientDataActions),
    evaluable: true,
  };
  const unevaluable = (note: string): MetricAlarmDefinition => ({ ...def, evaluable: false, note });
  // an alarm without thresholdMetricId compares with a fixed threshold, never with a band
  const requireStaticThreshold = (): void => {
    if (inputs.threshold === undefined) throw new AlarmDefinitionError(name, "threshold", "no threshold");
    if (BAND_OPERATORS.has(op))
      throw new AlarmDefinitionError(
        name,
        "comparisonOperator",
        `${op} is only for anomaly-detection alarms (thresholdMetricId)`,
      );
  };

  if (inputs.metricQueries && inputs.metricQueries.length > 0) {
    const queries: MetricQuery[] = [];
    let period: number | undefined;
    for (const q of inputs.metricQueries) {
      const qm = q.metricStat?.metric ?? q.metric;
      const returnData = q.returnData ?? false;
      if (q.expression !== undefined) {
        queries.push({ id: q.id, expression: q.expression, label: q.label, returnData });
        if (q.period !== undefined) period ??= q.period;
        continue;
      }
      if (!qm || !qm.namespace || !qm.metricName)
        throw new AlarmDefinitionError(
          name,
          `metricQueries[${q.id}]`,
          "neither an expression nor a metric with namespace and name",
        );
      const stat = q.metricStat?.stat ?? qm.stat;
      const qPeriod = q.metricStat?.period ?? qm.period ?? q.period;
      if (!stat || !isStatistic(stat))
        return unevaluable(
          `metric query ${q.id}: statistic ${String(stat)} is not one the offline evaluator computes`,
        );
      if (!qPeriod) throw new AlarmDefinitionError(name, `metricQueries[${q.id}].period`, "no period");
      if (period !== undefined && period !== qPeriod)
        throw new AlarmDefinitionError(
          name,
          "metricQueries",
          "every metric of a math alarm must use the same period",
        );
      period = qPeriod;
      const metric: MetricId = { namespace: qm.namespace, name: qm.metricName };
      if (qm.dimensions && Object.keys(qm.dimensions).length > 0) metric.dimensions = { ...qm.dimensions };
      queries.push({
        id: q.id,
        metricStat: { metric, periodSeconds: qPeriod, stat },
        label: q.label,
        returnData,
      });
    }
    if (period === undefined) throw new AlarmDefinitionError(name, "metricQueries", "no query has a period");
    const withQueries: MetricAlarmDefinition = { ...def, periodSeconds: period, metricQueries: queries };
    if (inputs.thresholdMetricId !== undefined) {
      withQueries.thresholdMetricId = inputs.thresholdMetricId;
      return {
        ...withQueries,
        evaluable: false,
        note: `anomaly-detection alarm (threshold from ${inputs.thresholdMetricId}): the band comes from a model CloudWatch trains on up to two weeks of history, which an offline replay does not have`,
      };
    }
    for (const q of queries)
      if (q.expression !== undefined)
        try {
          parseExpression(q.expression);
        } catch (e) {
          if (e instanceof MetricMathError) return unevaluable(`metric query ${q.id}: ${e.message}`);
          throw e;
        }
    if (queries.filter((q) => q.returnData).length !== 1)
      throw new AlarmDefinitionError(name, "metricQueries", "exactly one query must have returnData true");
    requireStaticThreshold();
    return withQueries;
  }

  if (!inputs.namespace || !inputs.metricName)
    throw new AlarmDefinitionError(name, "metricName", "neither metricName + namespace nor metricQueries");
  const metric: MetricId = { namespace: inputs.namespace, name: inputs.metricName };
  if (inputs.dimensions && Object.keys(inputs.dimensions).length > 0)
    metric.dimensions = { ...inputs.dimensions };
  const period = inputs.period;
  if (!(typeof period === "number" && period > 0))
    throw new AlarmDefinitionError(name, "period", `expected seconds > 0, got ${String(period)}`);
  const stat = inputs.extendedStatistic ?? inputs.statistic;
  requireStaticThreshold();
  const withMetric: MetricAlarmDefinition = { ...def, metric, periodSeconds: period };
  if (!stat) throw new AlarmDefinitionError(name, "statistic", "neither statistic nor extendedStatistic");
  if (!isStatistic(stat)) return unevaluable(`statistic ${stat} is not one the offline evaluator computes`);
  withMetric.statistic = stat as Statistic;
  if (
    inputs.evaluateLowSampleCountPercentiles === "ignore" ||
    inputs.evaluateLowSampleCountPercentiles === "evaluate"
  )
    withMetric.evaluateLowSampleCountPercentile = inputs.evaluateLowSampleCountPercentiles;
  return withMetric;
}

/** A composite alarm definition from the planned inputs of an `aws:cloudwatch/compositeAlarm:CompositeAlarm`. */
export function compositeFromPlan(
  inputs: CompositeAlarmPlanInputs,
  resourceName?: string,
): CompositeAlarmDefinition {
  const name = inputs.alarmName ?? inputs.name ?? resourceName;
  if (!name)
    throw new AlarmDefinitionError("?", "alarmName", "no alarm name planned and no resource name given");
  if (!inputs.alarmRule) throw new AlarmDefinitionError(name, "alarmRule", "no rule");
  return {
    kind: "composite",
    name,
    alarmRule: inputs.alarmRule,
    actionsEnabled: inputs.actionsEnabled ?? true,
    alarmActions: strings(inputs.alarmActions),
    okActions: strings(inputs.okActions),
    insufficientDataActions: strings(inputs.insufficientDataActions),
    actionsSuppressor: inputs.actionsSuppressor?.alarm,
    evaluable: true,
    ...(inputs.actionsSuppressor?.alarm !== undefined && {
      note: "actions are suppressed exactly while the actionsSuppressor alarm is in ALARM; its waitPeriod and extensionPeriod are not modelled",
    }),
  };
}

/** The statistics a definition reads with a percentile: declare them on the store before putting values. */
export function percentileMetrics(alarms: readonly MetricAlarmDefinition[]): MetricId[] {
  const out: MetricId[] = [];
  for (const a of alarms) {
    if (a.metric && a.statistic && percentileOf(a.statistic) !== undefined) out.push(a.metric);
    for (const q of a.metricQueries ?? [])
      if (q.metricStat && percentileOf(q.metricStat.stat) !== undefined) out.push(q.metricStat.metric);
  }
  return out;
}
