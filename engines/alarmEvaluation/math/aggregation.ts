/**
 * Aggregations: over one time series a scalar (SUM(m1) is the sum of its datapoints); over an array
 * a time series, per timestamp (SUM([m1, m2]) adds the series). AVG over an array counts a missing
 * datapoint as 0 where another series has one. Also FIRST, LAST and METRIC_COUNT of an array.
 */
import {
  arrayArgument,
  missing,
  onlyArgument,
  present,
  sum,
  type CallNode,
  type Evaluation,
  type MathFunction,
  type MathValue,
} from "./values";

function reduce(ev: Evaluation, n: CallNode, f: (xs: number[]) => number, zero = false): MathValue {
  const v = onlyArgument(ev, n);
  if (typeof v === "number") return v;
  if (!Array.isArray(v)) {
    const xs = present(v);
    return xs.length === 0 ? NaN : f(xs);
  }
  if (v.length === 0) return ev.fail(n.pos, "an empty array");
  const out = new Float64Array(ev.ctx.length);
  for (let i = 0; i < ev.ctx.length; i++) {
    const all = v.map((s) => s[i]);
    const xs = all.filter((x) => !missing(x));
    out[i] = xs.length === 0 ? NaN : f(zero ? all.map((x) => (missing(x) ? 0 : x)) : xs);
  }
  return out;
}

const reducing =
  (f: (xs: number[]) => number, zero = false): MathFunction =>
  (n, ev) =>
    reduce(ev, n, f, zero);

const mean = (xs: number[]): number => sum(xs) / xs.length;

const firstOrLast: MathFunction = (n, ev) => {
  const v = arrayArgument(ev, n, onlyArgument(ev, n));
  if (v.length === 0) return ev.fail(n.pos, "an empty array");
  return n.fn === "FIRST" ? v[0] : v[v.length - 1];
};

export const AGGREGATION_FUNCTIONS: Record<string, MathFunction> = {
  SUM: reducing(sum),
  AVG: reducing(mean, true),
  MIN: reducing((xs) => Math.min(...xs)),
  MAX: reducing((xs) => Math.max(...xs)),
  STDDEV: reducing((xs) => {
    const m = mean(xs);
    return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / xs.length);
  }),
  DATAPOINT_COUNT: reducing((xs) => xs.length),
  FIRST: firstOrLast,
  LAST: firstOrLast,
  METRIC_COUNT: (n, ev) => {
    const v = onlyArgument(ev, n);
    return Array.isArray(v) ? v.length : ev.fail(n.pos, "METRIC_COUNT takes an array of time series");
  },
};
