/**
 * Value comparisons shared by JSON and space-delimited patterns (`=`, `!=`, `<`, … against a
 * number, a string with `*` at either end, a regex, or anything), and the `&&`/`||` tree compiled
 * into nested closures.
 */
import { Operator, parseNumber } from "../lexer";
import type { Expr, Value } from "../parser";
import type { Scalar } from "./result";

function numericTest(op: Operator, n: number): (x: number) => boolean {
  switch (op) {
    case Operator.Eq:
      return (x) => x === n;
    case Operator.Ne:
      return (x) => x !== n;
    case Operator.Lt:
      return (x) => x < n;
    case Operator.Le:
      return (x) => x <= n;
    case Operator.Gt:
      return (x) => x > n;
    case Operator.Ge:
      return (x) => x >= n;
  }
}

/** Compiles `op value` into a test of one scalar. */
export function compileTest(op: Operator, value: Value): (v: Scalar) => boolean {
  const negate = op === Operator.Ne;
  switch (value.type) {
    case "any":
      return negate ? () => false : () => true;
    case "regex": {
      const re = value.regex;
      return negate ? (v) => !re.test(String(v)) : (v) => re.test(String(v));
    }
    case "string": {
      const { core, prefix, suffix } = value;
      let glob: (t: string) => boolean;
      if (prefix && suffix) glob = (t) => t.includes(core);
      else if (prefix) glob = (t) => t.endsWith(core);
      else if (suffix) glob = (t) => t.startsWith(core);
      else glob = (t) => t === core;
      return negate ? (v) => !glob(String(v)) : (v) => glob(String(v));
    }
    case "number": {
      const test = numericTest(op, value.value);
      return (v) => {
        if (typeof v === "number") return test(v);
        const n = typeof v === "string" ? parseNumber(v.trim()) : undefined;
        return n === undefined ? negate : test(n);
      };
    }
  }
}

/** Compiles an `&&`/`||` tree of leaves into one test. */
export function compileExpr<L, C>(expr: Expr<L>, leaf: (l: L) => (ctx: C) => boolean): (ctx: C) => boolean {
  const node = expr as { type: string; left?: Expr<L>; right?: Expr<L> };
  if (node.type === "and" || node.type === "or") {
    const a = compileExpr(node.left as Expr<L>, leaf);
    const b = compileExpr(node.right as Expr<L>, leaf);
    return node.type === "and" ? (ctx) => a(ctx) && b(ctx) : (ctx) => a(ctx) || b(ctx);
  }
  return leaf(expr as L);
}
