import { parseArgs } from "node:util";
import { UsageError } from "../command";
import { planStack } from "../plan/plan";
import { renderPlan } from "../plan/render";

const USAGE = "usage: obskit plan --stack <dev|prod> [--json]";

/** `obskit plan --stack dev [--json]`: the whole stack, offline, with policy results. */
export async function run(argv: string[]): Promise<number> {
  let values: { stack?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { stack: { type: "string" }, json: { type: "boolean" } },
      strict: true,
    }));
    if (!values.stack) throw new UsageError("--stack is required");
  } catch (err) {
    process.stderr.write(`obskit plan: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  // Pulumi's runtime logs warnings to stdout/stderr through its own logger; keep stdout for the plan.
  let plan;
  try {
    plan = await planStack(values.stack);
  } catch (err) {
    const e = err as Error;
    process.stderr.write(
      `obskit plan: ${e.name === "ConfigError" || e.name === "StackConfigError" || e.name === "ObskitArgsError" ? e.message : (e.stack ?? e.message)}\n`,
    );
    return 2;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(plan.json, null, 2)}\n`);
  } else {
    process.stdout.write(renderPlan(plan.run, plan.json.policy.violations));
  }
  return plan.json.policy.violations.some((v) => v.level === "mandatory") ? 1 : 0;
}
