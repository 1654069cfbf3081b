/**
 * What metric math computes with: a scalar, a time series (a `Float64Array` with one value per
 * period, `NaN` where the period has no datapoint) or an array of time series; what an expression
 * reads (`MathContext`); and the evaluation state every function implementation receives.
 */
import { MetricMathError, type Node } from "../../../components/metricMath";

/** A value of an expression: a scalar, a time series, or an array of time series (`[m1, m2]`, `METRICS()`). */
export type MathValue = number | Float64Array | Float64Array[];

/** One `SEARCH` call as written: its search query, statistic and period. */
export interface SearchRequest {
  /** The query inside the first quotes (`{Namespace,Dim} MetricName="X"`). */
  query: string;
  /** The statistic (`Sum`, `Average`, `p99` …). */
  stat: string;
  /** The period in seconds. @default the context's period */
  periodSeconds: number;
}

/** What an expression reads: the other queries' series, the metric queries (for `METRICS()`), the period. */
export interface MathContext {
  /** The value of another query by id (an array for a query that is itself a `SEARCH` or array). */
  series(id: string): Float64Array | Float64Array[] | undefined;
  metricIds(): string[];
  periodSeconds: number;
  length: number;
  /** The start of each period (epoch ms), for MINUTE(), HOUR(), DAY(), … */
  timestamps: readonly number[];
  /**
   * The time series a `SEARCH` finds, on this context's periods. Dashboards have it; alarms do not
   * (CloudWatch allows no alarm on a search). @default none: `SEARCH` fails
   */
  search?(request: SearchRequest): Float64Array[];
}

/** A function call node of the expression tree. */
export type CallNode = Extract<Node, { t: "call" }>;

/** One evaluation: the expression's source (for errors), its context, and how to evaluate a sub-node. */
export interface Evaluation {
  readonly src: string;
  readonly ctx: MathContext;
  run(node: Node): MathValue;
  fail(pos: number, message: string): never;
}

/** A function's implementation: its arguments are the call's nodes, evaluated when it needs them. */
export type MathFunction = (call: CallNode, ev: Evaluation) => MathValue;

export const missing = (x: number): boolean => Number.isNaN(x);

/** The datapoints of a series that are present. */
export const present = (s: Float64Array): number[] => Array.from(s).filter((x) => !missing(x));

export const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

/** A scalar as a constant series; an array of series is an error where one series is expected. */
export function asSeries(ev: Evaluation, v: MathValue, pos: number): Float64Array {
  if (typeof v === "number") return new Float64Array(ev.ctx.length).fill(v);
  if (Array.isArray(v)) return ev.fail(pos, "an array of time series where one time series is expected");
  return v;
}

/** `f` applied to each value: of a scalar, of each datapoint, of each series of an array. */
export function mapValues(v: MathValue, f: (x: number) => number): MathValue {
  if (typeof v === "number") return f(v);
  if (Array.isArray(v)) return v.map((s) => s.map((x) => f(x)));
  return v.map((x) => f(x));
}

/** `f` applied to one series, or to each series of an array (a scalar becomes a constant series). */
export function perSeries(
  ev: Evaluation,
  v: MathValue,
  f: (s: Float64Array) => Float64Array,
  pos: number,
): MathValue {
  return Array.isArray(v) ? v.map(f) : f(asSeries(ev, v, pos));
}

/** Throws unless the call has between `min` and `max` arguments. */
export function arity(ev: Evaluation, n: CallNode, min: number, max: number): void {
  if (n.args.length < min || n.args.length > max)
    ev.fail(
      n.pos,
      `${n.fn} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${n.args.length}`,
    );
}

/** The argument of a one-argument function, evaluated. */
export function onlyArgument(ev: Evaluation, n: CallNode): MathValue {
  arity(ev, n, 1, 1);
  return ev.run(n.args[0]);
}

/** The argument, which must be an array of time series. */
export function arrayArgument(ev: Evaluation, n: CallNode, v: MathValue): Float64Array[] {
  return Array.isArray(v) ? v : ev.fail(n.pos, `${n.fn} takes an array of time series`);
}

export { MetricMathError };
