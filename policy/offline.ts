import type { MockRun } from "../model/run";
import { assertKnownRules, evaluate, RULES, type PolicyContext, type Violation } from "./rules";

export type PolicyViolation = Violation;

/**
 * Evaluates the policy pack's rules on an offline run (`obskit plan`): resource rules over the
 * inputs, stack rules over the state the mocks answered with, as the policy engine does, with the
 * stack's settings as context (throws `PolicyConfigError` when `obskit:policy` names no rule).
 */
export async function evaluatePolicies(run: MockRun, ctx: PolicyContext): Promise<PolicyViolation[]> {
  assertKnownRules(ctx, RULES);
  const custom = run.resources.filter((r) => r.custom);
  const inputs = custom.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }));
  const outputs = custom.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.state }));
  return evaluate(inputs, RULES, outputs, ctx);
}
