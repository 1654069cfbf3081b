/** Evaluates a parsed metric-math expression: literals and ids, operators, then one table of functions. */
import type { Node } from "../../../components/metricMath";
import { AGGREGATION_FUNCTIONS } from "./aggregation";
import { ARITHMETIC_FUNCTIONS } from "./arithmetic";
import { ARRAY_FUNCTIONS } from "./arrays";
import { GAP_FUNCTIONS } from "./gaps";
import { operator } from "./operators";
import { TIME_FUNCTIONS } from "./time";
import {
  asSeries,
  mapValues,
  MetricMathError,
  type Evaluation,
  type MathContext,
  type MathFunction,
  type MathValue,
} from "./values";

/** Every function the evaluator implements, by name. */
const FUNCTIONS: Record<string, MathFunction> = {
  ...ARITHMETIC_FUNCTIONS,
  ...AGGREGATION_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...GAP_FUNCTIONS,
};

/** Evaluates a parsed expression over `ctx`'s periods. */
export function evaluateExpression(src: string, node: Node, ctx: MathContext): MathValue {
  const ev: Evaluation = {
    src,
    ctx,
    fail: (pos, message) => {
      throw new MetricMathError(src, pos, message);
    },
    run: (n) => run(n),
  };
  const run = (n: Node): MathValue => {
    switch (n.t) {
      case "num":
        return n.v;
      case "id": {
        const s = ctx.series(n.id);
        if (!s) return ev.fail(n.pos, `no metric query with id ${n.id}`);
        return s;
      }
      case "str":
        return ev.fail(0, "a string outside METRICS()");
      case "list":
        return n.items.flatMap((it) => {
          const v = run(it);
          return Array.isArray(v) ? v : [asSeries(ev, v, 0)];
        });
      case "unary":
        return mapValues(run(n.a), (x) => -x);
      case "bin":
        return operator(ev, n.op, run(n.a), run(n.b));
      case "call": {
        const f = FUNCTIONS[n.fn];
        if (!f) return ev.fail(n.pos, `function ${n.fn} is not implemented by the offline evaluator`);
        return f(n, ev);
      }
    }
  };
  return run(node);
}
