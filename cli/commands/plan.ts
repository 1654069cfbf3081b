import * as fs from "node:fs";
import { formatProblem, jsonValue, problemsOf } from "../../components/errors";
import type * as PolicyRules from "../../policy/rules";
import {
  errorKind,
  isExpectedFailure,
  processIo,
  REPO_ROOT,
  reportFailure,
  UsageError,
  type CommandIo,
} from "../command";
import { checkOutputFile, writeOutputFile } from "../files";
import { parseFlags } from "../flags";
import type * as PlanModule from "../plan/plan";
import type { Plan } from "../plan/plan";
import type * as RenderModule from "../plan/render";

const USAGE = `usage: obskit plan (--stack <name> [--stack <name> …] | --all) [--json] [--policy-pack-config <file>]

Runs the program offline under mocks with Pulumi.<stack>.yaml and prints its resource tree, outputs
and policy results (--json: the plan as JSON). Several stacks (--stack dev --stack prod, or --all for
every Pulumi.<stack>.yaml) are planned one after the other in one process, sharing module loading and
bundles; with --json they print as a JSON array of plans.
--policy-pack-config <file> (one stack): also writes the @pulumi/policy pack config for that stack
(each rule's level from obskit:policy.enforcement, the stack's settings for the stack rules), for
\`pulumi up --policy-pack policy --policy-pack-config <file>\`. An existing file is replaced; its
folder must exist.
With --json and one stack that cannot be planned, stdout holds { stack, ok: false, error, problems }:
each problem a component found in its arguments, as { component, name, propertyPath, value, reason,
fix, message }.
Exit code: 0 planned, 1 a mandatory policy is violated, 2 bad config or usage (the worst of the stacks),
70 an internal error (a bug: the message says how to report it).`;

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
    ({ values } = parseFlags("plan", argv, {
      stack: { type: "string", multiple: true },
      all: { type: "boolean" },
      json: { type: "boolean" },
      "policy-pack-config": { type: "string" },
      help: { type: "boolean", short: "h" },
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (values.all && values.stack) throw new UsageError("give either --stack or --all, not both");
    stacks = values.all ? listStacks(root) : [...new Set(values.stack ?? [])];
    if (stacks.length === 0)
      throw new UsageError(
        values.all ? "no Pulumi.<stack>.yaml found" : "--stack is required (e.g. --stack dev, or --all)",
      );
    if (values["policy-pack-config"] !== undefined && stacks.length !== 1)
      throw new UsageError("--policy-pack-config writes one stack's pack config: give exactly one --stack");
    // before planning: a path that cannot be written fails at once
    if (values["policy-pack-config"] !== undefined)
      checkOutputFile("--policy-pack-config", values["policy-pack-config"]);
  } catch (err) {
    return reportFailure(io, "plan", argv, err, { json: argv.includes("--json") });
  }
  // the SDK and the program load only now: a mistyped flag is told at once
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { planStack } = require("../plan/plan") as typeof PlanModule;
  const { policyPackConfig, RULES } = require("../../policy/rules") as typeof PolicyRules;
  const { renderPlan } = require("../plan/render") as typeof RenderModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const plans: Plan[] = [];
  const outputs: unknown[] = []; // per stack: its plan's JSON, or a FailedPlanJson
  let status = 0;
  for (const stack of stacks) {
    // Pulumi's runtime logs warnings to stdout/stderr through its own logger; keep stdout for the plan.
    let plan: Plan;
    try {
      plan = await planStack(stack, root);
    } catch (err) {
      const where = stacks.length > 1 ? ` (stack ${stack})` : "";
      status = Math.max(status, reportFailure(io, "plan", argv, err, { where }));
      outputs.push(failedPlanJson(stack, err));
      continue;
    }
    plans.push(plan);
    outputs.push(plan.json);
    const packConfig = values["policy-pack-config"];
    if (packConfig !== undefined)
      try {
        writeOutputFile(
          "--policy-pack-config",
          packConfig,
          `${JSON.stringify(policyPackConfig(plan.policyContext, RULES), null, 2)}\n`,
        );
      } catch (err) {
        return reportFailure(io, "plan", argv, err, { json: values.json });
      }
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
  /** The error: its class name, its kind as every command's `--json` failure names it, its message. */
  error: { name: string; kind: string; message: string };
  /** The components' construction problems (empty when the failure is not one, e.g. bad stack config). */
  problems: PlanProblemJson[];
}

export function failedPlanJson(stack: string, err: unknown): FailedPlanJson {
  const error = err instanceof Error ? err : new Error(String(err));
  const problems = (problemsOf(error) ?? []).map((p): PlanProblemJson => ({
    component: p.component,
    name: p.name,
    propertyPath: p.propertyPath,
    value: jsonValue(p.value),
    reason: p.reason,
    fix: p.fix,
    message: formatProblem(p),
  }));
  return {
    stack,
    ok: false,
    error: {
      name: error.name,
      kind: isExpectedFailure(err) ? errorKind(err) : "internal",
      message: error.message,
    },
    problems,
  };
}

/** Every stack of the project: the `<name>` of each `Pulumi.<name>.yaml` beside Pulumi.yaml. */
function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}
