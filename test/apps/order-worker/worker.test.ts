import { expect } from "chai";
import { Writable } from "node:stream";
import { parseEventLine } from "../../../apps/order-worker/src/events";
import { createOrderEventGenerator } from "../../../apps/order-worker/src/generator";
import { sampleLines } from "../../../apps/order-worker/src/samples";
import { runWorker } from "../../../apps/order-worker/src/worker";

const START = new Date("2026-01-12T07:11:52.386Z");

/** A Writable that records every chunk it is given. */
class Recorder extends Writable {
  readonly chunks: string[] = [];
  constructor(
    private readonly onWrite: (chunk: string, done: (err?: Error) => void) => void = (_, done) => done(),
    highWaterMark?: number,
  ) {
    super({ decodeStrings: false, highWaterMark });
  }
  override _write(chunk: string, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.onWrite(chunk, done);
  }
  get text(): string {
    return this.chunks.join("");
  }
}

/** A fake wall clock whose sleep advances time instantly; `onSleep` sees each sleep. */
function fakeTime(startMs: number, onSleep: (ms: number, calls: number) => void = () => undefined) {
  let nowMs = startMs;
  let calls = 0;
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      calls++;
      nowMs += ms;
      onSleep(ms, calls);
    },
  };
}

function epipe(): Error {
  return Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
}

describe("order-worker runWorker", () => {
  it("with noDelay writes exactly what sampleLines returns: one complete line per write", async () => {
    const out = new Recorder();

    const result = await runWorker({
      generator: createOrderEventGenerator({ seed: 5 }),
      ratePerSecond: 2,
      count: 300,
      noDelay: true,
      startTime: START,
      out,
    });

    expect(result).to.deep.include({ emitted: 300, stoppedBy: "count" });
    expect(out.chunks).to.deep.equal(sampleLines({ seed: 5, count: 300 }).map((l) => `${l}\n`));
  });

  it("in real time waits for each tick and stamps the wall-clock time", async () => {
    // Arrange
    const clock = fakeTime(START.getTime());
    const out = new Recorder();
    const sleeps: number[] = [];

    // Act
    await runWorker({
      generator: createOrderEventGenerator({ seed: 5 }),
      ratePerSecond: 4,
      count: 5,
      out,
      now: clock.now,
      sleep: async (ms, signal) => {
        sleeps.push(ms);
        await clock.sleep(ms);
        expect(signal.aborted).to.equal(false);
      },
    });

    // Assert
    expect(sleeps).to.deep.equal([250, 250, 250, 250]);
    const stamps = out.text
      .trimEnd()
      .split("\n")
      .map((l) => parseEventLine(l).timestamp);
    expect(stamps).to.deep.equal([
      "2026-01-12T07:11:52.386Z",
      "2026-01-12T07:11:52.636Z",
      "2026-01-12T07:11:52.886Z",
      "2026-01-12T07:11:53.136Z",
      "2026-01-12T07:11:53.386Z",
    ]);
  });

  it("resumes at the normal rate after a stall instead of bursting to catch up", async () => {
    // Arrange: the second wait takes an hour (a paused container).
    const clock = fakeTime(START.getTime());
    const out = new Recorder();
    let waits = 0;

    // Act
    await runWorker({
      generator: createOrderEventGenerator({ seed: 5 }),
      ratePerSecond: 2,
      count: 6,
      out,
      now: clock.now,
      sleep: async (ms) => clock.sleep(++waits === 2 ? 3_600_000 : ms),
    });

    // Assert
    const stamps = out.text
      .trimEnd()
      .split("\n")
      .map((l) => Date.parse(parseEventLine(l).timestamp));
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
    expect(gaps).to.deep.equal([500, 3_600_000, 500, 500, 500]);
  });

  it("stops after durationSeconds of synthetic time, incident events included in the stream", async () => {
    const out = new Recorder();

    const result = await runWorker({
      generator: createOrderEventGenerator({ seed: 1 }),
      ratePerSecond: 1,
      durationSeconds: 120,
      incident: { durationSeconds: 60 },
      noDelay: true,
      startTime: START,
      out,
    });

    expect(result.stoppedBy).to.equal("duration");
    expect(result.emitted).to.equal(120 + 12);
    expect(result.counts.PAYMENT_FAILED).to.be.at.least(12);
    const last = parseEventLine(out.text.trimEnd().split("\n").at(-1) ?? "");
    expect(Date.parse(last.timestamp) - START.getTime()).to.equal(119_000);
  });

  it("stops between two lines when the signal aborts, after the line in progress", async () => {
    // Arrange: the third wait is interrupted by SIGTERM.
    const controller = new AbortController();
    const clock = fakeTime(START.getTime(), (_, calls) => {
      if (calls === 3) controller.abort();
    });
    const out = new Recorder();

    // Act
    const result = await runWorker({
      generator: createOrderEventGenerator({ seed: 2 }),
      ratePerSecond: 10,
      out,
      signal: controller.signal,
      now: clock.now,
      sleep: clock.sleep,
    });

    // Assert
    expect(result).to.deep.include({ emitted: 3, stoppedBy: "signal" });
    expect(out.text.endsWith("\n")).to.equal(true);
    expect(out.text.trimEnd().split("\n").map(parseEventLine)).to.have.length(3);
  });

  it("waits for a slow output to drain instead of buffering without bound", async () => {
    // Arrange: a reader that takes a macrotask per line and asks for a drain after every line.
    let maxBuffered = 0;
    const out: Recorder = new Recorder((_, done) => {
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      setImmediate(done);
    }, 1);

    // Act
    const result = await runWorker({
      generator: createOrderEventGenerator({ seed: 4 }),
      ratePerSecond: 100,
      count: 200,
      noDelay: true,
      startTime: START,
      out,
    });

    // Assert: never more than the one line being written was waiting, and nothing is left behind.
    expect(result.emitted).to.equal(200);
    expect(maxBuffered).to.be.below(200);
    expect(out.writableLength).to.equal(0);
    expect(out.text.split("\n").slice(0, -1).map(parseEventLine)).to.have.length(200);
  });

  it("ends quietly when the reader goes away (EPIPE)", async () => {
    let written = 0;
    const out = new Recorder((_, done) => (++written > 10 ? done(epipe()) : done()));

    const result = await runWorker({
      generator: createOrderEventGenerator({ seed: 4 }),
      ratePerSecond: 100,
      noDelay: true,
      out,
    });

    expect(result.stoppedBy).to.equal("closed");
    expect(result.emitted).to.be.within(11, 12);
  });

  it("fails with an OrderWorkerError on any other write error", async () => {
    const out = new Recorder((_, done) => done(Object.assign(new Error("disk full"), { code: "ENOSPC" })));

    const error = await runWorker({
      generator: createOrderEventGenerator({ seed: 4 }),
      ratePerSecond: 100,
      noDelay: true,
      out,
    }).then(
      () => undefined,
      (err: Error) => err,
    );

    expect(error?.name).to.equal("OrderWorkerError");
    expect(error?.message).to.include("disk full");
  });

  it("rejects bad run options, naming each one", async () => {
    const error = await runWorker({
      generator: createOrderEventGenerator({ seed: 4 }),
      ratePerSecond: 0,
      count: -1,
      incident: { durationSeconds: 10, failuresPerMinute: 1 },
      out: new Recorder(),
    }).then(
      () => undefined,
      (err: Error) => err,
    );

    expect(error?.name).to.equal("OrderWorkerConfigError");
    expect(error?.message)
      .to.include("`ratePerSecond`")
      .and.include("`count`")
      .and.include("`incident`: `failuresPerMinute`");
  });
});
