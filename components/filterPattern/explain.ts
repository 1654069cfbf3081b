/**
 * Says, in words, why an event does not match a pattern. Slow path for diagnostics only (sample
 * checks, the CLI); it reuses the matcher's own primitives so it cannot disagree with it.
 */
import { parseNumber } from "./lexer";
import {
  MISSING,
  alignDelimited,
  compileDelimitedFields,
  compileTest,
  hasWildcard,
  isScalar,
  resolveAll,
  resolvePath,
  tokenize,
} from "./match";
import type { Expr, FieldLeaf, JsonLeaf, PatternAst } from "./parser";

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function exprText<L extends { text: string }>(e: Expr<L>): string {
  const node = e as { type: string; left?: Expr<L>; right?: Expr<L>; text?: string };
  if (node.type === "and" || node.type === "or") {
    const op = node.type === "and" ? " && " : " || ";
    return `(${exprText(node.left as Expr<L>)}${op}${exprText(node.right as Expr<L>)})`;
  }
  return (e as L).text;
}

function describeJsonLeaf(obj: unknown, leaf: JsonLeaf): string | undefined {
  const sel = leaf.selector;
  if (hasWildcard(sel)) {
    const all = resolveAll(obj, sel);
    if (leaf.type === "notExists")
      return all.length ? `${sel.text} selects ${all.length} value(s)` : undefined;
    if (all.length === 0) return `${sel.text} selects nothing in the event`;
    const test = leaf.type === "cmp" ? compileTest(leaf.op, leaf.value) : undefined;
    const want = leaf.type === "is" ? { TRUE: true, FALSE: false, NULL: null }[leaf.what] : undefined;
    const ok = all.some((v) => (test ? isScalar(v) && test(v) : v === want));
    return ok
      ? undefined
      : `no value selected by ${sel.text} satisfies \`${leaf.text}\` (values: ${show(all)})`;
  }
  const v = resolvePath(obj, sel);
  if (leaf.type === "notExists") return v === MISSING ? undefined : `${sel.text} exists (${show(v)})`;
  if (v === MISSING) return `${sel.text} does not exist in the event`;
  if (leaf.type === "is") {
    const want = { TRUE: true, FALSE: false, NULL: null }[leaf.what];
    return v === want ? undefined : `\`${leaf.text}\` is false: ${sel.text} is ${show(v)}`;
  }
  if (Array.isArray(v) || (typeof v === "object" && v !== null)) {
    return `${sel.text} is ${Array.isArray(v) ? "an array" : "an object"}, which never matches a comparison (select an element or property)`;
  }
  if (v === null) return `${sel.text} is null, which only IS NULL matches`;
  if (compileTest(leaf.op, leaf.value)(v as string | number | boolean)) return undefined;
  const hint =
    leaf.value.type === "number" && typeof v === "string" && parseNumber(v.trim()) === undefined
      ? " (not a number)"
      : "";
  return `\`${leaf.text}\` is false: ${sel.text} is ${show(v)}${hint}`;
}

/** Why `expr` is false for `obj`, or undefined when it is true. */
function explainJson(obj: unknown, e: Expr<JsonLeaf>): string | undefined {
  if (e.type === "and") return explainJson(obj, e.left) ?? explainJson(obj, e.right);
  if (e.type === "or") {
    const a = explainJson(obj, e.left);
    const b = a && explainJson(obj, e.right);
    return a && b ? `neither side of || holds: ${a}; and ${b}` : undefined;
  }
  return describeJsonLeaf(obj, e);
}

/** A human-readable reason why `message` does not match `ast`; undefined if it matches. */
export function explainMismatch(ast: PatternAst, message: string): string | undefined {
  switch (ast.kind) {
    case "all":
      return undefined;
    case "regex":
      return ast.regex.test(message)
        ? undefined
        : `the regular expression %${ast.source}% finds no match in the line`;
    case "terms": {
      if (ast.include.length === 0 && ast.exclude.length === 0) {
        if (ast.optional.some((t) => message.includes(t.text))) return undefined;
        return `none of the terms ${ast.optional.map((t) => `?${show(t.text)}`).join(" ")} occurs in the line (terms are case-sensitive)`;
      }
      for (const t of ast.include) {
        if (message.includes(t.text)) continue;
        const ci = message.toLowerCase().indexOf(t.text.toLowerCase());
        const hint =
          ci >= 0
            ? ` (it occurs as ${show(message.slice(ci, ci + t.text.length))}: terms are case-sensitive)`
            : "";
        return `the term ${show(t.text)} does not occur in the line${hint}`;
      }
      for (const t of ast.exclude) {
        const at = message.indexOf(t.text);
        if (at >= 0) return `the excluded term ${show(t.text)} occurs at column ${at}`;
      }
      return undefined;
    }
    case "json": {
      const trimmed = message.trim();
      if (!trimmed.startsWith("{"))
        return "the line is not a JSON object, and a JSON pattern only matches JSON events";
      let obj: unknown;
      try {
        obj = JSON.parse(trimmed);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return `the line is not valid JSON (${why}), so the JSON pattern cannot match it`;
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        return "the line is JSON but not an object, and a JSON pattern only matches JSON objects";
      }
      return explainJson(obj, ast.expr);
    }
    case "space-delimited": {
      const compiled = compileDelimitedFields(ast.fields);
      const tokens = tokenize(message);
      if (tokens.unterminated !== undefined) {
        const opener = message[tokens.unterminated];
        return `the ${opener === "[" ? "[" : "quoted"} field at offset ${tokens.unterminated} never closes (a truncated line), so no space-delimited pattern matches it`;
      }
      if (alignDelimited(ast.fields, compiled, message, tokens)) return undefined;
      const ellipses = ast.fields.filter((f) => f.type === "ellipsis").length;
      const shape = alignDelimited(ast.fields, compiled, message, tokens, false);
      if (!shape) {
        return `the line has ${tokens.values.length} space-delimited field(s) but the pattern needs ${compiled.length}${ellipses ? " or more" : ""}`;
      }
      if (ellipses > 1)
        return "no placement of the line's fields under the pattern's ellipses satisfies every field condition";
      const fieldConds = ast.fields.filter((f) => f.type === "field");
      for (let f = 0; f < compiled.length; f++) {
        const test = compiled[f].test;
        if (!test || test(shape.fieldValue[f])) continue;
        const cond = fieldConds[f].cond as Expr<FieldLeaf>;
        return `field ${shape.fieldIndex[f] + 1}${compiled[f].name ? ` (${compiled[f].name})` : ""} is ${show(shape.fieldValue[f])}, so \`${exprText(cond)}\` is false`;
      }
      return "the line does not match the space-delimited pattern";
    }
  }
}
