/**
 * Metric math for alarms ("Metric math syntax and functions", CloudWatch user guide), evaluated over
 * the periods of an alarm's evaluation range. A time series is a `Float64Array` with one value per
 * period, `NaN` where the period has no datapoint. As the guide documents: between two time series,
 * a timestamp where only one has a value takes 0 for the other (arithmetic, comparison and logical
 * operators); between a time series and a scalar, a missing datapoint stays missing; division by
 * zero drops the datapoint; comparisons and `AND`/`&&`, `OR`/`||` give 0 or 1; functions are written
 * in upper case. Metric math has no NOT operator (write `x == 0`).
 */
import { MetricMathError, type Node } from "../../components/metricMath";

export { MATH_FUNCTIONS, MetricMathError, parseExpression, referencedIds } from "../../components/metricMath";
export type { ExpressionNode } from "../../components/metricMath";

/** A value of an expression: a scalar, a time series, or an array of time series (`[m1, m2]`, `METRICS()`). */
export type MathValue = number | Float64Array | Float64Array[];

/** What an expression reads: the other queries' series, the metric queries (for `METRICS()`), the period. */
export interface MathContext {
  series(id: string): Float64Array | undefined;
  metricIds(): string[];
  periodSeconds: number;
  length: number;
  /** The start of each period (epoch ms), for MINUTE(), HOUR(), DAY(), … */
  timestamps: readonly number[];
}

function binary(op: string, x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
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

const missing = (x: number): boolean => Number.isNaN(x);

/** Evaluates a parsed expression over `ctx`'s periods. */
export function evaluateExpression(src: string, node: Node, ctx: MathContext): MathValue {
  const fail = (pos: number, msg: string): never => {
    throw new MetricMathError(src, pos, msg);
  };
  const asSeries = (v: MathValue, pos: number): Float64Array => {
    if (typeof v === "number") return new Float64Array(ctx.length).fill(v);
    if (Array.isArray(v)) return fail(pos, "an array of time series where one time series is expected");
    return v;
  };
  const map = (v: MathValue, f: (x: number) => number, pos: number): MathValue => {
    if (typeof v === "number") return f(v);
    if (Array.isArray(v)) return v.map((s) => s.map((x) => f(x)));
    void pos;
    return v.map((x) => f(x));
  };
  const combine = (
    a: MathValue,
    b: MathValue,
    f: (x: number, y: number) => number,
    pos: number,
  ): MathValue => {
    if (typeof a === "number" && typeof b === "number") return f(a, b);
    if (Array.isArray(a) || Array.isArray(b)) {
      if (Array.isArray(a) && Array.isArray(b))
        return fail(pos, "an operator between two arrays of time series");
      const arr = (Array.isArray(a) ? a : b) as Float64Array[];
      return arr.map(
        (s) => combine(Array.isArray(a) ? s : a, Array.isArray(b) ? s : b, f, pos) as Float64Array,
      );
    }
    const out = new Float64Array(ctx.length);
    if (typeof a === "number" || typeof b === "number") {
      // a time series and a scalar: a missing datapoint stays missing
      for (let i = 0; i < ctx.length; i++)
        out[i] = f(typeof a === "number" ? a : a[i], typeof b === "number" ? b : b[i]);
      return out;
    }
    // two time series: where only one has a value, the other counts as 0
    for (let i = 0; i < ctx.length; i++) {
      const x = a[i];
      const y = b[i];
      out[i] = missing(x) && missing(y) ? NaN : f(missing(x) ? 0 : x, missing(y) ? 0 : y);
    }
    return out;
  };
  const present = (s: Float64Array): number[] => Array.from(s).filter((x) => !Number.isNaN(x));
  /** Over one series: a scalar; over an array: a series, per timestamp (missing as 0 when `zero`). */
  const reduce = (v: MathValue, f: (xs: number[]) => number, pos: number, zero = false): MathValue => {
    if (typeof v === "number") return v;
    if (!Array.isArray(v)) {
      const xs = present(v);
      return xs.length === 0 ? NaN : f(xs);
    }
    if (v.length === 0) return fail(pos, "an empty array");
    const out = new Float64Array(ctx.length);
    for (let i = 0; i < ctx.length; i++) {
      const all = v.map((s) => s[i]);
      const xs = all.filter((x) => !missing(x));
      out[i] = xs.length === 0 ? NaN : f(zero ? all.map((x) => (missing(x) ? 0 : x)) : xs);
    }
    return out;
  };
  const timeFn = (v: MathValue, f: (d: Date) => number, pos: number): MathValue =>
    perSeries(v, (s) => Float64Array.from(s, (_, i) => f(new Date(ctx.timestamps[i]))), pos);
  const statOf = (s: Float64Array, how: string): number => {
    const xs = present(s);
    if (xs.length === 0) return NaN;
    return how === "AVG"
      ? sum(xs) / xs.length
      : how === "MIN"
        ? Math.min(...xs)
        : how === "MAX"
          ? Math.max(...xs)
          : sum(xs);
  };
  const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
  const perSeries = (v: MathValue, f: (s: Float64Array) => Float64Array, pos: number): MathValue =>
    Array.isArray(v) ? v.map(f) : f(asSeries(v, pos));

  const run = (n: Node): MathValue => {
    switch (n.t) {
      case "num":
        return n.v;
      case "id": {
        const s = ctx.series(n.id);
        if (!s) return fail(n.pos, `no metric query with id ${n.id}`);
        return s;
      }
      case "str":
        return fail(0, "a string outside METRICS()");
      case "list":
        return n.items.flatMap((it) => {
          const v = run(it);
          return Array.isArray(v) ? v : [asSeries(v, 0)];
        });
      case "unary":
        return map(run(n.a), (x) => -x, 0);
      case "bin":
        return combine(run(n.a), run(n.b), (x, y) => binary(n.op, x, y), 0);
      case "call":
        return call(n);
    }
  };
  const arity = (n: Extract<Node, { t: "call" }>, min: number, max: number): void => {
    if (n.args.length < min || n.args.length > max)
      fail(
        n.pos,
        `${n.fn} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${n.args.length}`,
      );
  };
  const call = (n: Extract<Node, { t: "call" }>): MathValue => {
    const a = n.args;
    switch (n.fn) {
      case "ABS":
        arity(n, 1, 1);
        return map(run(a[0]), Math.abs, n.pos);
      case "CEIL":
        arity(n, 1, 1);
        return map(run(a[0]), Math.ceil, n.pos);
      case "FLOOR":
        arity(n, 1, 1);
        return map(run(a[0]), Math.floor, n.pos);
      case "LOG":
        arity(n, 1, 1);
        return map(run(a[0]), Math.log, n.pos);
      case "LOG10":
        arity(n, 1, 1);
        return map(run(a[0]), Math.log10, n.pos);
      case "SUM":
        arity(n, 1, 1);
        return reduce(run(a[0]), sum, n.pos);
      case "AVG":
        arity(n, 1, 1);
        return reduce(run(a[0]), (xs) => sum(xs) / xs.length, n.pos, true);
      case "MIN":
        arity(n, 1, 1);
        return reduce(run(a[0]), (xs) => Math.min(...xs), n.pos);
      case "MAX":
        arity(n, 1, 1);
        return reduce(run(a[0]), (xs) => Math.max(...xs), n.pos);
      case "STDDEV":
        arity(n, 1, 1);
        return reduce(
          run(a[0]),
          (xs) => {
            const mean = sum(xs) / xs.length;
            return Math.sqrt(sum(xs.map((x) => (x - mean) ** 2)) / xs.length);
          },
          n.pos,
        );
      case "DATAPOINT_COUNT":
        arity(n, 1, 1);
        return reduce(run(a[0]), (xs) => xs.length, n.pos);
      case "FIRST":
      case "LAST": {
        arity(n, 1, 1);
        const v = run(a[0]);
        if (!Array.isArray(v)) return fail(n.pos, `${n.fn} takes an array of time series`);
        return v.length === 0 ? fail(n.pos, "an empty array") : n.fn === "FIRST" ? v[0] : v[v.length - 1];
      }
      case "METRICS": {
        arity(n, 0, 1);
        const filter = a[0];
        if (filter && filter.t !== "str") return fail(n.pos, "METRICS takes a string");
        return ctx
          .metricIds()
          .filter((id) => !filter || (filter.t === "str" && id.includes(filter.v)))
          .map((id) => ctx.series(id) as Float64Array);
      }
      case "METRIC_COUNT": {
        arity(n, 1, 1);
        const v = run(a[0]);
        return Array.isArray(v) ? v.length : fail(n.pos, "METRIC_COUNT takes an array of time series");
      }
      case "REMOVE_EMPTY": {
        arity(n, 1, 1);
        const v = run(a[0]);
        return Array.isArray(v)
          ? v.filter((s) => present(s).length > 0)
          : fail(n.pos, "REMOVE_EMPTY takes an array of time series");
      }
      case "TIME_SERIES": {
        arity(n, 1, 1);
        const v = run(a[0]);
        if (typeof v !== "number") return fail(n.pos, "TIME_SERIES takes a scalar");
        return new Float64Array(ctx.length).fill(v);
      }
      case "SORT": {
        arity(n, 3, 4);
        const v = run(a[0]);
        const how = a[1];
        const order = a[2];
        if (!Array.isArray(v)) return fail(n.pos, "SORT takes an array of time series");
        if (how.t !== "id" || !["AVG", "MIN", "MAX", "SUM"].includes(how.id))
          return fail(n.pos, "SORT sorts by AVG, MIN, MAX or SUM");
        if (order.t !== "id" || (order.id !== "ASC" && order.id !== "DESC"))
          return fail(n.pos, "SORT order is ASC or DESC");
        const sorted = v
          .map((s) => ({ s, k: statOf(s, how.id) }))
          .sort((x, y) => (order.id === "ASC" ? x.k - y.k : y.k - x.k))
          .map((x) => x.s);
        if (a.length === 4) {
          const limit = run(a[3]);
          if (typeof limit !== "number") return fail(n.pos, "SORT's limit is a scalar");
          return sorted.slice(0, limit);
        }
        return sorted;
      }
      case "SLICE": {
        arity(n, 2, 3);
        const v = run(a[0]);
        if (!Array.isArray(v)) return fail(n.pos, "SLICE takes an array of time series");
        const from = run(a[1]);
        const to = a.length === 3 ? run(a[2]) : v.length;
        if (typeof from !== "number" || typeof to !== "number")
          return fail(n.pos, "SLICE's bounds are scalars");
        return v.slice(from, to);
      }
      case "MINUTE":
        arity(n, 1, 1);
        return timeFn(run(a[0]), (d) => d.getUTCMinutes(), n.pos);
      case "HOUR":
        arity(n, 1, 1);
        return timeFn(run(a[0]), (d) => d.getUTCHours(), n.pos);
      case "DAY":
        arity(n, 1, 1);
        // 1 = Monday … 7 = Sunday ("IF(DAY(m1)<6,m1) returns metrics only from weekdays")
        return timeFn(run(a[0]), (d) => ((d.getUTCDay() + 6) % 7) + 1, n.pos);
      case "DATE":
        arity(n, 1, 1);
        return timeFn(run(a[0]), (d) => d.getUTCDate(), n.pos);
      case "MONTH":
        arity(n, 1, 1);
        return timeFn(run(a[0]), (d) => d.getUTCMonth() + 1, n.pos);
      case "YEAR":
        arity(n, 1, 1);
        return timeFn(run(a[0]), (d) => d.getUTCFullYear(), n.pos);
      case "EPOCH":
        arity(n, 1, 1);
        return timeFn(run(a[0]), (d) => Math.floor(d.getTime() / 1000), n.pos);
      case "PERIOD":
        arity(n, 1, 1);
        run(a[0]);
        return ctx.periodSeconds;
      case "IF": {
        // "Using IF expressions": a missing condition datapoint is dropped; TRUE takes the true
        // value (0 where a true time series has no datapoint); FALSE takes the false value (dropped
        // where a false time series has no datapoint, or when it is omitted)
        arity(n, 2, 3);
        const cond = run(a[0]);
        const yes = run(a[1]);
        const no = a.length === 3 ? run(a[2]) : undefined;
        if (Array.isArray(cond) || Array.isArray(yes) || Array.isArray(no))
          return fail(n.pos, "IF takes time series or scalars, not arrays");
        if (typeof cond === "number") {
          if (missing(cond)) return new Float64Array(ctx.length).fill(NaN);
          const pick = cond !== 0 ? yes : no;
          return pick === undefined ? new Float64Array(ctx.length).fill(NaN) : asSeries(pick, n.pos);
        }
        const out = new Float64Array(ctx.length);
        for (let i = 0; i < ctx.length; i++) {
          const c = cond[i];
          if (missing(c)) out[i] = NaN;
          else if (c !== 0) {
            const y = typeof yes === "number" ? yes : yes[i];
            out[i] = missing(y) ? 0 : y;
          } else out[i] = no === undefined ? NaN : typeof no === "number" ? no : no[i];
        }
        return out;
      }
      case "FILL": {
        arity(n, 2, 2);
        const v = run(a[0]);
        const how = a[1];
        const fill = (s: Float64Array): Float64Array => {
          const out = Float64Array.from(s);
          if (how.t === "id" && how.id === "REPEAT") {
            let last = NaN;
            for (let i = 0; i < out.length; i++) {
              if (Number.isNaN(out[i])) out[i] = last;
              else last = out[i];
            }
            // leading gaps take the first value
            const first = out.find((x) => !Number.isNaN(x));
            if (first !== undefined)
              for (let i = 0; i < out.length && Number.isNaN(out[i]); i++) out[i] = first;
            return out;
          }
          if (how.t === "id" && how.id === "LINEAR") {
            let prev = -1;
            for (let i = 0; i < out.length; i++) {
              if (Number.isNaN(out[i])) continue;
              if (prev >= 0 && i - prev > 1)
                for (let j = prev + 1; j < i; j++)
                  out[j] = out[prev] + ((out[i] - out[prev]) * (j - prev)) / (i - prev);
              prev = i;
            }
            return out;
          }
          const f = asSeries(run(how), n.pos);
          for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = f[i];
          return out;
        };
        return perSeries(v, fill, n.pos);
      }
      case "DIFF":
      case "RATE":
      case "DIFF_TIME": {
        arity(n, 1, 1);
        const periodSeconds = ctx.periodSeconds;
        const fn = n.fn;
        return perSeries(
          run(a[0]),
          (s) => {
            const out = new Float64Array(s.length).fill(NaN);
            let prev = -1;
            for (let i = 0; i < s.length; i++) {
              if (Number.isNaN(s[i])) continue;
              if (prev >= 0) {
                const dt = (i - prev) * periodSeconds;
                out[i] = fn === "DIFF" ? s[i] - s[prev] : fn === "RATE" ? (s[i] - s[prev]) / dt : dt;
              }
              prev = i;
            }
            return out;
          },
          n.pos,
        );
      }
      case "RUNNING_SUM":
        arity(n, 1, 1);
        return perSeries(
          run(a[0]),
          (s) => {
            const out = new Float64Array(s.length);
            let acc = 0;
            for (let i = 0; i < s.length; i++) {
              if (!Number.isNaN(s[i])) acc += s[i];
              out[i] = Number.isNaN(s[i]) ? NaN : acc;
            }
            return out;
          },
          n.pos,
        );
    }
    return fail(n.pos, `function ${n.fn} is not implemented by the offline evaluator`);
  };
  return run(node);
}
