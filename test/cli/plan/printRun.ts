/**
 * Prints the offline run of one stack of this repository as JSON on stdout, alone in its process:
 * what the re-entrancy test compares the runs made in its own process with.
 * Usage: node cli/launch.js --entry test/cli/plan/printRun.ts <stack>
 */
import { REPO_ROOT, runStack } from "../../../cli/plan/plan";
import { readProjectName, readStackConfig } from "../../../cli/plan/stackConfig";

async function main(stack: string): Promise<void> {
  const run = await runStack(REPO_ROOT, stack, readStackConfig(REPO_ROOT, stack, readProjectName(REPO_ROOT)));
  process.stdout.write(JSON.stringify(run));
}

main(process.argv[2] ?? "dev").catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
