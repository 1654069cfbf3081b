import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../../cli/commands/replay";
import { Progress } from "../../../cli/replay/progress";
import { planOf } from "../../support/mocks";
import { errorBurst, paymentSpike } from "./fixtures";

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("replay: progress of a long run on stderr", () => {
  it("on a terminal: nothing for the first 2 s, then a bar redrawn in place (at most every 100 ms), ended by a summary line", () => {
    const c = clock();
    let out = "";
    const p = new Progress({ write: (t) => void (out += t), isTTY: true, now: c.now });
    p.update(1, 10, "events");
    c.advance(1_900);
    p.update(2, 10, "events");
    expect(out).to.equal("");
    c.advance(600);
    p.update(5, 10, "events", "filters");
    expect(out).to.match(/^\r\[#{15}\.{15}\]  50% 5\/10 events filters */);
    const drawn = out;
    c.advance(50);
    p.update(6, 10, "events");
    expect(out).to.equal(drawn);
    c.advance(100);
    p.update(10, 10, "events");
    expect(out.slice(drawn.length)).to.match(/^\r\[#{30}\] 100% 10\/10 events/);
    c.advance(1_000);
    p.end("10 events replayed");
    expect(out).to.match(/\rreplay: 10 events replayed in 4 s *\n$/);
    expect(out.split("\n")).to.have.length(2);
  });

  it("not on a terminal: a plain line at most every 10 s, and the summary", () => {
    const c = clock();
    let out = "";
    const p = new Progress({ write: (t) => void (out += t), isTTY: false, now: c.now });
    for (let i = 1; i <= 30; i++) {
      c.advance(1_000);
      p.update(i * 1000, 30_000, "events", "filters");
    }
    p.end("30,000 events replayed");
    expect(out.split("\n").filter((l) => l !== "")).to.deep.equal([
      "replay: 6% (2,000 of 30,000 events) filters, 2 s",
      "replay: 40% (12,000 of 30,000 events) filters, 12 s",
      "replay: 73% (22,000 of 30,000 events) filters, 22 s",
      "replay: 30,000 events replayed in 30 s",
    ]);
    expect(out).not.to.include("\r");
  });

  it("a run that ends within 2 s shows nothing, not even its summary", () => {
    const c = clock();
    let out = "";
    const p = new Progress({ write: (t) => void (out += t), isTTY: true, now: c.now });
    p.update(1, 2, "scenarios");
    c.advance(1_500);
    p.update(2, 2, "scenarios");
    p.end("2 scenarios replayed");
    expect(out).to.equal("");
  });
});

describe("obskit replay: progress", function () {
  this.timeout(180_000);
  const captureIo = () => {
    const out = { stdout: "", stderr: "" };
    return {
      out,
      io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
    };
  };

  it("a long --file replay prints plain progress lines of its events to stderr when it is no terminal, stdout untouched", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-replay-progress-"));
    const file = path.join(dir, "app.log");
    fs.writeFileSync(file, Array.from({ length: 20_000 }, (_, i) => `plain line ${i}`).join("\n"));
    // every reading of the clock is 5 s later: each update is "long" and due
    let t = 0;
    const c = captureIo();
    const code = await run(
      ["--stack", "dev", "--file", file, "--log-group", "/smart-orders/processor", "--json"],
      c.io,
      undefined,
      {
        scenarios: { all: [], standard: [] },
        plan: planOf,
        progress: { isTTY: false, now: () => (t += 5_000), everyMs: 0 },
      },
    );
    expect(code, c.out.stderr).to.equal(0);
    const lines = c.out.stderr.split("\n").filter((l) => l !== "");
    // the events through the filters, every 4,096th; then the deliveries and the alarms; the summary
    expect(lines.slice(0, 6)).to.deep.equal([
      "replay: 0% (0 of 20,000 events) filters, 5 s",
      "replay: 20% (4,096 of 20,000 events) filters, 10 s",
      "replay: 40% (8,192 of 20,000 events) filters, 15 s",
      "replay: 61% (12,288 of 20,000 events) filters, 20 s",
      "replay: 81% (16,384 of 20,000 events) filters, 25 s",
      "replay: 100% (20,000 of 20,000 events) deliveries and alarms, 30 s",
    ]);
    expect(lines[lines.length - 1]).to.match(/^replay: 20,000 events replayed in \d+ s$/);
    expect(JSON.parse(c.out.stdout)).to.have.property("alarms");
  });

  it("scenarios show a bar of scenarios done on a terminal", async () => {
    let t = 0;
    const c = captureIo();
    const code = await run(["--stack", "dev", "--start", "2026-03-02T08:00:00Z", "--json"], c.io, undefined, {
      scenarios: { all: [paymentSpike, errorBurst], standard: [paymentSpike, errorBurst] },
      plan: planOf,
      progress: { isTTY: true, now: () => (t += 5_000) },
    });
    expect(code, c.out.stderr).to.equal(0);
    expect(c.out.stderr).to.match(/\r\[#{15}\.{15}\]  50% 1\/2 scenarios test-payment-spike/);
    expect(c.out.stderr).to.match(/\r\[#{30}\] 100% 2\/2 scenarios test-error-burst/);
    expect(c.out.stderr).to.match(/\rreplay: 2 scenarios replayed in \d+ s *\n$/);
  });
});
