/**
 * The operators ("Metric math syntax and functions": arithmetic, comparison and logical operators).
 * Between two time series, a timestamp where only one has a value takes 0 for the other; between a
 * time series and a scalar, a missing datapoint stays missing; division by zero drops the
 * datapoint; comparisons and `AND`/`&&`, `OR`/`||` give 0 or 1. Metric math has no NOT operator.
 */
import { missing, type Evaluation, type MathValue } from "./values";

/** One operator over two numbers (`NaN` when either is missing). */
export function binary(op: string, x: number, y: number): number {
  if (missing(x) || missing(y)) return NaN;
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return y === 0 ? NaN : x / y;
    case "^":
      return x ** y;
    case "==":
      return x === y ? 1 : 0;
    case "!=":
      return x !== y ? 1 : 0;
    case "<":
      return x < y ? 1 : 0;
    case "<=":
      return x <= y ? 1 : 0;
    case ">":
      return x > y ? 1 : 0;
    case ">=":
      return x >= y ? 1 : 0;
    case "AND":
      return x !== 0 && y !== 0 ? 1 : 0;
    case "OR":
      return x !== 0 || y !== 0 ? 1 : 0;
  }
  return NaN;
}

/** `f` between two values: scalars, time series, or an array of time series and a series or scalar. */
export function combine(
  ev: Evaluation,
  a: MathValue,
  b: MathValue,
  f: (x: number, y: number) => number,
  pos: number,
): MathValue {
  if (typeof a === "number" && typeof b === "number") return f(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b))
      return ev.fail(pos, "an operator between two arrays of time series");
    const arr = (Array.isArray(a) ? a : b) as Float64Array[];
    return arr.map(
      (s) => combine(ev, Array.isArray(a) ? s : a, Array.isArray(b) ? s : b, f, pos) as Float64Array,
    );
  }
  const length = ev.ctx.length;
  const out = new Float64Array(length);
  if (typeof a === "number" || typeof b === "number") {
    // a time series and a scalar: a missing datapoint stays missing
    for (let i = 0; i < length; i++)
      out[i] = f(typeof a === "number" ? a : a[i], typeof b === "number" ? b : b[i]);
    return out;
  }
  // two time series: where only one has a value, the other counts as 0
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    out[i] = missing(x) && missing(y) ? NaN : f(missing(x) ? 0 : x, missing(y) ? 0 : y);
  }
  return out;
}

/** A binary operator node's value. */
export function operator(ev: Evaluation, op: string, a: MathValue, b: MathValue): MathValue {
  return combine(ev, a, b, (x, y) => binary(op, x, y), 0);
}
