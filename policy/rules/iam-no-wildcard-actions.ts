import { TYPE } from "../../model/types";
import { statements, list } from "../resources";
import type { ResourceRule } from "../types";

export const iamNoWildcards: ResourceRule = {
  kind: "resource",
  name: "iam-no-wildcard-actions",
  description: "IAM policies name actions: no `*`, no `service:*`, no NotAction.",
  enforcementLevel: "mandatory",
  types: [TYPE.rolePolicy, TYPE.iamPolicy],
  check: (r) => {
    const st = statements(r.props.policy);
    if (!st) return ["IAM policy is not valid JSON with a Statement."];
    const problems: string[] = [];
    for (const s of st) {
      if (s.Effect !== "Allow") continue;
      if (s.NotAction) problems.push("IAM policy uses NotAction in an Allow statement.");
      for (const a of list(s.Action))
        if (a === "*" || a.endsWith(":*")) problems.push(`IAM policy allows the wildcard action ${a}.`);
    }
    return problems;
  },
};
