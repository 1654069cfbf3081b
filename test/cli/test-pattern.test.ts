import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { matchFile, run, splitEvents } from "../../cli/commands/test-pattern";
import { compileFilterPattern } from "../../components/filterPattern";
import { mulberry32 } from "../../apps/order-worker/src/prng";

const ROOT = path.resolve(__dirname, "../..");

/** The real CLI in a child process, as `npm run obskit` runs it: the one smoke test of the command line (argv, stdin, stdout). */
function obskit(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["cli/launch.js", "test-pattern", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in this process, with its output captured and `input` as its stdin. */
async function testPattern(
  args: string[],
  input = "",
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = Readable.from([input]);
  const status = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdin });
  return { status, stdout, stderr };
}

const EVENTS = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  "",
  '{"level": "ERROR", "latency": 12}',
];

describe("obskit test-pattern", () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-pattern-"));
    file = path.join(dir, "events.txt");
    fs.writeFileSync(file, `${EVENTS.join("\r\n")}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints exactly one JSON object with 0-based indexes and extracted fields (--file)", async () => {
    const r = await testPattern([
      "[ip, id, user, timestamp, request, status_code = 5*, bytes]",
      "--file",
      file,
    ]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trimEnd().split("\n")).to.have.length(1);
    expect(JSON.parse(r.stdout)).to.deep.equal({
      matched: [1],
      fields: [
        {
          $ip: "127.0.0.1",
          $id: "-",
          $user: "frank",
          $timestamp: "10/Oct/2000:13:35:22 -0700",
          $request: "GET /apache_pb.gif HTTP/1.0",
          $status_code: "500",
          $bytes: "5324",
        },
      ],
    });
  });

  it("reads events from stdin without --file, and gives {} for matches without fields (the real command line)", () => {
    const r = obskit(["ERROR"], EVENTS.join("\n"));
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ matched: [3], fields: [{}] });
  });

  it("matches JSON events and returns the selector values", async () => {
    const r = await testPattern(["{ $.latency = * }"], EVENTS.join("\n"));
    expect(JSON.parse(r.stdout)).to.deep.equal({ matched: [3], fields: [{ "$.latency": 12 }] });
  });

  it("exits 2 with the reason and column on stderr, and nothing on stdout, for a syntax error", async () => {
    const r = await testPattern(["{ $.level = ", "--file", file]);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.contain("invalid filter pattern at column 12: expected a value");
    expect(r.stderr).to.contain("^");
  });

  it("exits 2 on a missing pattern or an unreadable file", async () => {
    expect((await testPattern([])).status).to.equal(2);
    const r = await testPattern(["ERROR", "--file", path.join(dir, "nope.txt")]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("cannot read");
  });

  it("exits 2 on a bad --threads, or --threads without --file", async () => {
    for (const t of ["0", "65", "2.5", "x"]) {
      const r = await testPattern(["ERROR", "--file", file, "--threads", t]);
      expect(r.status, t).to.equal(2);
      expect(r.stdout, t).to.equal("");
      expect(r.stderr, t).to.contain(
        `--threads must be a whole number from 1 to 64 (got ${JSON.stringify(t)})`,
      );
    }
    const r = await testPattern(["ERROR", "--threads", "2"]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("--threads needs --file");
  });

  it("splits events one per line, tolerating CRLF and a final newline", () => {
    expect(splitEvents("a\r\nb\n\nc\n")).to.deep.equal(["a", "b", "", "c"]);
    expect(splitEvents("")).to.deep.equal([]);
    expect(splitEvents("\n")).to.deep.equal([""]);
  });

  describe("a file split across worker threads gives the one-pass output", function () {
    this.timeout(120_000);
    const random = mulberry32(1_128);
    const lines: string[] = [];
    for (let k = 0; k < 6000; k++) {
      const r = random();
      if (r < 0.05) lines.push("");
      else if (r < 0.4)
        lines.push(
          `{"level":"${random() < 0.3 ? "ERROR" : "INFO"}","latency":${Math.floor(random() * 3000)}}\r`,
        );
      else if (r < 0.7)
        lines.push(
          `10.0.0.${k % 250} - - [10/Oct/2000:13:25:15 -0700] "GET /x HTTP/1.0" ${random() < 0.2 ? 500 : 200} ${k}`,
        );
      else lines.push(`{"level":"ERROR","caf\u00e9":"${"é".repeat(k % 5)}","latency":"${k}"}`);
    }
    const text = lines.join("\n");
    for (const pattern of [
      '{ $.level = "ERROR" && $.latency > 1000 }',
      "[ip, id, user, ts, req, status = 5*, bytes]",
      "ERROR",
      "",
    ]) {
      it(pattern || "(all)", async () => {
        const big = path.join(dir, "big.txt");
        fs.writeFileSync(big, text);
        const oneString = JSON.parse((await testPattern([pattern], text)).stdout) as { matched: number[] };
        const matcher = compileFilterPattern(pattern);
        const one = await matchFile(matcher, big, { threads: 1 });
        const many = await matchFile(matcher, big, { threads: 3, minBytesPerThread: 1, chunkBytes: 997 });
        expect(many).to.deep.equal(one);
        expect(one).to.deep.equal(oneString);
        expect(one.matched.length).to.be.greaterThan(100);
      });
    }
  });
});
