import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Metric, toMetric, type MetricData } from "../metric";

export const COMPARISONS = {
  ">=": "GreaterThanOrEqualToThreshold",
  ">": "GreaterThanThreshold",
  "<=": "LessThanOrEqualToThreshold",
  "<": "LessThanThreshold",
} as const;
/** How an alarm compares its statistic (or expression) with the threshold. */
export const Comparison = {
  GreaterThanOrEqual: ">=",
  GreaterThan: ">",
  LessThanOrEqual: "<=",
  LessThan: "<",
} as const;
export type Comparison = (typeof Comparison)[keyof typeof Comparison];

/** How an alarm treats periods without data. */
export const TreatMissingData = {
  NotBreaching: "notBreaching",
  Breaching: "breaching",
  Ignore: "ignore",
  Missing: "missing",
} as const;
export type TreatMissingData = (typeof TreatMissingData)[keyof typeof TreatMissingData];
export const MISSING_DATA = Object.values(TreatMissingData);

/** Which side of its band fires an anomaly-detection alarm. */
export const AnomalyDirection = { Above: "above", Below: "below", Outside: "outside" } as const;
export type AnomalyDirection = (typeof AnomalyDirection)[keyof typeof AnomalyDirection];

/** Whether a composite alarm fires when any or all of its alarms are in ALARM. */
export const CompositeWhen = { Any: "any", All: "all" } as const;
export type CompositeWhen = (typeof CompositeWhen)[keyof typeof CompositeWhen];

/** The defaults of every alarm an AlertingPath creates, written once. */
export const ALARM_DEFAULTS = {
  /** Threshold alarms: compared with `>=`. */
  comparison: ">=" as Comparison,
  /** Threshold alarms: one period evaluated. */
  evaluationPeriods: 1,
  /** Anomaly alarms: three periods evaluated. */
  anomalyEvaluationPeriods: 3,
  /** Anomaly alarms: a band of two standard deviations. */
  bandWidth: 2,
  /** Anomaly alarms: fire above the band. */
  direction: "above" as AnomalyDirection,
  /** Missing data is not breaching: a quiet log group is a healthy one. */
  treatMissingData: "notBreaching" as TreatMissingData,
} as const;

/** A threshold alarm on a metric. */
export interface AlarmSpec {
  /** Alarm name suffix; the physical name is `<alarmNamePrefix>-<name>`. */
  name: string;
  /**
   * The metric watched: a pipeline's filter metric (`pipeline.metric("X")`, a `Metric`, which
   * also makes the alarm depend on the filter) or any metric as data.
   */
  metric: MetricData;
  /** The threshold. */
  threshold: number;
  /** How the statistic is compared with the threshold. @default ">=" */
  comparison?: Comparison;
  /** Periods evaluated. @default 1 */
  evaluationPeriods?: number;
  /** Breaching periods out of `evaluationPeriods` that fire the alarm. @default evaluationPeriods */
  datapointsToAlarm?: number;
  /** Missing data handling. @default "notBreaching" */
  treatMissingData?: TreatMissingData;
  /** Alarm description. @default generated from the metric, comparison and threshold */
  description?: pulumi.Input<string>;
  /** Notify the topic when the alarm returns to OK. @default true */
  notifyOk?: boolean;
  /** Tags of this alarm, on top of the path's (e.g. the control an alarm implements). @default none */
  tags?: Record<string, string>;
}

/**
 * A metric-math alarm: an expression over several metrics, compared with a threshold — e.g.
 * "traffic but zero orders": `{ metrics: { requests, orders }, expression:
 * "IF(FILL(requests, 0) >= 20 AND FILL(orders, 0) == 0, 1, 0)", threshold: 1 }`.
 */
export interface MetricMathAlarmSpec {
  /** Alarm name suffix; the physical name is `<alarmNamePrefix>-<name>`. */
  name: string;
  /**
   * The metrics the expression reads, by the id it calls them (a lower-case letter, then letters,
   * digits or `_`). All must have the same period, which is the alarm's period.
   */
  metrics: Record<string, MetricData>;
  /** The CloudWatch metric-math expression over those ids; its value is compared with the threshold. */
  expression: string;
  /** Label of the expression in the console. @default the alarm name */
  label?: string;
  /** The threshold. */
  threshold: number;
  /** How the expression's value is compared with the threshold. @default ">=" */
  comparison?: Comparison;
  /** Periods evaluated. @default 1 */
  evaluationPeriods?: number;
  /** Breaching periods out of `evaluationPeriods` that fire the alarm. @default evaluationPeriods */
  datapointsToAlarm?: number;
  /** Missing data handling (periods where the expression has no value). @default "notBreaching" */
  treatMissingData?: TreatMissingData;
  /** Alarm description. @default generated from the expression, comparison and threshold */
  description?: pulumi.Input<string>;
  /** Notify the topic when the alarm returns to OK. @default true */
  notifyOk?: boolean;
}

/** A metric's dimensions as an alarm takes them: none rather than an empty map. */
const dimensionsOf = (m: Metric): Record<string, pulumi.Input<string>> | undefined =>
  Object.keys(m.dimensions).length > 0 ? m.dimensions : undefined;

/** A metric as an alarm's metric query reads it. */
const queriedMetric = (m: Metric) => ({
  namespace: m.namespace,
  metricName: m.name,
  dimensions: dimensionsOf(m),
  stat: m.statistic,
  period: m.periodSeconds,
});

/** Whether an alarm spec is a metric-math one. */
export function isMetricMathAlarm(spec: AlarmSpec | MetricMathAlarmSpec): spec is MetricMathAlarmSpec {
  return typeof (spec as MetricMathAlarmSpec).expression === "string";
}

/** The id of a metric-math alarm's expression in its `metricQueries`. */
export const EXPRESSION_ID = "expression";

/**
 * Creates a metric-math alarm with the path's shared defaults: one query per metric (not returned)
 * and the expression (returned, compared with the threshold). It depends on every resource that
 * emits one of its metrics.
 */
export function createMetricMathAlarm(
  resourceName: string,
  spec: MetricMathAlarmSpec,
  defaults: AlarmDefaults,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  const evaluationPeriods = spec.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods;
  const comparison = spec.comparison ?? ALARM_DEFAULTS.comparison;
  const metrics = Object.entries(spec.metrics).map(([id, m]) => [id, toMetric(m)] as const);
  const period = metrics[0]![1].periodSeconds;
  return new aws.cloudwatch.MetricAlarm(
    resourceName,
    {
      name: alarmName(defaults, spec.name),
      alarmDescription:
        spec.description ??
        `${spec.expression} ${comparison} ${spec.threshold} in ${datapointsOf(spec, evaluationPeriods)} of ${evaluationPeriods} period(s) of ${period}s`,
      comparisonOperator: COMPARISONS[comparison],
      threshold: spec.threshold,
      evaluationPeriods,
      datapointsToAlarm: datapointsOf(spec, evaluationPeriods),
      treatMissingData: spec.treatMissingData ?? ALARM_DEFAULTS.treatMissingData,
      metricQueries: [
        ...metrics.map(([id, m]) => ({
          id,
          returnData: false,
          metric: queriedMetric(m),
        })),
        { id: EXPRESSION_ID, expression: spec.expression, label: spec.label ?? spec.name, returnData: true },
      ],
      alarmActions: [defaults.topicArn],
      okActions: spec.notifyOk === false ? [] : [defaults.topicArn],
      tags: defaults.tags,
    },
    { ...opts, dependsOn: metrics.flatMap(([, m]) => (m.emittedBy ? [m.emittedBy] : [])) },
  );
}

/**
 * The alarm on a dead-letter queue: ALARM as soon as one message is parked (the queue's
 * `ApproximateNumberOfMessagesVisible`, maximum per minute). No data means an empty queue SQS
 * stopped reporting, so missing data is not breaching.
 */
export function deadLetterAlarm(
  name: string,
  queueName: pulumi.Input<string>,
  description: pulumi.Input<string>,
): AlarmSpec {
  return {
    name,
    metric: new Metric({
      namespace: "AWS/SQS",
      name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      periodSeconds: 60,
    }),
    threshold: 1,
    comparison: ">=",
    treatMissingData: "notBreaching",
    description,
  };
}

/** An anomaly-detection alarm: fires when the metric leaves its learned band. */
export interface AnomalyAlarmSpec {
  /** Alarm name suffix. */
  name: string;
  /** The metric watched (a `Metric` or metric data). */
  metric: MetricData;
  /** Width of the band in standard deviations. @default 2 */
  bandWidth?: number;
  /** Which side of the band fires. @default "above" */
  direction?: AnomalyDirection;
  /** Periods evaluated. @default 3 */
  evaluationPeriods?: number;
  /** Breaching periods that fire the alarm. @default evaluationPeriods */
  datapointsToAlarm?: number;
  /** Alarm description. @default generated */
  description?: string;
}

/** A composite alarm over alarms of the same AlertingPath. */
export interface CompositeAlarmSpec {
  /** Alarm name suffix. */
  name: string;
  /** Names (`AlarmSpec.name`) of the alarms combined. */
  alarms: string[];
  /** Fire when any (`OR`) or all (`AND`) of them are in ALARM. @default "any" */
  when?: CompositeWhen;
  /** Alarm description. @default generated */
  description?: string;
}

/** Cross-cutting settings every alarm of a path shares; set in one place, here. */
export interface AlarmDefaults {
  /** Prefix of every alarm name. */
  namePrefix: string;
  /** Topic notified on ALARM (and OK, unless the alarm says otherwise). */
  topicArn: pulumi.Input<string>;
  /** Tags for every alarm. */
  tags: Record<string, string>;
}

/** The physical name of an alarm. */
export function alarmName(defaults: Pick<AlarmDefaults, "namePrefix">, name: string): string {
  return `${defaults.namePrefix}-${name}`;
}

function statisticArgs(metric: Metric): { statistic?: string; extendedStatistic?: string } {
  return /^p\d/.test(metric.statistic)
    ? { extendedStatistic: metric.statistic }
    : { statistic: metric.statistic };
}

/**
 * Creates a threshold alarm with the path's shared defaults. Used by AlertingPath and by other
 * components (e.g. a processing path's dead-letter-queue alarm) so every alarm behaves alike.
 * The alarm depends on the resource that emits its metric, and no unit is set on it: an alarm
 * whose unit differs from the published one silently never sees data.
 */
export function createThresholdAlarm(
  resourceName: string,
  spec: AlarmSpec,
  defaults: AlarmDefaults,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  const evaluationPeriods = spec.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods;
  const comparison = spec.comparison ?? ALARM_DEFAULTS.comparison;
  const m = toMetric(spec.metric);
  return new aws.cloudwatch.MetricAlarm(
    resourceName,
    {
      name: alarmName(defaults, spec.name),
      alarmDescription:
        spec.description ??
        pulumi.interpolate`${m.namespace}/${m.name} ${m.statistic} ${comparison} ${spec.threshold} in ${String(datapointsOf(spec, evaluationPeriods))} of ${String(evaluationPeriods)} period(s) of ${String(m.periodSeconds)}s`,
      namespace: m.namespace,
      metricName: m.name,
      dimensions: dimensionsOf(m),
      ...statisticArgs(m),
      period: m.periodSeconds,
      comparisonOperator: COMPARISONS[comparison],
      threshold: spec.threshold,
      evaluationPeriods,
      datapointsToAlarm: datapointsOf(spec, evaluationPeriods),
      treatMissingData: spec.treatMissingData ?? ALARM_DEFAULTS.treatMissingData,
      alarmActions: [defaults.topicArn],
      okActions: spec.notifyOk === false ? [] : [defaults.topicArn],
      tags: { ...defaults.tags, ...spec.tags },
    },
    { ...opts, dependsOn: m.emittedBy ? [m.emittedBy] : [] },
  );
}

/** Creates a threshold or a metric-math alarm, as its spec is one or the other. */
export function createAlarm(
  resourceName: string,
  spec: AlarmSpec | MetricMathAlarmSpec,
  defaults: AlarmDefaults,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return isMetricMathAlarm(spec)
    ? createMetricMathAlarm(resourceName, spec, defaults, opts)
    : createThresholdAlarm(resourceName, spec, defaults, opts);
}

function datapointsOf(spec: { datapointsToAlarm?: number }, evaluationPeriods: number): number {
  return spec.datapointsToAlarm ?? evaluationPeriods;
}

const ANOMALY_COMPARISON = {
  above: "GreaterThanUpperThreshold",
  below: "LessThanLowerThreshold",
  outside: "LessThanLowerOrGreaterThanUpperThreshold",
} as const;

export function createAnomalyAlarm(
  resourceName: string,
  spec: AnomalyAlarmSpec,
  defaults: AlarmDefaults,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  const m = toMetric(spec.metric);
  const evaluationPeriods = spec.evaluationPeriods ?? ALARM_DEFAULTS.anomalyEvaluationPeriods;
  const band = spec.bandWidth ?? ALARM_DEFAULTS.bandWidth;
  return new aws.cloudwatch.MetricAlarm(
    resourceName,
    {
      name: alarmName(defaults, spec.name),
      alarmDescription:
        spec.description ??
        pulumi.interpolate`${m.namespace}/${m.name} outside its anomaly band (${String(band)} std devs)`,
      comparisonOperator: ANOMALY_COMPARISON[spec.direction ?? ALARM_DEFAULTS.direction],
      evaluationPeriods,
      datapointsToAlarm: datapointsOf(spec, evaluationPeriods),
      thresholdMetricId: "band",
      treatMissingData: ALARM_DEFAULTS.treatMissingData,
      metricQueries: [
        {
          id: "m",
          returnData: true,
          metric: queriedMetric(m),
        },
        { id: "band", expression: `ANOMALY_DETECTION_BAND(m, ${band})`, label: "expected", returnData: true },
      ],
      alarmActions: [defaults.topicArn],
      okActions: [defaults.topicArn],
      tags: defaults.tags,
    },
    { ...opts, dependsOn: m.emittedBy ? [m.emittedBy] : [] },
  );
}

/** The `AlarmRule` expression of a composite alarm. */
export function compositeRule(alarmNames: string[], when: CompositeWhen): string {
  return alarmNames.map((n) => `ALARM(${JSON.stringify(n)})`).join(when === "all" ? " AND " : " OR ");
}
