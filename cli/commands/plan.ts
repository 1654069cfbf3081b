import { parseArgs } from "node:util";
import { processIo, UsageError, type CommandIo } from "../command";
import { planStack, REPO_ROOT } from "../plan/plan";
import { renderPlan } from "../plan/render";

const USAGE = `usage: obskit plan --stack <dev|prod> [--json]

Runs the program offline under mocks with Pulumi.<stack>.yaml and prints its resource tree, outputs
and policy results (--json: the plan as JSON).
Exit code: 0 planned, 1 a mandatory policy is violated, 2 bad config or usage.`;

/** Errors that are the user's to fix: their message says everything, a stack trace nothing. */
const EXPECTED = new Set(["ConfigError", "StackConfigError", "ObskitArgsError"]);

/**
 * `obskit plan --stack dev [--json]`: the whole stack, offline, with policy results.
 * `root` is the repository whose program and stack files are planned (tests).
 */
export async function run(argv: string[], io: CommandIo = processIo, root = REPO_ROOT): Promise<number> {
  let values: { stack?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack is required");
  } catch (err) {
    io.stderr(`obskit plan: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  // Pulumi's runtime logs warnings to stdout/stderr through its own logger; keep stdout for the plan.
  let plan;
  try {
    plan = await planStack(values.stack, root);
  } catch (err) {
    const e = err as Error;
    io.stderr(`obskit plan: ${EXPECTED.has(e.name) ? e.message : (e.stack ?? e.message)}\n`);
    return 2;
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(plan.json, null, 2)}\n`);
  } else {
    io.stdout(renderPlan(plan.run, plan.json.policy.violations));
  }
  return plan.json.policy.violations.some((v) => v.level === "mandatory") ? 1 : 0;
}
