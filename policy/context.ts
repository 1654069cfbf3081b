/**
 * What a rule may know about the stack beyond its resources: the stack's settings, as the program
 * parsed them (`stack/settings/`, the program's own defaults applied). `obskit plan` has them offline; the
 * `@pulumi/policy` pack receives them through its policy-pack config, which `obskit plan
 * --policy-pack-config <file>` writes from the same stack config (scripts/deploy.sh passes that
 * file to `pulumi up --policy-pack-config`).
 */
import type { EnforcementLevel, PolicyContext, Rule } from "./types";

export type { PolicyContext } from "./types";

/** A context knowing nothing about the stack: rules that need settings check nothing they lack. */
export const EMPTY_CONTEXT: PolicyContext = { settings: {} };

/** A rule's level in a stack: its own, or the one `obskit:policy.enforcement.<rule>` sets. */
export type ConfiguredLevel = EnforcementLevel | "disabled";

export const CONFIGURED_LEVELS: readonly ConfiguredLevel[] = ["advisory", "mandatory", "disabled"];

/** Raised when `obskit:policy` names a rule the pack does not have: a typo must not pass silently. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid obskit:policy configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PolicyConfigError";
  }
}

/** `obskit:policy.enforcement` of the context: rule name → configured level. */
export function enforcementOf(ctx: PolicyContext): Record<string, ConfiguredLevel> {
  const policy = ctx.settings.policy as { enforcement?: Record<string, ConfiguredLevel> } | undefined;
  return policy?.enforcement ?? {};
}

/** The level `rule` runs at in this stack. */
export function levelOf(rule: Rule, ctx: PolicyContext): ConfiguredLevel {
  return enforcementOf(ctx)[rule.name] ?? rule.enforcementLevel;
}

/** Throws {@link PolicyConfigError} when the enforcement map names rules `rules` lacks, or bad levels. */
export function assertKnownRules(ctx: PolicyContext, rules: readonly Rule[]): void {
  const names = new Set(rules.map((r) => r.name));
  const problems: string[] = [];
  for (const [name, level] of Object.entries(enforcementOf(ctx))) {
    if (!names.has(name))
      problems.push(
        `obskit:policy.enforcement.${name} names no rule of the policy pack (got ${JSON.stringify(level)}); rules: ${[...names].join(", ")}`,
      );
    else if (!CONFIGURED_LEVELS.includes(level))
      problems.push(
        `obskit:policy.enforcement.${name} must be one of ${CONFIGURED_LEVELS.join(", ")} (got ${JSON.stringify(level)})`,
      );
  }
  if (problems.length > 0) throw new PolicyConfigError(problems);
}

/**
 * The `@pulumi/policy` pack config (`pulumi up --policy-pack-config <file>`) for a stack: every
 * rule's enforcement level, and for stack rules the settings they read.
 */
export function policyPackConfig(
  ctx: PolicyContext,
  rules: readonly Rule[],
): Record<string, { enforcementLevel: ConfiguredLevel; settings?: Record<string, unknown> }> {
  assertKnownRules(ctx, rules);
  return Object.fromEntries(
    rules.map((r) => [
      r.name,
      r.kind === "stack"
        ? { enforcementLevel: levelOf(r, ctx), settings: ctx.settings }
        : { enforcementLevel: levelOf(r, ctx) },
    ]),
  );
}
