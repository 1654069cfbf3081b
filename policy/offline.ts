import type { MockRun } from "../cli/plan/mockRuntime";
import { evaluate, type Violation } from "./rules";

export type PolicyViolation = Violation;

/** Evaluates the policy pack's rules on an offline run (`obskit plan`), over resource inputs. */
export async function evaluatePolicies(run: MockRun): Promise<PolicyViolation[]> {
  const views = run.resources
    .filter((r) => r.custom)
    .map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }));
  return evaluate(views);
}
