/**
 * The numeric conditions of a pattern (`$.latencyMs > 2000`, `bytes >= 1000`) and whether a set of
 * sample lines pins each one at its threshold: a sample at the threshold and one step either side,
 * so that moving the threshold by a step changes how some sample is matched.
 */
import { compileFilterPattern, type FilterMatcher } from "./compile";
import { Operator, parseNumber } from "./lexer";
import { parsePattern, type Expr, type PatternAst } from "./parser";
import type { FilterSamples } from "./samples";

/** One numeric comparison of a JSON or space-delimited pattern. */
export interface NumericCondition {
  /** The condition as written: `$.processingTimeMs > 2000`. */
  readonly text: string;
  /** The field it reads, as a metric filter names it: `$.processingTimeMs`, `$bytes`. */
  readonly field: string;
  /** The comparison. */
  readonly op: Operator;
  /** The threshold's value. */
  readonly threshold: number;
  /** The threshold as written (`2000`, `0.5`). */
  readonly thresholdText: string;
  /**
   * The threshold's step: 1 for a whole number, else the smallest decimal step of its written
   * precision (0.1 for `0.5`, 0.01 for `0.25`).
   */
  readonly step: number;
  /** Where the threshold's text starts in the pattern (0-based), to rewrite it. */
  readonly thresholdAt: number;
}

/** A value a condition needs a sample at, and whether the condition holds there. */
export interface BoundaryValue {
  readonly value: number;
  /** Whether the condition alone is true at `value` (a sample there should match). */
  readonly matches: boolean;
}

/** How the samples cover one numeric condition. */
export interface ThresholdCoverage {
  readonly condition: NumericCondition;
  /** The values the condition needs samples at: one step below, at, and one step above the threshold. */
  readonly required: readonly BoundaryValue[];
  /** Those of `required` no sample pins (no sample has the field there, in the list the condition implies). */
  readonly missing: readonly BoundaryValue[];
  /** Thresholds one step away that every sample matches alike: a mutant the samples would not catch. */
  readonly unkilled: readonly number[];
}

const decimalsOf = (text: string): number => {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m) return 0;
  return Math.max(0, (m[2]?.length ?? 0) - Number(m[3] ?? 0));
};

/** `value` in the written precision of `decimals` places, without binary noise (1999.9999 → 1999.9). */
const atPrecision = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** Whether `op` holds between `x` and `threshold`. */
export function compares(op: Operator, x: number, threshold: number): boolean {
  switch (op) {
    case Operator.Eq:
      return x === threshold;
    case Operator.Ne:
      return x !== threshold;
    case Operator.Lt:
      return x < threshold;
    case Operator.Le:
      return x <= threshold;
    case Operator.Gt:
      return x > threshold;
    case Operator.Ge:
      return x >= threshold;
  }
}

function leavesOf<L>(e: Expr<L>, out: L[]): L[] {
  const node = e as { type: string; left?: Expr<L>; right?: Expr<L> };
  if ((node.type === "and" || node.type === "or") && node.left && node.right) {
    leavesOf(node.left, out);
    leavesOf(node.right, out);
  } else out.push(e as L);
  return out;
}

/** Every numeric comparison of the pattern, in the order written; none for term and regex patterns. */
export function numericConditions(pattern: string): NumericCondition[] {
  const ast = parsePattern(pattern);
  const found: { text: string; field: string; op: Operator; value: number; valueText: string }[] = [];
  if (ast.kind === "json") {
    for (const leaf of leavesOf(ast.expr, []))
      if (leaf.type === "cmp" && leaf.value.type === "number")
        found.push({
          text: leaf.text,
          field: leaf.selector.text,
          op: leaf.op,
          value: leaf.value.value,
          valueText: leaf.value.text,
        });
  } else if (ast.kind === "space-delimited") {
    for (const f of ast.fields)
      if (f.type === "field" && f.cond)
        for (const leaf of leavesOf(f.cond, []))
          if (leaf.value.type === "number")
            found.push({
              text: leaf.text,
              field: `$${leaf.name}`,
              op: leaf.op,
              value: leaf.value.value,
              valueText: leaf.value.text,
            });
  }
  // leaves come in the order they are written: find each after the one before
  let from = 0;
  return found.map((c) => {
    const at = pattern.indexOf(c.text, from);
    const start = at < 0 ? pattern.indexOf(c.text) : at;
    from = start + c.text.length;
    const decimals = decimalsOf(c.valueText);
    return {
      text: c.text.trim(),
      field: c.field,
      op: c.op,
      threshold: c.value,
      thresholdText: c.valueText,
      step: atPrecision(10 ** -decimals, decimals),
      thresholdAt: start + c.text.lastIndexOf(c.valueText),
    };
  });
}

/** The pattern with `condition`'s threshold rewritten to `threshold` (how a mutant is made). */
export function withThreshold(pattern: string, condition: NumericCondition, threshold: number): string {
  const decimals = decimalsOf(condition.thresholdText);
  const text = atPrecision(threshold, decimals).toFixed(decimals);
  const end = condition.thresholdAt + condition.thresholdText.length;
  return `${pattern.slice(0, condition.thresholdAt)}${text}${pattern.slice(end)}`;
}

/** A pattern that matches any event with the pattern's fields and extracts them all, whatever their values. */
function probeOf(ast: PatternAst): FilterMatcher | undefined {
  if (ast.kind === "json") {
    const plain = ast.selectors.filter((s) => !s.segments.some((g) => g.type === "wildcard"));
    if (plain.length === 0) return undefined;
    return compileFilterPattern(`{ ${plain.map((s) => `${s.text} = *`).join(" || ")} }`);
  }
  if (ast.kind === "space-delimited") {
    const names = ast.fields.map((f, i) =>
      f.type === "ellipsis" ? "..." : f.name ? f.name : `obskit_field_${i}`,
    );
    return compileFilterPattern(`[${names.join(", ")}]`);
  }
  return undefined;
}

/** The numeric value of `field` in `line`, as the pattern compares it; undefined when absent or not a number. */
function numberIn(probe: FilterMatcher, field: string, line: string): number | undefined {
  const v = probe(line).fields?.[field];
  if (typeof v === "number") return v;
  if (typeof v === "string") return parseNumber(v.trim());
  return undefined;
}

/**
 * For each numeric condition of `pattern`, which of the values at its threshold and one step
 * either side the samples pin, and which one-step moves of the threshold they would not catch. A
 * sample pins a value when its field has that value and it is declared where the condition puts
 * it (`match` when the condition holds there, else `noMatch`).
 */
export function thresholdCoverage(
  pattern: string | FilterMatcher,
  samples: FilterSamples,
): ThresholdCoverage[] {
  const source = typeof pattern === "string" ? pattern : pattern.source;
  const conditions = numericConditions(source);
  if (conditions.length === 0) return [];
  const probe = probeOf(parsePattern(source));
  const original = typeof pattern === "string" ? compileFilterPattern(pattern) : pattern;
  const lines = [
    ...(samples.match ?? []).map((line) => ({ line, match: true })),
    ...(samples.noMatch ?? []).map((line) => ({ line, match: false })),
  ];
  return conditions.map((condition) => {
    const { threshold, step, op } = condition;
    const decimals = decimalsOf(condition.thresholdText);
    const required = [threshold - step, threshold, threshold + step].map((v) => {
      const value = atPrecision(v, decimals);
      return { value, matches: compares(op, value, threshold) };
    });
    const near = (a: number, b: number): boolean => Math.abs(a - b) < step / 1e6;
    const values = lines.map((l) => ({
      ...l,
      value: probe ? numberIn(probe, condition.field, l.line) : undefined,
    }));
    const missing = required.filter(
      (r) => !values.some((l) => l.value !== undefined && near(l.value, r.value) && l.match === r.matches),
    );
    const unkilled = [threshold - step, threshold + step]
      .map((t) => atPrecision(t, decimals))
      .filter((t) => {
        const mutant = compileFilterPattern(withThreshold(source, condition, t));
        return lines.every((l) => mutant(l.line).matched === original(l.line).matched);
      });
    return { condition, required, missing, unkilled };
  });
}
