/** Entry point of `npm run cafe`: the café's traffic generator on stdout. */
import { runTrafficCli } from "./traffic";

process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  // a closed pipe (`| head`) ends the run quietly
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

runTrafficCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cafe: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
