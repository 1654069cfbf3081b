import type * as pulumi from "@pulumi/pulumi";
import { problem, within, type ArgumentProblem } from "../errors";
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

/** Every problem with the arguments, each naming the field, the bad value and the fix. */
export function validateAlertingPathArgs(name: string, args: AlertingPathArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  for (const [i, e] of (args.emails ?? []).entries()) {
    if (!EMAIL.test(e))
      problems.push(
        problem(`emails[${i}]`, e, "must be an e-mail address", "write an address like ops@example.com"),
      );
    else problems.push(...nameCharacterProblems(`emails[${i}]`, e));
  }
  if (typeof args.kmsKeyArn === "string" && /alias\/aws\/sns$/.test(args.kmsKeyArn)) {
    problems.push(
      problem(
        "kmsKeyArn",
        args.kmsKeyArn,
        "must not be the AWS-managed alias/aws/sns key: CloudWatch alarms cannot use it and their notifications are silently dropped",
        "omit it to create a customer-managed key",
      ),
    );
  }
  for (const [i, sub] of (args.subscriptions ?? []).entries()) {
    if (!isOneOf(SubscriptionProtocol, sub.protocol))
      problems.push(
        problem(
          `subscriptions[${i}].protocol`,
          sub.protocol,
          `must be one of ${Object.values(SubscriptionProtocol).join(", ")}`,
          "use one of them; e-mail addresses go in `emails`",
        ),
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
      const at = `${field}[${i}]`;
      problems.push(...alarmNameProblems(at, prefix, spec.name));
      if (names.has(spec.name)) problems.push(notUnique(at, spec.name));
      names.add(spec.name);
    }
  for (const [i, a] of (args.alarms ?? []).entries())
    problems.push(...thresholdAlarmProblems(`alarms[${i}]`, a));
  for (const [i, a] of (args.metricMathAlarms ?? []).entries())
    problems.push(...metricMathAlarmProblems(`metricMathAlarms[${i}]`, a));
  for (const [i, a] of (args.anomalyAlarms ?? []).entries()) {
    const at = `anomalyAlarms[${i}]`;
    if (a.bandWidth !== undefined && !(a.bandWidth > 0))
      problems.push(problem(`${at}.bandWidth`, a.bandWidth, "must be > 0", "use a band width such as 2"));
    problems.push(...oneOfProblems(`${at}.direction`, a.direction, AnomalyDirection));
    problems.push(...within(at, metricDataProblems("metric", a.metric)));
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
    const at = `compositeAlarms[${i}]`;
    if (c.alarms.length === 0)
      problems.push(
        problem(`${at}.alarms`, c.alarms, "must name at least one alarm", "list the alarms it combines"),
      );
    if (c.when !== undefined && !isOneOf(CompositeWhen, c.when))
      problems.push(problem(`${at}.when`, c.when, 'must be "any" or "all"', 'use "any" or "all"'));
    for (const [j, n] of c.alarms.entries()) {
      if (!thresholdNames.has(n)) {
        problems.push(
          problem(
            `${at}.alarms[${j}]`,
            n,
            "names an unknown alarm",
            `name one of the path's alarms (known: ${[...thresholdNames].join(", ") || "none"})`,
          ),
        );
      }
    }
  }
  return problems;
}

/** The problem of an alarm name used twice in one path. */
export function notUnique(at: string, alarmName: string): ArgumentProblem {
  return problem(`${at}.name`, alarmName, "must be unique within the path", "give the alarm another name");
}

/** What threshold and metric-math alarms share: threshold, comparison, missing data, periods. */
function comparedAlarmProblems(at: string, a: AlarmSpec | MetricMathAlarmSpec): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (!Number.isFinite(a.threshold))
    problems.push(
      problem(`${at}.threshold`, a.threshold, "must be a finite number", "set the threshold to a number"),
    );
  if (a.comparison !== undefined && !isOneOf(Comparison, a.comparison)) {
    problems.push(
      problem(
        `${at}.comparison`,
        a.comparison,
        `must be one of ${Object.keys(COMPARISONS).join(" ")}`,
        "use one of those comparisons",
      ),
    );
  }
  problems.push(...oneOfProblems(`${at}.treatMissingData`, a.treatMissingData, MISSING_DATA));
  problems.push(
    ...periodProblems(at, a.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods, a.datapointsToAlarm),
  );
  return problems;
}

/** A metric period CloudWatch alarms accept: 10, 30 or a multiple of 60 seconds. */
const validAlarmPeriod = (p: number): boolean => p === 10 || p === 30 || (p >= 60 && p % 60 === 0);
const PERIOD_FIX = "use 10, 30, 60 or another multiple of 60 seconds";

/** What is wrong with one threshold alarm (the constructor's and `addAlarm`'s, alike). */
export function thresholdAlarmProblems(at: string, a: AlarmSpec): ArgumentProblem[] {
  const problems = comparedAlarmProblems(at, a);
  const metricProblems = metricDataProblems("metric", a.metric);
  if (metricProblems.length > 0) return [...problems, ...within(at, metricProblems)];
  const period = toMetric(a.metric).periodSeconds;
  if (!validAlarmPeriod(period)) {
    problems.push(
      problem(`${at}.metric.periodSeconds`, period, "must be 10, 30 or a multiple of 60", PERIOD_FIX),
    );
  }
  return problems;
}

const METRIC_ID = /^[a-z][A-Za-z0-9_]*$/;

/** What is wrong with one metric-math alarm (the constructor's and `addAlarm`'s, alike). */
export function metricMathAlarmProblems(at: string, a: MetricMathAlarmSpec): ArgumentProblem[] {
  const problems = comparedAlarmProblems(at, a);
  const ids = Object.keys(a.metrics ?? {});
  if (ids.length === 0)
    problems.push(
      problem(
        `${at}.metrics`,
        a.metrics,
        "must name at least one metric the expression reads",
        "add the metrics by id",
      ),
    );
  for (const id of ids) {
    if (!METRIC_ID.test(id) || id === EXPRESSION_ID)
      problems.push(
        problem(
          `${at}.metrics.${id}`,
          id,
          `is not a metric id: it must start with a lower-case letter, then letters, digits or _, and not be "${EXPRESSION_ID}"`,
          'rename the id, such as "requests"',
        ),
      );
  }
  const metricProblems = Object.entries(a.metrics ?? {}).flatMap(([id, m]) =>
    within(at, metricDataProblems(`metrics.${id}`, m)),
  );
  if (metricProblems.length > 0) return [...problems, ...metricProblems];
  const periods = [...new Set(Object.values(a.metrics ?? {}).map((m) => toMetric(m).periodSeconds))];
  if (periods.length > 1)
    problems.push(
      problem(
        `${at}.metrics`,
        periods,
        "must all have the same period",
        "give every metric the same periodSeconds",
      ),
    );
  for (const p of periods)
    if (!validAlarmPeriod(p))
      problems.push(
        problem(`${at}.metrics`, p, "periods must be 10, 30 or a multiple of 60 seconds", PERIOD_FIX),
      );
  if (typeof a.expression !== "string" || a.expression.trim() === "") {
    problems.push(
      problem(
        `${at}.expression`,
        a.expression,
        "must be a metric-math expression",
        "write one over the metric ids",
      ),
    );
  } else {
    // parsed as CloudWatch metric math (the evaluator the replay uses): a syntax error is caught
    // here, at construction; its metric ids must each be declared, and each declared one read
    let used: Set<string> | undefined;
    try {
      used = new Set(referencedIds(parseExpression(a.expression)));
    } catch (err) {
      if (!(err instanceof MetricMathError)) throw err;
      problems.push(
        problem(
          `${at}.expression`,
          a.expression,
          `is not valid metric math: ${err.message}`,
          "correct the expression at the position shown",
        ),
      );
    }
    if (used) {
      for (const w of used)
        if (!ids.includes(w))
          problems.push(
            problem(
              `${at}.expression`,
              w,
              "reads a metric id that is not in `metrics`",
              `declare it in \`metrics\`, or read one of ${ids.join(", ") || "none"}`,
            ),
          );
      for (const id of ids)
        if (!used.has(id))
          problems.push(
            problem(
              `${at}.metrics.${id}`,
              id,
              "is declared but the expression never reads it",
              "read it in the expression, or remove it",
            ),
          );
    }
  }
  return problems;
}

/**
 * What is wrong with one alarm added after construction (`addAlarm`, or a component's alarm on an
 * alerting target): its name under `prefix`, then the threshold or metric-math spec. The path of
 * an added alarm is its argument (`spec`), the same for every alarm added, so each spec problem's
 * reason names the alarm ("… in alarm "PaymentFailures"").
 */
export function addedAlarmProblems(
  at: string,
  prefix: string,
  spec: AlarmSpec | MetricMathAlarmSpec,
): ArgumentProblem[] {
  const specProblems = isMetricMathAlarm(spec)
    ? metricMathAlarmProblems(at, spec)
    : thresholdAlarmProblems(at, spec);
  const named = typeof spec.name === "string" && spec.name !== "";
  return [
    ...alarmNameProblems(at, prefix, spec.name),
    ...specProblems.map((p) =>
      named ? { ...p, reason: `${p.reason} in alarm ${JSON.stringify(spec.name)}` } : p,
    ),
  ];
}

/** The name rule every alarm of a path follows: set, and `<prefix>-<name>` a valid alarm name. */
export function alarmNameProblems(at: string, prefix: string, alarmName: string): ArgumentProblem[] {
  return alarmName && ALARM_NAME.test(`${prefix}-${alarmName}`)
    ? nameCharacterProblems(`${at}.name`, alarmName)
    : [
        problem(
          `${at}.name`,
          alarmName,
          `must be set, and \`${prefix}-<name>\` at most 255 printable characters`,
          "give the alarm a short printable name",
        ),
      ];
}

function periodProblems(
  at: string,
  evaluationPeriods: number,
  datapointsToAlarm: number | undefined,
): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    problems.push(
      problem(
        `${at}.evaluationPeriods`,
        evaluationPeriods,
        "must be a whole number ≥ 1",
        "use 1 or more periods",
      ),
    );
  }
  if (
    datapointsToAlarm !== undefined &&
    (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)
  ) {
    problems.push(
      problem(
        `${at}.datapointsToAlarm`,
        datapointsToAlarm,
        `must be a whole number from 1 to evaluationPeriods (${evaluationPeriods})`,
        `use 1 to ${evaluationPeriods}, or raise evaluationPeriods`,
      ),
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
