import { TYPE } from "../../model/types";
import { statements } from "../resources";
import type { ResourceRule } from "../types";

export const keyPolicyNotPublic: ResourceRule = {
  kind: "resource",
  name: "kms-key-policy-not-public",
  description: "No key policy statement allows any principal (`*`) without a condition.",
  enforcementLevel: "mandatory",
  types: [TYPE.key],
  check: (r) => {
    if (r.props.policy === undefined)
      return ["KMS key has no explicit key policy: obskit keys always state who may use them."];
    const st = statements(r.props.policy);
    if (!st) return ["KMS key policy is not valid JSON with a Statement."];
    return st
      .filter(
        (s) =>
          s.Effect === "Allow" &&
          (s.Principal === "*" || JSON.stringify(s.Principal) === '{"AWS":"*"}') &&
          !s.Condition,
      )
      .map(() => "KMS key policy allows any principal without a condition.");
  },
};
