/**
 * The raw-text pre-check of a JSON pattern: the keys and string values a matching event must
 * contain, tested with `includes` before any parsing.
 */
import { Operator } from "../lexer";
import type { Expr, JsonLeaf } from "../parser";

/**
 * A cheap test on the raw text that every matching event passes, or undefined when there is none.
 * Only valid when the event has no backslash: then every JSON key and string appears literally.
 */
export function jsonPrefilter(expr: Expr<JsonLeaf>): ((text: string) => boolean) | undefined {
  if (expr.type === "and" || expr.type === "or") {
    const a = jsonPrefilter(expr.left);
    const b = jsonPrefilter(expr.right);
    if (expr.type === "and") return a && b ? (t) => a(t) && b(t) : (a ?? b);
    return a && b ? (t) => a(t) || b(t) : undefined;
  }
  if (expr.type === "notExists") return undefined;
  const keys = expr.selector.segments.filter((g) => g.type === "key").map((g) => `"${g.name}"`);
  const needles = keys.length ? [keys[keys.length - 1]] : [];
  // A string value's text must appear in the event, unless it could be the printed form of a
  // number (`1E3` parses to 1000), so only cores with some non-numeric character are used.
  if (expr.type === "cmp" && expr.op === Operator.Eq && expr.value.type === "string") {
    const core = expr.value.core;
    if (core && /[^0-9.eE+-]/.test(core)) needles.push(core);
  }
  if (needles.length === 0) return undefined;
  if (needles.length === 1) {
    const [n] = needles;
    return (t) => t.includes(n);
  }
  return (t) => needles.every((n) => t.includes(n));
}
