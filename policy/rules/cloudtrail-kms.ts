import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

/** CIS AWS Foundations 3.5: trail logs are encrypted with a customer-managed key (SSE-KMS). */
export const cloudtrailKms: ResourceRule = {
  kind: "resource",
  name: "cloudtrail-kms",
  description:
    "CloudTrail trails encrypt their log files with a customer-managed KMS key: reading them then needs kms:Decrypt, not only s3:GetObject.",
  enforcementLevel: "mandatory",
  types: [TYPE.trail],
  check: (r) =>
    r.props.kmsKeyId
      ? []
      : [`trail ${String(r.props.name ?? r.name)} is not encrypted with a KMS key: set kmsKeyId.`],
};
