import { expect } from "chai";
import {
  emitLogs,
  errorCountOf,
  handler,
  MAX_ERROR_COUNT,
  type EmitterLog,
} from "../../../apps/test-emitter/src/handler";
import { deriveSeverity } from "../../../components/processingPath/handler/severity";
import { captureOutput } from "../../components/processingPath/handler/helpers";

function recorder(): EmitterLog & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: "INFO", message }),
    error: (message) => lines.push({ level: "ERROR", message }),
  };
}

describe("test-emitter", () => {
  it("writes a health line and exactly error_count ERROR lines", () => {
    const log = recorder();

    const result = emitLogs({ error_count: 5 }, log, () => 0);

    expect(log.lines.filter((l) => l.level === "ERROR")).to.have.length(5);
    expect(log.lines[0]).to.deep.equal({
      level: "INFO",
      message: "Health check OK - TestLogEmitter running",
    });
    expect(log.lines[5].message).to.equal("Simulated failure 5: TimeoutError connecting to database");
    expect(result).to.deep.equal({
      statusCode: 200,
      body: { message: "Log emission complete", errors_emitted: 5, mode: "fixed" },
    });
  });

  it("without a count, writes one ERROR line when the draw is under 0.4 and none otherwise", () => {
    const unlucky = recorder();
    const lucky = recorder();

    const withError = emitLogs({}, unlucky, () => 0.39);
    const without = emitLogs(undefined, lucky, () => 0.4);

    expect(withError.body).to.include({ errors_emitted: 1, mode: "random" });
    expect(unlucky.lines.map((l) => l.level)).to.deep.equal(["INFO", "ERROR"]);
    expect(without.body).to.include({ errors_emitted: 0, mode: "random" });
    expect(lucky.lines.map((l) => l.level)).to.deep.equal(["INFO"]);
  });

  it("refuses a count that is not a whole number in range", () => {
    for (const event of [
      { error_count: -1 },
      { error_count: 1.5 },
      { error_count: "5" },
      { error_count: MAX_ERROR_COUNT + 1 },
      [1],
    ]) {
      expect(() => errorCountOf(event), JSON.stringify(event))
        .to.throw()
        .with.property("name", "EmitterError");
    }
  });

  it("writes Powertools JSON lines the log processor reads as ERROR", async () => {
    const run = await captureOutput(() => handler({ error_count: 3 }));

    const errors = run.records.filter((r) => r.level === "ERROR");
    expect(errors).to.have.length(3);
    expect(errors.map((r) => deriveSeverity(JSON.stringify(r)))).to.deep.equal(["ERROR", "ERROR", "ERROR"]);
    expect(run.value?.body.errors_emitted).to.equal(3);
  });
});
