import * as pulumi from "@pulumi/pulumi";
import { problem, type ArgumentProblem } from "./errors";
import { oneOfProblems } from "./shared/oneOf";

/** CloudWatch statistics an alarm or widget can use on a metric. */
export type Statistic = "Sum" | "Average" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

/**
 * `p99`, `p99.9`, `p95.45` … → the percentile as a number; undefined for other statistics
 * ("pNN.NN: any percentile, using up to two decimal places", CloudWatch concepts, "Statistics").
 */
export function percentileOf(stat: string): number | undefined {
  const m = /^p(\d{1,2}(?:\.\d{1,2})?|100)$/.exec(stat);
  if (!m) return undefined;
  const p = Number(m[1]);
  return p >= 0 && p <= 100 ? p : undefined;
}

/** Whether `stat` is a statistic this store computes. */
export function isStatistic(stat: string): stat is Statistic {
  return (
    stat === "Sum" ||
    stat === "Average" ||
    stat === "Minimum" ||
    stat === "Maximum" ||
    stat === "SampleCount" ||
    percentileOf(stat) !== undefined
  );
}

/** CloudWatch metric units accepted by metric filters and alarms. */
export const MetricUnit = {
  None: "None",
  Count: "Count",
  Milliseconds: "Milliseconds",
  Seconds: "Seconds",
  Microseconds: "Microseconds",
  Bytes: "Bytes",
  Kilobytes: "Kilobytes",
  Megabytes: "Megabytes",
  Percent: "Percent",
  CountPerSecond: "Count/Second",
} as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/**
 * A metric as plain data: what alarms and widgets take. Every Pulumi language can pass one; a
 * `Metric` is one too (and also carries the resource that emits it).
 */
export interface MetricData {
  /** The metric's namespace, e.g. `SmartOrders` or `AWS/Lambda`. */
  namespace: pulumi.Input<string>;
  /** The metric's name, e.g. `PaymentFailures`. */
  name: pulumi.Input<string>;
  /** Dimensions of the metric. @default none */
  dimensions?: Record<string, pulumi.Input<string>>;
  /**
   * Statistic used by alarms and widgets: `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a
   * percentile `pNN` / `pNN.NN` (checked at construction). @default "Sum"
   */
  statistic?: string;
  /** Aggregation period in seconds. @default 60 */
  periodSeconds?: number;
  /** Unit of the metric, when known. @default none */
  unit?: MetricUnit;
  /** A human label for widgets and alarm descriptions. @default the metric name */
  label?: string;
}

/** What a `Metric` is built from: its data, typed statistic, and the resource that emits it. */
export interface MetricProps extends MetricData {
  /** Statistic used by alarms and widgets. @default "Sum" */
  statistic?: Statistic;
  /**
   * The resource that makes this metric exist (a metric filter). Alarms on this metric depend on it,
   * so an alarm can never be created for a metric nothing emits. @default none (a native AWS metric)
   */
  emittedBy?: pulumi.Resource;
}

/**
 * A metric as a value object: alarms and dashboard widgets take one of these instead of retyped
 * namespace/name strings. Immutable: `Metric.with` returns a changed copy.
 */
export class Metric {
  readonly namespace: pulumi.Input<string>;
  readonly name: pulumi.Input<string>;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  readonly statistic: Statistic;
  readonly periodSeconds: number;
  readonly unit?: MetricUnit;
  readonly label?: string;
  readonly emittedBy?: pulumi.Resource;

  constructor(props: MetricProps) {
    this.namespace = props.namespace;
    this.name = props.name;
    this.dimensions = props.dimensions ?? {};
    this.statistic = props.statistic ?? "Sum";
    this.periodSeconds = props.periodSeconds ?? 60;
    this.unit = props.unit;
    this.label = props.label;
    this.emittedBy = props.emittedBy;
  }

  /** A copy with some properties changed (e.g. `metric.with({ statistic: "p99" })`). */
  with(changes: Partial<Omit<MetricProps, "namespace" | "name" | "emittedBy">>): Metric {
    return new Metric({ ...this.props(), ...changes });
  }

  private props(): MetricProps {
    return {
      namespace: this.namespace,
      name: this.name,
      dimensions: this.dimensions,
      statistic: this.statistic,
      periodSeconds: this.periodSeconds,
      unit: this.unit,
      label: this.label,
      emittedBy: this.emittedBy,
    };
  }
}

/**
 * The problems of a metric given as data (from any language), each naming the field at `at`; none
 * for a `Metric`, whose properties are typed.
 */
export function metricDataProblems(at: string, m: MetricData | undefined): ArgumentProblem[] {
  if (m instanceof Metric) return [];
  if (m === undefined || m === null || typeof m !== "object")
    return [problem(at, m, "must be a metric", "give { namespace, name, … } or a Metric")];
  const problems: ArgumentProblem[] = [];
  for (const field of ["namespace", "name"] as const)
    if (m[field] === undefined || m[field] === "")
      problems.push(problem(`${at}.${field}`, m[field], "is required", `set the metric's ${field}`));
  if (m.statistic !== undefined && !(typeof m.statistic === "string" && isStatistic(m.statistic)))
    problems.push(
      problem(
        `${at}.statistic`,
        m.statistic,
        "must be Sum, Average, Minimum, Maximum, SampleCount or a percentile like p99",
        "use one of those statistics",
      ),
    );
  problems.push(...oneOfProblems(`${at}.unit`, m.unit, MetricUnit));
  if (
    m.periodSeconds !== undefined &&
    !(typeof m.periodSeconds === "number" && Number.isInteger(m.periodSeconds) && m.periodSeconds > 0)
  )
    problems.push(
      problem(
        `${at}.periodSeconds`,
        m.periodSeconds,
        "must be a whole number of seconds",
        "use a period such as 60",
      ),
    );
  return problems;
}

/** The `Metric` of metric data: the same object when it already is one. Check it first with `metricDataProblems`. */
export function toMetric(m: MetricData): Metric {
  return m instanceof Metric ? m : new Metric(m as MetricProps);
}
