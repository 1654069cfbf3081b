import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { readStack, type StackModel } from "../../model";
import { evaluatePolicies, type PolicyViolation } from "../../policy/offline";
import type { PolicyContext } from "../../policy/rules";
import { parseSettings } from "../../stack/settings";
import { runUnderMocks, type MockRun } from "./mockRuntime";
import { readProjectName, readStackConfig } from "./stackConfig";

/** The `obskit plan --json` contract (DESIGN.md). Other tools depend on it: change it only additively. */
export interface PlanJson {
  project: string;
  stack: string;
  resources: {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    protect: boolean;
  }[];
  outputs: Record<string, unknown>;
  policy: { violations: PolicyViolation[] };
}

export interface Plan {
  run: MockRun;
  /** The stack model every reader of the plan uses, read once from `run`. */
  model: StackModel;
  json: PlanJson;
  /** What the policy rules were evaluated with: the stack's parsed settings. */
  policyContext: PolicyContext;
}

/** The repository root: where Pulumi.yaml and index.ts live. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Runs the program in `root` offline as stack `stack` with `config` (its config file's, or changed). */
export function runStack(root: string, stack: string, config: Record<string, string>): Promise<MockRun> {
  return runUnderMocks({
    project: readProjectName(root),
    stack,
    config,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program: () => require(path.join(root, "index.ts")) as unknown,
  });
}

/** Runs the stack `stack` of the program in `root` offline and evaluates the policy pack on it. */
export async function planStack(stack: string, root = REPO_ROOT): Promise<Plan> {
  const config = readStackConfig(root, stack, readProjectName(root));
  const run = await runStack(root, stack, config);
  // the program parsed the same config without error, or the run above would have thrown
  const policyContext: PolicyContext = { settings: { ...parseSettings(config) } };
  const model = readStack(run);
  const violations = await evaluatePolicies(model, policyContext);
  return { run, model, json: toPlanJson(run, violations), policyContext };
}

/** A secret input is shown as `pulumi preview` shows it, `"[secret]"`, never its value. */
function maskSecrets(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(maskSecrets);
  const o = v as Record<string, unknown>;
  if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return "[secret]";
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, maskSecrets(x)]));
}

export function toPlanJson(run: MockRun, violations: PolicyViolation[]): PlanJson {
  return {
    project: run.project,
    stack: run.stack,
    resources: run.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      inputs: maskSecrets(r.inputs) as Record<string, unknown>,
      protect: r.protect,
    })),
    outputs: run.outputs,
    policy: { violations },
  };
}
