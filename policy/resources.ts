/** Helpers the rules read resources with (their types are the stack model's `TYPE`), and the policy documents they carry. */

import { EMITS_TAG } from "../components/tags";
import { TYPE } from "../model/types";

/** The S3 bucket resource types (aws v7 keeps both; settings live in separate resources). */
export const BUCKET_TYPES: readonly string[] = [TYPE.bucket, TYPE.bucketV2];

/** A bucket's name as its settings resources refer to it (`bucket`), in inputs or state. */
export const bucketName = (b: { name: string; props: Record<string, unknown> }): string =>
  String(b.props.bucket ?? b.props.id ?? b.name);

/** `Namespace/Name` of each metric a metric filter publishes (its `metricTransformation`, one or a list). */
export function filterMetrics(filter: { props: Record<string, unknown> }): string[] {
  const t = filter.props.metricTransformation as MetricTransformation | MetricTransformation[] | undefined;
  return (Array.isArray(t) ? t : t ? [t] : []).map((m) => `${String(m.namespace)}/${String(m.name)}`);
}
interface MetricTransformation {
  namespace?: string;
  name?: string;
}

/** `Namespace/Name` of each metric a resource says it publishes (its `obskit:emits` tag). */
export function taggedEmits(r: { props: Record<string, unknown> }): string[] {
  const tags = r.props.tags as Record<string, string> | undefined;
  return (tags?.[EMITS_TAG] ?? "").split(/\s+/).filter(Boolean);
}

/** The value of a condition key in a statement (any operator), case-insensitively by key. */
export function conditionValues(s: Stmt, key: string): { operator: string; values: string[] }[] {
  if (typeof s.Condition !== "object" || s.Condition === null) return [];
  const out: { operator: string; values: string[] }[] = [];
  for (const [operator, byKey] of Object.entries(s.Condition as Record<string, unknown>)) {
    if (typeof byKey !== "object" || byKey === null) continue;
    for (const [k, v] of Object.entries(byKey as Record<string, unknown>))
      if (k.toLowerCase() === key.toLowerCase())
        out.push({ operator, values: (Array.isArray(v) ? v : [v]).map((x) => String(x)) });
  }
  return out;
}

/** The principals of a statement of the given kind (`Service`, `AWS`), `*` for everyone. */
export function principals(s: Stmt, kind: "Service" | "AWS"): string[] {
  if (s.Principal === "*") return ["*"];
  if (typeof s.Principal !== "object" || s.Principal === null) return [];
  return list((s.Principal as Record<string, string | string[] | undefined>)[kind]);
}

export interface Stmt {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

/** The statements of a policy document (JSON text or object), or undefined when it has none. */
export function statements(policy: unknown): Stmt[] | undefined {
  try {
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as { Statement?: Stmt | Stmt[] };
    if (!doc || doc.Statement === undefined) return undefined;
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  } catch {
    return undefined;
  }
}

export const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
