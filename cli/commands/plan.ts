import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { formatProblem, jsonValue, problemsOf } from "../../components/errors";
import { policyPackConfig, RULES } from "../../policy/rules";
import { processIo, UsageError, type CommandIo } from "../command";
import { planStack, REPO_ROOT, type Plan } from "../plan/plan";
import { renderPlan } from "../plan/render";

const USAGE = `usage: obskit plan (--stack <name> [--stack <name> …] | --all) [--json] [--policy-pack-config <file>]

Runs the program offline under mocks with Pulumi.<stack>.yaml and prints its resource tree, outputs
and policy results (--json: the plan as JSON). Several stacks (--stack dev --stack prod, or --all for
every Pulumi.<stack>.yaml) are planned one after the other in one process, sharing module loading and
bundles; with --json they print as a JSON array of plans.
--policy-pack-config <file> (one stack): also writes the @pulumi/policy pack config for that stack
(each rule's level from obskit:policy.enforcement, the stack's settings for the stack rules), for
\`pulumi up --policy-pack policy --policy-pack-config <file>\`.
With --json and one stack that cannot be planned, stdout holds { stack, ok: false, error, problems }:
each problem a component found in its arguments, as { component, name, propertyPath, value, reason,
fix, message }.
Exit code: 0 planned, 1 a mandatory policy is violated, 2 bad config or usage (the worst of the stacks).`;

/** Errors that are the user's to fix: their message says everything, a stack trace nothing. */
const EXPECTED = new Set(["ConfigError", "StackConfigError", "ObskitArgsError", "PolicyConfigError"]);

/**
 * `obskit plan --stack dev [--json]`: the whole stack, offline, with policy results.
 * `root` is the repository whose program and stack files are planned (tests).
 */
export async function run(argv: string[], io: CommandIo = processIo, root = REPO_ROOT): Promise<number> {
  let values: {
    stack?: string[];
    all?: boolean;
    json?: boolean;
    help?: boolean;
    "policy-pack-config"?: string;
  };
  let stacks: string[];
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", multiple: true },
        all: { type: "boolean" },
        json: { type: "boolean" },
        "policy-pack-config": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (values.all && values.stack) throw new UsageError("give either --stack or --all, not both");
    stacks = values.all ? listStacks(root) : [...new Set(values.stack ?? [])];
    if (stacks.length === 0)
      throw new UsageError(values.all ? "no Pulumi.<stack>.yaml found" : "--stack is required");
    if (values["policy-pack-config"] !== undefined && stacks.length !== 1)
      throw new UsageError("--policy-pack-config writes one stack's pack config: give exactly one --stack");
  } catch (err) {
    io.stderr(`obskit plan: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const plans: Plan[] = [];
  const outputs: unknown[] = []; // per stack: its plan's JSON, or a FailedPlanJson
  let status = 0;
  for (const stack of stacks) {
    // Pulumi's runtime logs warnings to stdout/stderr through its own logger; keep stdout for the plan.
    let plan: Plan;
    try {
      plan = await planStack(stack, root);
    } catch (err) {
      const e = err as Error;
      const where = stacks.length > 1 ? ` (stack ${stack})` : "";
      io.stderr(`obskit plan${where}: ${EXPECTED.has(e.name) ? e.message : (e.stack ?? e.message)}\n`);
      outputs.push(failedPlanJson(stack, e));
      status = 2;
      continue;
    }
    plans.push(plan);
    outputs.push(plan.json);
    const packConfig = values["policy-pack-config"];
    if (packConfig !== undefined)
      fs.writeFileSync(
        packConfig,
        `${JSON.stringify(policyPackConfig(plan.policyContext, RULES), null, 2)}\n`,
      );
    if (plan.json.policy.violations.some((v) => v.level === "mandatory")) status = Math.max(status, 1);
    if (!values.json) {
      if (stacks.length > 1) io.stdout(`${plans.length > 1 ? "\n" : ""}== stack ${stack} ==\n`);
      io.stdout(renderPlan(plan.model, plan.json.policy.violations));
    }
  }
  // one stack: its plan, or why it could not be planned (the problems as data); several: the array
  // of the plans made (the failures are on stderr), as before
  if (values.json && (stacks.length === 1 || plans.length > 0)) {
    const json = stacks.length === 1 ? outputs[0] : plans.map((p) => p.json);
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  }
  return status;
}

/** A construction problem as `plan --json` prints it: every field, the value as JSON can carry it. */
export interface PlanProblemJson {
  component: string;
  name: string;
  propertyPath: string;
  value: unknown;
  reason: string;
  fix: string;
  /** The problem's text, as the error message lists it. */
  message: string;
}

/** What `plan --json` prints for a stack that could not be planned: the error, and its problems as data. */
export interface FailedPlanJson {
  stack: string;
  ok: false;
  error: { name: string; message: string };
  /** The components' construction problems (empty when the failure is not one, e.g. bad stack config). */
  problems: PlanProblemJson[];
}

export function failedPlanJson(stack: string, error: Error): FailedPlanJson {
  const problems = (problemsOf(error) ?? []).map((p): PlanProblemJson => ({
    component: p.component,
    name: p.name,
    propertyPath: p.propertyPath,
    value: jsonValue(p.value),
    reason: p.reason,
    fix: p.fix,
    message: formatProblem(p),
  }));
  return { stack, ok: false, error: { name: error.name, message: error.message }, problems };
}

/** Every stack of the project: the `<name>` of each `Pulumi.<name>.yaml` beside Pulumi.yaml. */
function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}
