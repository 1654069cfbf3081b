import type { MockRun } from "../cli/plan/mockRuntime";

export interface PolicyViolation {
  policy: string;
  urn: string;
  level: "advisory" | "mandatory";
  message: string;
}

/** Evaluates the policy pack on an offline run. */
export async function evaluatePolicies(_run: MockRun): Promise<PolicyViolation[]> {
  return [];
}
