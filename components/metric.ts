import * as pulumi from "@pulumi/pulumi";

/** CloudWatch statistics an alarm or widget can use on a metric. */
export type Statistic = "Sum" | "Average" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

/** CloudWatch metric units accepted by metric filters and alarms. */
export type MetricUnit =
  | "None"
  | "Count"
  | "Milliseconds"
  | "Seconds"
  | "Microseconds"
  | "Bytes"
  | "Kilobytes"
  | "Megabytes"
  | "Percent"
  | "Count/Second";

export interface MetricProps {
  /** The metric's namespace, e.g. `SmartOrders` or `AWS/Lambda`. */
  namespace: pulumi.Input<string>;
  /** The metric's name, e.g. `PaymentFailures`. */
  name: pulumi.Input<string>;
  /** Dimensions of the metric. @default none */
  dimensions?: Record<string, pulumi.Input<string>>;
  /** Statistic used by alarms and widgets. @default "Sum" */
  statistic?: Statistic;
  /** Aggregation period in seconds. @default 60 */
  periodSeconds?: number;
  /** Unit of the metric, when known. @default none */
  unit?: MetricUnit;
  /** A human label for widgets and alarm descriptions. @default the metric name */
  label?: string;
  /**
   * The resource that makes this metric exist (a metric filter). Alarms on this metric depend on it,
   * so an alarm can never be created for a metric nothing emits. @default none (a native AWS metric)
   */
  emittedBy?: pulumi.Resource;
}

/**
 * A metric as a value object: alarms and dashboard widgets take one of these instead of retyped
 * namespace/name strings. Immutable: {@link Metric.with} returns a changed copy.
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
