import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

export const keyRotation: ResourceRule = {
  kind: "resource",
  name: "kms-key-rotation",
  description: "Customer-managed symmetric keys rotate yearly.",
  enforcementLevel: "mandatory",
  types: [TYPE.key],
  check: (r) => {
    const spec = String(r.props.customerMasterKeySpec ?? r.props.keySpec ?? "SYMMETRIC_DEFAULT");
    return spec === "SYMMETRIC_DEFAULT" && r.props.enableKeyRotation !== true
      ? ["KMS key does not rotate: set enableKeyRotation: true."]
      : [];
  },
};
