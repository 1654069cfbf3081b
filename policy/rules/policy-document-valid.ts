import { documentsOf, grammarErrors, documentTypes } from "../documents";
import type { ResourceRule } from "../types";

export const policyDocumentValid: ResourceRule = {
  kind: "resource",
  name: "policy-document-valid",
  description:
    "Every IAM/KMS/S3/SNS/SQS policy document is valid for its kind: a trust policy names a principal and no Resource, an identity policy no principal, a resource policy a principal (as IAM, KMS, S3, SNS and SQS require).",
  enforcementLevel: "mandatory",
  get types() {
    return documentTypes();
  },
  check: (r) =>
    documentsOf(r).flatMap((d) =>
      grammarErrors(d).map((e) => `${d.field} is not a valid ${d.kind} policy: ${e}.`),
    ),
};
