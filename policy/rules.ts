/**
 * obskit's policy rules as pure functions over a neutral view of a resource, so the same rules
 * run in the `@pulumi/policy` pack (`pulumi preview --policy-pack policy`) and offline in
 * `obskit plan`. One rule per file in `policy/rules/`, registered with one line in
 * `policy/rules/index.ts`; this module is the pack's entry: the rules, their types, `evaluate`.
 */

import { EMITS_TAG } from "../components/tags";
import * as registered from "./rules/index";
import { EMPTY_CONTEXT, levelOf, type PolicyContext } from "./context";
import type { Rule, ResourceView, Violation } from "./types";

export type { EnforcementLevel, ResourceRule, ResourceView, Rule, StackRule, Violation } from "./types";
export { documentsOf, grammarErrors, type PlannedDocument, type PolicyKind } from "./documents";
export {
  SERVICE_PRINCIPAL_EXCEPTIONS,
  unboundServicePrincipals,
} from "./rules/service-principal-confused-deputy";
export { EMITS_TAG };
export {
  EMPTY_CONTEXT,
  PolicyConfigError,
  assertKnownRules,
  levelOf,
  policyPackConfig,
  type ConfiguredLevel,
  type PolicyContext,
} from "./context";

/** Every rule of the pack, by name (a stable order whatever the registry's). */
export const RULES: Rule[] = (Object.values(registered) as Rule[]).sort((a, b) =>
  a.name.localeCompare(b.name),
);

/**
 * Evaluates every rule over a set of resources. Resource rules see inputs (as in
 * `validateResource`); stack rules see outputs (as in `validateStack`), given as `outputs` when
 * they differ from the inputs. `ctx` carries the stack's settings: stack rules that depend on
 * config read them, and `obskit:policy.enforcement` sets each rule's level (or disables it).
 */
export function evaluate(
  resources: ResourceView[],
  rules: Rule[] = RULES,
  outputs: ResourceView[] = resources,
  ctx: PolicyContext = EMPTY_CONTEXT,
): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    const level = levelOf(rule, ctx);
    if (level === "disabled") continue;
    if (rule.kind === "resource") {
      for (const r of resources.filter((x) => rule.types.includes(x.type))) {
        for (const message of rule.check(r)) out.push({ policy: rule.name, urn: r.urn, level, message });
      }
    } else {
      for (const v of rule.check(outputs, ctx))
        out.push({ policy: rule.name, urn: v.urn, level, message: v.message });
    }
  }
  return out;
}
