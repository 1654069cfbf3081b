/**
 * Functions about missing datapoints: IF ("Using IF expressions"), FILL (a value, a series, REPEAT
 * or LINEAR) and RUNNING_SUM (which skips them).
 */
import {
  arity,
  asSeries,
  missing,
  onlyArgument,
  perSeries,
  type CallNode,
  type Evaluation,
  type MathFunction,
  type MathValue,
} from "./values";

/**
 * A missing condition datapoint is dropped; TRUE takes the true value (0 where a true time series
 * has no datapoint); FALSE takes the false value (dropped where a false time series has no
 * datapoint, or when it is omitted).
 */
const ifFunction: MathFunction = (n, ev) => {
  arity(ev, n, 2, 3);
  const cond = ev.run(n.args[0]);
  const yes = ev.run(n.args[1]);
  const no = n.args.length === 3 ? ev.run(n.args[2]) : undefined;
  if (Array.isArray(cond) || Array.isArray(yes) || Array.isArray(no))
    return ev.fail(n.pos, "IF takes time series or scalars, not arrays");
  const length = ev.ctx.length;
  if (typeof cond === "number") {
    if (missing(cond)) return new Float64Array(length).fill(NaN);
    const pick = cond !== 0 ? yes : no;
    return pick === undefined ? new Float64Array(length).fill(NaN) : asSeries(ev, pick, n.pos);
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const c = cond[i];
    if (missing(c)) out[i] = NaN;
    else if (c !== 0) {
      const y = typeof yes === "number" ? yes : yes[i];
      out[i] = missing(y) ? 0 : y;
    } else out[i] = no === undefined ? NaN : typeof no === "number" ? no : no[i];
  }
  return out;
};

/** Gaps take the last value before them; leading gaps the first value. */
function repeat(s: Float64Array): Float64Array {
  const out = Float64Array.from(s);
  let last = NaN;
  for (let i = 0; i < out.length; i++) {
    if (missing(out[i])) out[i] = last;
    else last = out[i];
  }
  const first = out.find((x) => !missing(x));
  if (first !== undefined) for (let i = 0; i < out.length && missing(out[i]); i++) out[i] = first;
  return out;
}

/** Gaps between two values are interpolated; leading and trailing gaps stay. */
function linear(s: Float64Array): Float64Array {
  const out = Float64Array.from(s);
  let prev = -1;
  for (let i = 0; i < out.length; i++) {
    if (missing(out[i])) continue;
    if (prev >= 0 && i - prev > 1)
      for (let j = prev + 1; j < i; j++)
        out[j] = out[prev] + ((out[i] - out[prev]) * (j - prev)) / (i - prev);
    prev = i;
  }
  return out;
}

function fillWith(ev: Evaluation, n: CallNode): (s: Float64Array) => Float64Array {
  const how = n.args[1];
  if (how.t === "id" && how.id === "REPEAT") return repeat;
  if (how.t === "id" && how.id === "LINEAR") return linear;
  return (s) => {
    const value: MathValue = ev.run(how);
    const f = asSeries(ev, value, n.pos);
    const out = Float64Array.from(s);
    for (let i = 0; i < out.length; i++) if (missing(out[i])) out[i] = f[i];
    return out;
  };
}

export const GAP_FUNCTIONS: Record<string, MathFunction> = {
  IF: ifFunction,
  FILL: (n, ev) => {
    arity(ev, n, 2, 2);
    return perSeries(ev, ev.run(n.args[0]), fillWith(ev, n), n.pos);
  },
  RUNNING_SUM: (n, ev) =>
    perSeries(
      ev,
      onlyArgument(ev, n),
      (s) => {
        const out = new Float64Array(s.length);
        let acc = 0;
        for (let i = 0; i < s.length; i++) {
          if (!missing(s[i])) acc += s[i];
          out[i] = missing(s[i]) ? NaN : acc;
        }
        return out;
      },
      n.pos,
    ),
};
