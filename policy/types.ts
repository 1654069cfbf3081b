/**
 * The types of obskit's policy rules: pure functions over a neutral view of a resource, so the same
 * rules run in the `@pulumi/policy` pack (`pulumi preview --policy-pack policy`) and offline in
 * `obskit plan`.
 */

/**
 * The context every stack rule is evaluated with (`context.ts` reads and checks it). Plain JSON, so
 * the pack needs nothing of the program that parsed it.
 */
export interface PolicyContext {
  /** The stack's settings (`obskit:<key>` → value, parsed, defaults applied), as plain JSON. */
  settings: Record<string, unknown>;
}

export interface ResourceView {
  type: string;
  urn: string;
  name: string;
  /** The resource's inputs (in a stack policy, its state where known). */
  props: Record<string, unknown>;
}

export type EnforcementLevel = "advisory" | "mandatory";

interface RuleBase {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
}
export interface ResourceRule extends RuleBase {
  kind: "resource";
  /** Resource types the rule looks at. */
  types: string[];
  check(r: ResourceView): string[];
}
export interface StackRule extends RuleBase {
  kind: "stack";
  /** `ctx` carries the stack's settings for rules that depend on config. */
  check(resources: ResourceView[], ctx: PolicyContext): { urn: string; message: string }[];
}
export type Rule = ResourceRule | StackRule;

export interface Violation {
  policy: string;
  urn: string;
  level: EnforcementLevel;
  message: string;
}
