import { expect } from "chai";
import { parseWorkerConfig } from "../../../apps/order-worker/src/config";
import { DEFAULT_MIX } from "../../../apps/order-worker/src/mix";

const NOW = () => 1_768_201_912_386; // 2026-01-12T07:11:52.386Z

/** The problems a bad configuration is rejected with. */
function problemsOf(argv: string[], env: Record<string, string> = {}): readonly string[] {
  try {
    parseWorkerConfig(argv, env, NOW);
  } catch (err) {
    expect((err as Error).name).to.equal("OrderWorkerConfigError");
    return (err as { problems: readonly string[] }).problems;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("order-worker config", () => {
  it("defaults to 2 events/s, the default mix, no limits, no incident and a time-based seed", () => {
    const config = parseWorkerConfig([], {}, NOW);

    expect(config).to.deep.include({
      ratePerSecond: 2,
      mix: DEFAULT_MIX,
      customers: 25,
      count: undefined,
      durationSeconds: undefined,
      incident: undefined,
      noDelay: false,
      seedSource: "clock",
    });
    expect(config.seed).to.equal(NOW() >>> 0);
  });

  it("reads every option from its flag", () => {
    const config = parseWorkerConfig(
      [
        "--rate", "0.5",
        "--seed", "7",
        "--mix", "success=0.9,payment_failed=0.1",
        "--customers", "12",
        "--count", "1000",
        "--duration", "90",
        "--incident", "60",
        "--incident-after", "30",
        "--incident-rate", "20",
        "--no-delay",
        "--start", "2026-01-12T07:00:00Z",
      ],
      {},
      NOW,
    ); // prettier-ignore

    expect(config).to.deep.include({
      ratePerSecond: 0.5,
      seed: 7,
      seedSource: "flag",
      mix: { success: 0.9, payment_failed: 0.1, delayed: 0, duplicate: 0 },
      customers: 12,
      count: 1000,
      durationSeconds: 90,
      incident: { durationSeconds: 60, afterSeconds: 30, failuresPerMinute: 20 },
      noDelay: true,
    });
    expect(config.startTime?.toISOString()).to.equal("2026-01-12T07:00:00.000Z");
  });

  it("reads options from ORDER_WORKER_* variables, lets flags win, and treats empty variables as unset", () => {
    const env = {
      ORDER_WORKER_RATE: "5",
      ORDER_WORKER_SEED: "99",
      ORDER_WORKER_MIX: "success=0.5,delayed=0.5",
      ORDER_WORKER_INCIDENT: "always",
      ORDER_WORKER_CUSTOMERS: "",
    };

    const config = parseWorkerConfig(["--rate", "3"], env, NOW);

    expect(config).to.deep.include({
      ratePerSecond: 3,
      seed: 99,
      seedSource: "env",
      mix: { success: 0.5, payment_failed: 0, delayed: 0.5, duplicate: 0 },
      customers: 25,
      incident: { durationSeconds: Infinity, afterSeconds: 0, failuresPerMinute: 12 },
    });
  });

  it("rejects bad values, naming the flag, and collects every problem", () => {
    expect(
      problemsOf(["--rate", "fast", "--seed=-1", "--count", "1.5", "--mix", "success=0.8"]),
    ).to.deep.equal([
      '--rate: must be a number (got "fast")',
      '--seed: must be at least 0 (got "-1")',
      '--mix: probabilities must sum to 1 (they sum to 0.8) (got "success=0.8")',
      '--count: must be a whole number (got "1.5")',
    ]);
  });

  it("names the variable, not the flag, when the bad value came from the environment", () => {
    expect(problemsOf([], { ORDER_WORKER_MIX: "success=2", ORDER_WORKER_NO_DELAY: "maybe" })).to.deep.equal([
      'ORDER_WORKER_MIX: `success` must be at most 1; probabilities must sum to 1 (they sum to 2) (got "success=2")',
      'ORDER_WORKER_NO_DELAY: must be true or false (got "maybe")',
    ]);
  });

  it("rejects out-of-range numbers", () => {
    expect(problemsOf(["--rate", "0"])).to.deep.equal(['--rate: must be greater than 0 (got "0")']);
    expect(problemsOf(["--rate", "20000"])[0]).to.match(/^--rate: must be at most 10000/);
    expect(problemsOf(["--seed", "4294967296"])[0]).to.match(/^--seed: must be at most 4294967295/);
    expect(problemsOf(["--incident=-5"])[0]).to.match(
      /^--incident: must be greater than 0 \(seconds\) or `always`/,
    );
    expect(problemsOf(["--incident", "60", "--incident-rate", "4"])[0]).to.match(
      /^--incident-rate: must be at least 5/,
    );
  });

  it("rejects options that only make sense with another one", () => {
    expect(problemsOf(["--incident-rate", "20"])).to.deep.equal([
      "--incident-rate: only applies with --incident",
    ]);
    expect(problemsOf(["--start", "2026-01-12T07:00:00Z"])[0]).to.match(
      /^--start: only applies with --no-delay/,
    );
  });

  it("rejects unknown flags and positional arguments", () => {
    expect(problemsOf(["--rat", "3"])[0]).to.match(/Unknown option '--rat'/);
    expect(problemsOf(["orders.log"])[0]).to.match(/Unexpected argument 'orders.log'/);
  });

  it("returns help without validating anything else", () => {
    expect(parseWorkerConfig(["--help", "--rate", "nope"], {}, NOW).help).to.equal(true);
  });
});
