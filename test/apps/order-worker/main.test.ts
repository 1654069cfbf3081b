import { expect } from "chai";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { parseEventLine } from "../../../apps/order-worker/src/events";

const ROOT = path.resolve(__dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const MAIN = "apps/order-worker/src/main.ts";

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the worker as `npm run worker` does; `onStdout` sees the output so far after each chunk. */
function start(
  args: string[],
  onStdout: (soFar: string, child: ChildProcessWithoutNullStreams) => void = () => undefined,
) {
  const child = spawn(TSX, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout(stdout, child);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = once(child, "close").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  return { child, finished: finished as Promise<Finished> };
}

function completeLines(stdout: string): string[] {
  expect(stdout.endsWith("\n"), "stdout ends with a complete line").to.equal(true);
  return stdout.slice(0, -1).split("\n");
}

describe("order-worker main (real process)", () => {
  it("stops on SIGTERM with exit code 0 and only complete lines", async () => {
    // Arrange: let it run until it has written a few lines.
    let signalled = false;
    const { finished } = start(["--rate", "50", "--seed", "1"], (soFar, child) => {
      if (!signalled && soFar.split("\n").length > 10) {
        signalled = true;
        // Act
        child.kill("SIGTERM");
      }
    });

    // Assert
    const { code, signal, stdout, stderr } = await finished;
    expect({ code, signal }).to.deep.equal({ code: 0, signal: null });
    const lines = completeLines(stdout);
    expect(lines.length).to.be.at.least(10);
    for (const line of lines) parseEventLine(line);
    expect(stderr).to.include('"stoppedBy":"signal"');
  });

  it("prints exactly 20 lines for --count 20 --no-delay and exits 0", async () => {
    const { code, stdout } = await start(["--count", "20", "--no-delay"]).finished;

    expect(code).to.equal(0);
    const lines = completeLines(stdout);
    expect(lines).to.have.length(20);
    for (const line of lines) parseEventLine(line);
  });

  it("exits 2 on a bad --mix with a message naming the flag", async () => {
    const { code, stdout, stderr } = await start(["--mix", "success=0.8,bogus=0.2"]).finished;

    expect(code).to.equal(2);
    expect(stdout).to.equal("");
    expect(stderr).to.include("--mix: unknown key `bogus`");
  });

  it("ends quietly with exit code 0 when its reader goes away (EPIPE)", async () => {
    let closed = false;
    const { finished } = start(["--no-delay", "--seed", "3"], (_, child) => {
      if (!closed) {
        closed = true;
        child.stdout.destroy();
      }
    });

    const { code, stderr } = await finished;

    expect(code).to.equal(0);
    expect(stderr).to.not.match(/Error|EPIPE|at /);
  });
});
