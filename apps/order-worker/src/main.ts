/**
 * Entry point (`npm run worker`, and `node worker.js` in the container): wires the CLI to the process.
 * SIGTERM / SIGINT stop the run between two lines, wait for stdout to drain and exit 0; a second signal
 * exits at once. A closed stdout (EPIPE) ends the run quietly.
 */
import { constants } from "node:os";
import { runOrderWorkerCli } from "./cli";

const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals): void => {
  if (controller.signal.aborted) process.exit(128 + constants.signals[signal]);
  controller.abort();
};
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);

runOrderWorkerCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `order-worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
