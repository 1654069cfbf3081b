import type { StackModel } from "../model";
import { assertKnownRules, evaluate, RULES, type PolicyContext, type Violation } from "./rules";

export type PolicyViolation = Violation;

/**
 * Evaluates the policy pack's rules on a planned stack's model (`obskit plan`): resource rules over the
 * inputs, stack rules over the state the mocks answered with, as the policy engine does, with the
 * stack's settings as context (throws `PolicyConfigError` when `obskit:policy` names no rule).
 */
export async function evaluatePolicies(model: StackModel, ctx: PolicyContext): Promise<PolicyViolation[]> {
  assertKnownRules(ctx, RULES);
  const custom = model.resources.filter((r) => r.custom);
  const inputs = custom.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }));
  const outputs = custom.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.state }));
  return evaluate(inputs, RULES, outputs, ctx);
}
