/** The policy documents resources carry: where each type keeps them, their kind, their grammar. */

import {
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
} from "@cloud-copilot/iam-policy";
import { statements, T, type Stmt } from "./resources";
import type { ResourceView } from "./types";

export type PolicyKind = "identity" | "resource" | "trust";

/** A policy document a resource carries, with its kind and where it sits. */
export interface PlannedDocument {
  kind: PolicyKind;
  /** The property holding it, e.g. `assumeRolePolicy`, `inlinePolicies[0].policy`. */
  field: string;
  /** The document as given (JSON text or object). */
  document: unknown;
}

/** Where each IAM/KMS/S3/SNS/SQS resource type keeps a policy document, and its kind. */
export const DOCUMENT_FIELDS: Record<string, { field: string; kind: PolicyKind }[]> = {
  [T.role]: [{ field: "assumeRolePolicy", kind: "trust" }],
  [T.rolePolicy]: [{ field: "policy", kind: "identity" }],
  [T.policy]: [{ field: "policy", kind: "identity" }],
  [T.userPolicy]: [{ field: "policy", kind: "identity" }],
  [T.groupPolicy]: [{ field: "policy", kind: "identity" }],
  [T.key]: [{ field: "policy", kind: "resource" }],
  [T.keyPolicy]: [{ field: "policy", kind: "resource" }],
  [T.bucket]: [{ field: "policy", kind: "resource" }],
  [T.bucketV2]: [{ field: "policy", kind: "resource" }],
  [T.bucketPolicy]: [{ field: "policy", kind: "resource" }],
  [T.topic]: [{ field: "policy", kind: "resource" }],
  [T.topicPolicy]: [{ field: "policy", kind: "resource" }],
  [T.queue]: [{ field: "policy", kind: "resource" }],
  [T.queuePolicy]: [{ field: "policy", kind: "resource" }],
};

/**
 * Every policy document of a resource, with its kind. Values not known yet (a preview's unknown
 * outputs) are skipped: they are checked when known.
 */
export function documentsOf(r: ResourceView): PlannedDocument[] {
  const known = (v: unknown): boolean => typeof v === "string" || (typeof v === "object" && v !== null);
  const out: PlannedDocument[] = [];
  for (const { field, kind } of DOCUMENT_FIELDS[r.type] ?? []) {
    const document = r.props[field];
    if (known(document) && document !== "") out.push({ kind, field, document });
  }
  if (r.type === T.role && Array.isArray(r.props.inlinePolicies)) {
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
