import { expect } from "chai";
import { runOrderWorkerCli } from "../../../apps/order-worker/src/cli";
import { sampleLines } from "../../../apps/order-worker/src/samples";
import { captureCli } from "../../support/cli";

const NOW = () => Date.parse("2026-01-12T07:11:52.386Z");

/** Runs the CLI in-process and returns its exit code, stdout and stderr. */
const cli = (argv: string[], env: Record<string, string> = {}) =>
  captureCli((io) => runOrderWorkerCli(argv, { env, ...io, now: NOW }));

/** The JSON diagnostics written to stderr. */
function diagnostics(stderr: string): Record<string, unknown>[] {
  return stderr
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("order-worker cli", () => {
  it("prints usage naming every flag and its variable", async () => {
    const { code, stdout } = await cli(["--help"]);

    expect(code).to.equal(0);
    for (const flag of ["rate", "seed", "mix", "count", "incident", "incident-rate", "no-delay", "start"]) {
      expect(stdout).to.include(`--${flag} `);
      expect(stdout).to.include(`ORDER_WORKER_${flag.toUpperCase().replace("-", "_")}`);
    }
  });

  it("exits 2 on a bad --mix with a message naming the flag, and writes no events", async () => {
    const { code, stdout, stderr } = await cli(["--mix", "success=0.5,payment_failed=0.1"]);

    expect(code).to.equal(2);
    expect(stdout).to.equal("");
    expect(stderr).to.include("order-worker: --mix: probabilities must sum to 1 (they sum to 0.6)");
  });

  it("writes events to stdout only, and the seed, config and summary to stderr as JSON", async () => {
    const { code, stdout, stderr } = await cli(["--count", "30", "--no-delay", "--seed", "7"]);

    expect(code).to.equal(0);
    expect(stdout).to.equal(sampleLines({ seed: 7, count: 30 }).join("\n") + "\n");
    const [start, stop] = diagnostics(stderr);
    expect(start).to.include({ level: "info", msg: "order-worker starting", seed: 7, seedSource: "flag" });
    expect(stop).to.include({ msg: "order-worker stopped", emitted: 30, stoppedBy: "count" });
  });

  it("logs a command line that reproduces a run with a time-based seed byte for byte", async () => {
    // Arrange
    const first = await cli(["--count", "200", "--no-delay", "--rate", "5"], {
      ORDER_WORKER_MIX: "success=0.7,duplicate=0.3",
    });
    const start = diagnostics(first.stderr)[0];
    expect(start.seedSource).to.equal("clock");

    // Act
    const again = await cli(String(start.reproduce).split(" "));

    // Assert
    expect(again.code).to.equal(0);
    expect(again.stdout).to.equal(first.stdout);
  });

  it("warns when the normal mix alone gets near the payment-failure alarm", async () => {
    const { stderr } = await cli([
      "--count",
      "1",
      "--no-delay",
      "--rate",
      "50",
      "--mix",
      "success=0.9,payment_failed=0.1",
    ]);

    expect(diagnostics(stderr)[1]).to.include({ level: "warn", expectedPaymentFailuresPerMinute: 300 });
  });
});
