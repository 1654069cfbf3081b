import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { RULES, type PolicyContext, type Rule } from "./rules";

/**
 * The rules as `@pulumi/policy` policies, for `pulumi preview --policy-pack policy`. Each rule's
 * level per stack (`obskit:policy.enforcement`) reaches the pack as its `enforcementLevel` in the
 * policy-pack config, which Pulumi applies itself (`disabled` included).
 */
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
    // the stack's settings, from the pack config `obskit plan --policy-pack-config` writes
    configSchema: { properties: { settings: { type: "object" } } },
    validateStack: (args, reportViolation) => {
      const ctx: PolicyContext = {
        settings: args.getConfig<{ settings?: Record<string, unknown> }>().settings ?? {},
      };
      const views = args.resources.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: r.props as Record<string, unknown>,
      }));
      for (const v of rule.check(views, ctx)) reportViolation(v.message, v.urn || undefined);
    },
  };
}

export const POLICIES = RULES.map(toPulumiPolicy);
