/**
 * Space-delimited patterns (`[ip, user, status = 5*, ...]`): an event split into fields, pattern
 * fields aligned with them (ellipses covering any number), conditions tested, fields extracted.
 */
import type { DelimitedField, FieldLeaf, PatternAst } from "../parser";
import { compileExpr, compileTest } from "./compare";
import { delimitedPrecheck, type CompiledField } from "./delimitedPrecheck";
import { NO_MATCH, type FilterMatch } from "./result";

/** An event split into fields: each field's value and the offset where its raw text starts. */
export interface DelimitedTokens {
  values: string[];
  starts: number[];
  /** Offset of a `"` or `[` field that never closes (a truncated line), if any. @default undefined */
  unterminated?: number;
}

/** Splits an event into space-delimited fields (see the module comment for the rules). */
export function tokenize(line: string): DelimitedTokens {
  const values: string[] = [];
  const starts: number[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    if (i >= n) break;
    starts.push(i);
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && !(line[j] === '"' && line[j - 1] !== "\\")) j++;
      if (j >= n) return { values, starts, unterminated: i };
      values.push(line.slice(i + 1, j));
      i = j + 1;
    } else if (c === "[") {
      const j = line.indexOf("]", i + 1);
      if (j < 0) return { values, starts, unterminated: i };
      values.push(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i + 1;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d === 32 || d === 9) break;
        j++;
      }
      values.push(line.slice(i, j));
      i = j;
    }
  }
  return { values, starts };
}

/** How the fields of a pattern line up with the fields of one event. */
export interface DelimitedAlignment {
  /** For each pattern field (ellipses excluded, in order): the event field index it takes. */
  fieldIndex: number[];
  /** The value each pattern field takes (the rest of the line for an absorbing last field). */
  fieldValue: string[];
  /** Event field indexes covered by ellipses. */
  ellipsisIndexes: number[];
}

export type { CompiledField };

function compileFieldLeaf(leaf: FieldLeaf): (v: string) => boolean {
  return compileTest(leaf.op, leaf.value) as (v: string) => boolean;
}

/**
 * Aligns pattern fields with event fields. Returns undefined when no alignment satisfies every
 * field's condition. `check` false skips conditions (used to explain a mismatch).
 */
export function alignDelimited(
  fields: DelimitedField[],
  compiled: CompiledField[],
  line: string,
  tokens: DelimitedTokens,
  check = true,
): DelimitedAlignment | undefined {
  const { values, starts } = tokens;
  const hasEllipsis = fields.some((f) => f.type === "ellipsis");
  if (!hasEllipsis) {
    const k = compiled.length;
    if (values.length < k) return undefined;
    const fieldValue = values.slice(0, k);
    if (values.length > k) fieldValue[k - 1] = line.slice(starts[k - 1]).replace(/[ \t]+$/, "");
    if (check)
      for (let f = 0; f < k; f++) if (compiled[f].test && !compiled[f].test!(fieldValue[f])) return undefined;
    return { fieldIndex: fieldValue.map((_, f) => f), fieldValue, ellipsisIndexes: [] };
  }
  // With ellipses: each ellipsis covers zero or more event fields (tried shortest first).
  const fieldIndex: number[] = [];
  const ellipsisIndexes: number[] = [];
  const minAfter: number[] = new Array(fields.length + 1).fill(0);
  for (let p = fields.length - 1; p >= 0; p--)
    minAfter[p] = minAfter[p + 1] + (fields[p].type === "ellipsis" ? 0 : 1);
  const walk = (p: number, t: number, c: number): boolean => {
    if (p === fields.length) return t === values.length;
    if (values.length - t < minAfter[p]) return false;
    if (fields[p].type === "ellipsis") {
      for (let k = t; k <= values.length; k++) {
        if (walk(p + 1, k, c)) {
          for (let x = k - 1; x >= t; x--) ellipsisIndexes.push(x);
          return true;
        }
      }
      return false;
    }
    const cf = compiled[c];
    if (check && cf.test && !cf.test(values[t])) return false;
    if (!walk(p + 1, t + 1, c + 1)) return false;
    fieldIndex[c] = t;
    return true;
  };
  if (!walk(0, 0, 0)) return undefined;
  ellipsisIndexes.sort((a, b) => a - b);
  return { fieldIndex, fieldValue: fieldIndex.map((t) => values[t]), ellipsisIndexes };
}

export function compileDelimitedFields(fields: DelimitedField[]): CompiledField[] {
  const out: CompiledField[] = [];
  for (const f of fields) {
    if (f.type === "ellipsis") continue;
    out.push({
      name: f.name,
      test: f.cond ? compileExpr(f.cond, compileFieldLeaf) : undefined,
    });
  }
  return out;
}

/** The extracted fields of an aligned event: `$name`, or `$<position>` for unnamed/ellipsis fields. */
export function extractDelimited(
  compiled: CompiledField[],
  tokens: DelimitedTokens,
  a: DelimitedAlignment,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const t of a.ellipsisIndexes) fields[`$${t + 1}`] = tokens.values[t];
  compiled.forEach((cf, f) => {
    fields[cf.name ? `$${cf.name}` : `$${a.fieldIndex[f] + 1}`] = a.fieldValue[f];
  });
  return fields;
}

export function compileDelimited(
  ast: Extract<PatternAst, { kind: "space-delimited" }>,
): (message: string) => FilterMatch {
  const compiled = compileDelimitedFields(ast.fields);
  const pre = delimitedPrecheck(ast.fields, compiled);
  return (message) => {
    if (pre !== undefined && !pre(message)) return NO_MATCH;
    const tokens = tokenize(message);
    if (tokens.unterminated !== undefined) return NO_MATCH;
    const a = alignDelimited(ast.fields, compiled, message, tokens);
    return a ? { matched: true, fields: extractDelimited(compiled, tokens, a) } : NO_MATCH;
  };
}
