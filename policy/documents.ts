import { documentProperties, resourceTypes, TYPE, type PolicyDocumentKind } from "../model/types";
/** The policy documents resources carry: where each type keeps them, their kind, their grammar. */

import {
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
} from "@cloud-copilot/iam-policy";
import { statements, type Stmt } from "./resources";
import type { ResourceView } from "./types";

export type PolicyKind = PolicyDocumentKind;

/** A policy document a resource carries, with its kind and where it sits. */
export interface PlannedDocument {
  kind: PolicyKind;
  /** The property holding it, e.g. `assumeRolePolicy`, `inlinePolicies[0].policy`. */
  field: string;
  /** The document as given (JSON text or object). */
  document: unknown;
}

/** The types that carry policy documents, from the stack model's type table (read at each call, so a registered type counts). */
export function documentTypes(): string[] {
  return resourceTypes()
    .filter((t) => (t.documents ?? []).length > 0)
    .map((t) => t.token);
}

/**
 * Every policy document of a resource, with its kind. Values not known yet (a preview's unknown
 * outputs) are skipped: they are checked when known.
 */
export function documentsOf(r: ResourceView): PlannedDocument[] {
  const known = (v: unknown): boolean => typeof v === "string" || (typeof v === "object" && v !== null);
  const out: PlannedDocument[] = [];
  for (const { property: field, kind } of documentProperties(r.type)) {
    const document = r.props[field];
    if (known(document) && document !== "") out.push({ kind, field, document });
  }
  if (r.type === TYPE.role && Array.isArray(r.props.inlinePolicies)) {
    (r.props.inlinePolicies as { policy?: unknown }[]).forEach((p, i) => {
      if (known(p?.policy) && p.policy !== "")
        out.push({ kind: "identity", field: `inlinePolicies[${i}].policy`, document: p.policy });
    });
  }
  return out;
}

const VALIDATORS: Record<PolicyKind, (doc: unknown) => { path: string; message: string }[]> = {
  identity: validateIdentityPolicy,
  resource: validateResourcePolicy,
  trust: validateTrustPolicy,
};

/** The grammar errors of a document for its kind; empty when IAM would accept it. */
export function grammarErrors(d: PlannedDocument): string[] {
  let doc: unknown;
  try {
    doc = typeof d.document === "string" ? JSON.parse(d.document) : d.document;
  } catch {
    return ["is not valid JSON"];
  }
  const errors = VALIDATORS[d.kind](doc).map((e) => `${e.path || "(document)"}: ${e.message}`);
  // The grammar library accepts a resource-policy statement without a principal; IAM does not.
  if (d.kind === "resource" && errors.length === 0) {
    (statements(doc) ?? []).forEach((s, i) => {
      const st = s as Stmt & { NotPrincipal?: unknown };
      if (st.Principal === undefined && st.NotPrincipal === undefined)
        errors.push(`Statement[${i}]: a resource policy statement must name a Principal`);
    });
  }
  return errors;
}
