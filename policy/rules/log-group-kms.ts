import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

export const logGroupKms: ResourceRule = {
  kind: "resource",
  name: "log-group-kms",
  description: "Log groups are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  types: [TYPE.logGroup],
  check: (r) =>
    r.props.kmsKeyId
      ? []
      : [`log group ${String(r.props.name ?? r.name)} is not encrypted with a KMS key: set kmsKeyId.`],
};
