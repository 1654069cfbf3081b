import { runUnderMocks, type MockRun, type PlannedResource } from "../../cli/plan/mockRuntime";
import { planStack, type Plan } from "../../cli/plan/plan";

/** Runs `program` (which declares components) under mocks in a throwaway stack. */
export function runProgram(program: () => unknown, config: Record<string, string> = {}): Promise<MockRun> {
  return runUnderMocks({
    project: "obskit-test",
    stack: "unit",
    config: { "aws:region": "eu-west-1", ...config },
    program,
  });
}

const plans = new Map<string, Promise<Plan>>();

/** The offline plan of a real stack of this repo, computed once per test run. */
export function planOf(stack: string): Promise<Plan> {
  let p = plans.get(stack);
  if (!p) {
    p = planStack(stack);
    plans.set(stack, p);
  }
  return p;
}

export function ofType(run: MockRun, type: string): PlannedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function one(run: MockRun, type: string, nameSuffix?: string): PlannedResource {
  const found = ofType(run, type).filter((r) => !nameSuffix || r.name.endsWith(nameSuffix));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`,
    );
  }
  return found[0];
}

export function parsePolicy(json: unknown): {
  Statement: {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
  }[];
} {
  return JSON.parse(String(json)) as ReturnType<typeof parsePolicy>;
}

export function actions(s: { Action: string | string[] }): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}
