/** Functions applied to each datapoint (ABS, CEIL, FLOOR, LOG, LOG10) and TIME_SERIES. */
import { arity, mapValues, onlyArgument, type MathFunction } from "./values";

const each =
  (f: (x: number) => number): MathFunction =>
  (n, ev) =>
    mapValues(onlyArgument(ev, n), f);

export const ARITHMETIC_FUNCTIONS: Record<string, MathFunction> = {
  ABS: each(Math.abs),
  CEIL: each(Math.ceil),
  FLOOR: each(Math.floor),
  LOG: each(Math.log),
  LOG10: each(Math.log10),
  TIME_SERIES: (n, ev) => {
    arity(ev, n, 1, 1);
    const v = ev.run(n.args[0]);
    if (typeof v !== "number") return ev.fail(n.pos, "TIME_SERIES takes a scalar");
    return new Float64Array(ev.ctx.length).fill(v);
  },
};
