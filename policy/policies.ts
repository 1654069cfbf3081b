import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { RULES, type Rule } from "./rules";

/** The rules as `@pulumi/policy` policies, for `pulumi preview --policy-pack policy`. */
export function toPulumiPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  if (rule.kind === "resource") {
    return {
      name: rule.name,
      description: rule.description,
      enforcementLevel: rule.enforcementLevel,
      validateResource: (args, reportViolation) => {
        if (!rule.types.includes(args.type)) return;
        for (const message of rule.check({
          type: args.type,
          urn: args.urn,
          name: args.name,
          props: args.props as Record<string, unknown>,
        })) {
          reportViolation(message);
        }
      },
    };
  }
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    validateStack: (args, reportViolation) => {
      const views = args.resources.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: r.props as Record<string, unknown>,
      }));
      for (const v of rule.check(views)) reportViolation(v.message, v.urn);
    },
  };
}

export const POLICIES = RULES.map(toPulumiPolicy);
