import { TYPE } from "../../model/types";
import {
  BUCKET_TYPES,
  bucketName,
  conditionValues,
  list,
  principals,
  statements,
  type Stmt,
} from "../resources";
import type { StackRule } from "../types";

/**
 * Whether a statement denies every request to `bucket` (the bucket and its objects) made without
 * TLS: Deny, everyone, all S3 actions, `aws:SecureTransport` false.
 */
function deniesPlainHttp(s: Stmt, bucket: string): boolean {
  if (s.Effect !== "Deny" || !principals(s, "AWS").includes("*")) return false;
  if (!list(s.Action).some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
  // the partition aside (aws, aws-cn, aws-us-gov)
  const resources = list(s.Resource).map((r) => r.replace(/^arn:aws[a-z-]*:/, "arn:aws:"));
  const arn = `arn:aws:s3:::${bucket}`;
  const covers = (target: string) => resources.includes("*") || resources.includes(target);
  if (!covers(arn) || !covers(`${arn}/*`)) return false;
  return conditionValues(s, "aws:SecureTransport").some(
    (c) => c.operator === "Bool" && c.values.every((v) => v === "false"),
  );
}

/** Every bucket's policy denies requests without TLS (AWS Foundational Security Best Practices S3.5). */
export const s3DenyNonTls: StackRule = {
  kind: "stack",
  name: "s3-deny-non-tls",
  description:
    "Every S3 bucket's policy denies all S3 actions on the bucket and its objects to requests without TLS (aws:SecureTransport false).",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const policiesOf = new Map<string, unknown[]>();
    for (const r of resources.filter((x) => x.type === TYPE.bucketPolicy)) {
      const k = String(r.props.bucket);
      policiesOf.set(k, [...(policiesOf.get(k) ?? []), r.props.policy]);
    }
    return resources
      .filter((r) => BUCKET_TYPES.includes(r.type))
      .filter((b) => {
        const name = bucketName(b);
        const docs = [...(policiesOf.get(name) ?? []), b.props.policy].filter((d) => d !== undefined);
        return !docs.some((d) => (statements(d) ?? []).some((s) => deniesPlainHttp(s, name)));
      })
      .map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} does not deny requests without TLS: add a BucketPolicy statement Deny * s3:* on the bucket and bucket/* when aws:SecureTransport is false.`,
      }));
  },
};
