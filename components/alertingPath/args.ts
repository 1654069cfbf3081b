import type * as pulumi from "@pulumi/pulumi";
import { isOneOf, oneOfProblems } from "../shared/oneOf";
import { nameCharacterProblems } from "../names";
import { metricDataProblems, toMetric } from "../metric";
import { MetricMathError, parseExpression, referencedIds } from "../metricMath";
import {
  ALARM_DEFAULTS,
  AnomalyDirection,
  Comparison,
  CompositeWhen,
  EXPRESSION_ID,
  isMetricMathAlarm,
  MISSING_DATA,
  COMPARISONS,
  type AlarmSpec,
  type AnomalyAlarmSpec,
  type CompositeAlarmSpec,
  type MetricMathAlarmSpec,
} from "./alarms";

/** SNS protocols of a topic's non-e-mail subscriptions. */
export const SubscriptionProtocol = {
  Https: "https",
  Http: "http",
  Sqs: "sqs",
  Lambda: "lambda",
  Sms: "sms",
  Application: "application",
  Firehose: "firehose",
} as const;
export type SubscriptionProtocol = (typeof SubscriptionProtocol)[keyof typeof SubscriptionProtocol];

/** A non-e-mail subscription of the alarm topic. */
export interface TopicSubscriptionSpec {
  /** SNS protocol: `https`, `sqs`, `lambda`, `sms`, … */
  protocol: SubscriptionProtocol;
  /** The endpoint (URL, ARN or number, by protocol). */
  endpoint: pulumi.Input<string>;
}

export interface AlertingPathArgs {
  /** E-mail addresses subscribed to the topic (each must confirm by e-mail). @default [] */
  emails?: string[];
  /** Other subscriptions. @default [] */
  subscriptions?: TopicSubscriptionSpec[];
  /**
   * ARN of an existing customer-managed KMS key for the topic; its policy must let
   * `cloudwatch.amazonaws.com` use `kms:Decrypt` and `kms:GenerateDataKey*`. Never the
   * AWS-managed `alias/aws/sns` key, which CloudWatch cannot use. @default a new key
   */
  kmsKeyArn?: pulumi.Input<string>;
  /** Threshold alarms. @default [] */
  alarms?: AlarmSpec[];
  /** Anomaly-detection alarms. @default [] */
  anomalyAlarms?: AnomalyAlarmSpec[];
  /** Metric-math alarms (an expression over several metrics). @default [] */
  metricMathAlarms?: MetricMathAlarmSpec[];
  /** Composite alarms over the alarms above. @default [] */
  compositeAlarms?: CompositeAlarmSpec[];
  /** Prefix of every alarm name. @default the component name */
  alarmNamePrefix?: string;
  /** Protect the topic and its key from deletion. @default false */
  protect?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

export interface ResolvedAlertingPathArgs {
  emails: string[];
  subscriptions: TopicSubscriptionSpec[];
  kmsKeyArn?: pulumi.Input<string>;
  alarms: AlarmSpec[];
  anomalyAlarms: AnomalyAlarmSpec[];
  metricMathAlarms: MetricMathAlarmSpec[];
  compositeAlarms: CompositeAlarmSpec[];
  alarmNamePrefix: string;
  protect: boolean;
  tags: Record<string, string>;
}

/** A pragmatic e-mail check (what SNS itself accepts is looser; this catches typos). */
export const EMAIL = /^[^\s@"<>]+@[^\s@"<>]+\.[A-Za-z]{2,}$/;
const ALARM_NAME = /^[^\0-\x1f\x7f]{1,255}$/;

export function validateAlertingPathArgs(name: string, args: AlertingPathArgs): string[] {
  const problems: string[] = [];
  for (const [i, e] of (args.emails ?? []).entries()) {
    if (!EMAIL.test(e))
      problems.push(
        `\`emails[${i}]\` must be an e-mail address like ops@example.com (got ${JSON.stringify(e)}).`,
      );
    else problems.push(...nameCharacterProblems(`\`emails[${i}]\``, e));
  }
  if (typeof args.kmsKeyArn === "string" && /alias\/aws\/sns$/.test(args.kmsKeyArn)) {
    problems.push(
      "`kmsKeyArn` must not be the AWS-managed alias/aws/sns key: CloudWatch alarms cannot use it and their notifications are silently dropped. Omit it to create a customer-managed key.",
    );
  }
  for (const [i, sub] of (args.subscriptions ?? []).entries()) {
    if (!isOneOf(SubscriptionProtocol, sub.protocol))
      problems.push(
        `\`subscriptions[${i}].protocol\` must be one of ${Object.values(SubscriptionProtocol).join(", ")} (got ${JSON.stringify(sub.protocol)}); e-mail addresses go in \`emails\`.`,
      );
  }
  const prefix = args.alarmNamePrefix ?? name;
  const names = new Set<string>();
  const kinds = [
    ["alarms", args.alarms ?? []],
    ["anomalyAlarms", args.anomalyAlarms ?? []],
    ["metricMathAlarms", args.metricMathAlarms ?? []],
    ["compositeAlarms", args.compositeAlarms ?? []],
  ] as const;
  for (const [field, specs] of kinds)
    for (const [i, spec] of specs.entries()) {
      const at = alarmAt(`${field}[${i}]`, spec.name);
      problems.push(...alarmNameProblems(at, prefix, spec.name));
      if (names.has(spec.name)) problems.push(`${at}: \`name\` must be unique within the path.`);
      names.add(spec.name);
    }
  for (const [i, a] of (args.alarms ?? []).entries())
    problems.push(...thresholdAlarmProblems(alarmAt(`alarms[${i}]`, a.name), a));
  for (const [i, a] of (args.metricMathAlarms ?? []).entries())
    problems.push(...metricMathAlarmProblems(alarmAt(`metricMathAlarms[${i}]`, a.name), a));
  for (const [i, a] of (args.anomalyAlarms ?? []).entries()) {
    const at = alarmAt(`anomalyAlarms[${i}]`, a.name);
    if (a.bandWidth !== undefined && !(a.bandWidth > 0))
      problems.push(`${at}: \`bandWidth\` must be > 0 (got ${a.bandWidth}).`);
    problems.push(...oneOfProblems(`${at}: \`direction\``, a.direction, AnomalyDirection));
    problems.push(...metricDataProblems("metric", a.metric).map((p) => `${at}: ${p}`));
    problems.push(
      ...periodProblems(
        at,
        a.evaluationPeriods ?? ALARM_DEFAULTS.anomalyEvaluationPeriods,
        a.datapointsToAlarm,
      ),
    );
  }
  const thresholdNames = new Set(
    [...(args.alarms ?? []), ...(args.anomalyAlarms ?? []), ...(args.metricMathAlarms ?? [])].map(
      (a) => a.name,
    ),
  );
  for (const [i, c] of (args.compositeAlarms ?? []).entries()) {
    const at = alarmAt(`compositeAlarms[${i}]`, c.name);
    if (c.alarms.length === 0) problems.push(`${at}: \`alarms\` must name at least one alarm.`);
    if (c.when !== undefined && !isOneOf(CompositeWhen, c.when))
      problems.push(`${at}: \`when\` must be "any" or "all" (got ${JSON.stringify(c.when)}).`);
    for (const n of c.alarms) {
      if (!thresholdNames.has(n)) {
        problems.push(
          `${at}: \`alarms\` names an unknown alarm ${JSON.stringify(n)} (known: ${[...thresholdNames].join(", ") || "none"}).`,
        );
      }
    }
  }
  return problems;
}

/** How a problem names the alarm it is about: its argument path and its name. */
export function alarmAt(path: string, name: string): string {
  return `\`${path}\` (${JSON.stringify(name)})`;
}

/** What threshold and metric-math alarms share: threshold, comparison, missing data, periods. */
function comparedAlarmProblems(at: string, a: AlarmSpec | MetricMathAlarmSpec): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(a.threshold))
    problems.push(`${at}: \`threshold\` must be a finite number (got ${a.threshold}).`);
  if (a.comparison !== undefined && !isOneOf(Comparison, a.comparison)) {
    problems.push(
      `${at}: \`comparison\` must be one of ${Object.keys(COMPARISONS).join(" ")} (got ${JSON.stringify(a.comparison)}).`,
    );
  }
  problems.push(...oneOfProblems(`${at}: \`treatMissingData\``, a.treatMissingData, MISSING_DATA));
  problems.push(
    ...periodProblems(at, a.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods, a.datapointsToAlarm),
  );
  return problems;
}

/** A metric period CloudWatch alarms accept: 10, 30 or a multiple of 60 seconds. */
const validAlarmPeriod = (p: number): boolean => p === 10 || p === 30 || (p >= 60 && p % 60 === 0);

/** What is wrong with one threshold alarm (the constructor's and `addAlarm`'s, alike). */
export function thresholdAlarmProblems(at: string, a: AlarmSpec): string[] {
  const problems = comparedAlarmProblems(at, a);
  const metricProblems = metricDataProblems("metric", a.metric);
  if (metricProblems.length > 0) return [...problems, ...metricProblems.map((p) => `${at}: ${p}`)];
  const period = toMetric(a.metric).periodSeconds;
  if (!validAlarmPeriod(period)) {
    problems.push(`${at}: \`metric.periodSeconds\` must be 10, 30 or a multiple of 60 (got ${period}).`);
  }
  return problems;
}

const METRIC_ID = /^[a-z][A-Za-z0-9_]*$/;

/** What is wrong with one metric-math alarm (the constructor's and `addAlarm`'s, alike). */
export function metricMathAlarmProblems(at: string, a: MetricMathAlarmSpec): string[] {
  const problems = comparedAlarmProblems(at, a);
  const ids = Object.keys(a.metrics ?? {});
  if (ids.length === 0)
    problems.push(`${at}: \`metrics\` must name at least one metric the expression reads.`);
  for (const id of ids) {
    if (!METRIC_ID.test(id) || id === EXPRESSION_ID)
      problems.push(
        `${at}: \`metrics\` id ${JSON.stringify(id)} must start with a lower-case letter, then letters, digits or _, and not be "${EXPRESSION_ID}".`,
      );
  }
  const metricProblems = Object.entries(a.metrics ?? {}).flatMap(([id, m]) =>
    metricDataProblems(`metrics.${id}`, m).map((p) => `${at}: ${p}`),
  );
  if (metricProblems.length > 0) return [...problems, ...metricProblems];
  const periods = [...new Set(Object.values(a.metrics ?? {}).map((m) => toMetric(m).periodSeconds))];
  if (periods.length > 1)
    problems.push(`${at}: \`metrics\` must all have the same period (got ${periods.join(", ")} seconds).`);
  for (const p of periods)
    if (!validAlarmPeriod(p))
      problems.push(`${at}: \`metrics\` periods must be 10, 30 or a multiple of 60 seconds (got ${p}).`);
  if (typeof a.expression !== "string" || a.expression.trim() === "") {
    problems.push(`${at}: \`expression\` must be a metric-math expression over the metric ids.`);
  } else {
    // parsed as CloudWatch metric math (the evaluator the replay uses): a syntax error is caught
    // here, at construction; its metric ids must each be declared, and each declared one read
    let used: Set<string> | undefined;
    try {
      used = new Set(referencedIds(parseExpression(a.expression)));
    } catch (err) {
      if (!(err instanceof MetricMathError)) throw err;
      problems.push(`${at}: \`expression\` is not valid metric math: ${err.message}`);
    }
    if (used) {
      for (const w of used)
        if (!ids.includes(w))
          problems.push(
            `${at}: \`expression\` reads ${JSON.stringify(w)}, which is not in \`metrics\` (known: ${ids.join(", ") || "none"}).`,
          );
      for (const id of ids)
        if (!used.has(id))
          problems.push(
            `${at}: \`metrics\` declares ${JSON.stringify(id)}, which the expression never reads.`,
          );
    }
  }
  return problems;
}

/**
 * What is wrong with one alarm added after construction (`addAlarm`, or a component's alarm on an
 * alerting target): its name under `prefix`, then the threshold or metric-math spec.
 */
export function addedAlarmProblems(
  at: string,
  prefix: string,
  spec: AlarmSpec | MetricMathAlarmSpec,
): string[] {
  return [
    ...alarmNameProblems(at, prefix, spec.name),
    ...(isMetricMathAlarm(spec) ? metricMathAlarmProblems(at, spec) : thresholdAlarmProblems(at, spec)),
  ];
}

/** The name rule every alarm of a path follows: set, and `<prefix>-<name>` a valid alarm name. */
export function alarmNameProblems(at: string, prefix: string, alarmName: string): string[] {
  return alarmName && ALARM_NAME.test(`${prefix}-${alarmName}`)
    ? nameCharacterProblems(`${at}: \`name\``, alarmName)
    : [`${at}: \`name\` must be set and \`${prefix}-<name>\` at most 255 printable characters.`];
}

function periodProblems(
  at: string,
  evaluationPeriods: number,
  datapointsToAlarm: number | undefined,
): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    problems.push(`${at}: \`evaluationPeriods\` must be a whole number ≥ 1 (got ${evaluationPeriods}).`);
  }
  if (
    datapointsToAlarm !== undefined &&
    (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)
  ) {
    problems.push(
      `${at}: \`datapointsToAlarm\` must be a whole number from 1 to evaluationPeriods (${evaluationPeriods}) (got ${datapointsToAlarm}).`,
    );
  }
  return problems;
}

/** The defaults of AlertingPathArgs (the alarm prefix defaults to the component name). */
export const ALERTING_PATH_DEFAULTS = { protect: false } as const;

export function resolveAlertingPathArgs(name: string, args: AlertingPathArgs): ResolvedAlertingPathArgs {
  return {
    emails: args.emails ?? [],
    subscriptions: args.subscriptions ?? [],
    kmsKeyArn: args.kmsKeyArn,
    alarms: args.alarms ?? [],
    anomalyAlarms: args.anomalyAlarms ?? [],
    metricMathAlarms: args.metricMathAlarms ?? [],
    compositeAlarms: args.compositeAlarms ?? [],
    alarmNamePrefix: args.alarmNamePrefix ?? name,
    protect: args.protect ?? ALERTING_PATH_DEFAULTS.protect,
    tags: args.tags ?? {},
  };
}
