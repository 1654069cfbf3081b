import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { runWith } from "../../cli/commands/analyze";
import { startS3, testAwsEnv, type TestS3 } from "../apps/log-analyzer/helpers";

const ROOT = path.resolve(__dirname, "../..");

/** The real CLI in a child process, as `npm run obskit` runs it: the one smoke test of the command line (argv, stdout, exit code). */
function obskit(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["cli/launch.js", "analyze", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in this process, with its output captured. */
async function analyze(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await runWith(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const LINES = [
  '{"level":"ERROR","service":"api","msg":"boom"}',
  '{"level":"INFO","service":"api"}',
  '{"level":"ERROR","service":"db"}',
  "not json",
  '{"level":"ERROR","service":"api"}',
].join("\n");

describe("obskit analyze", () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "obskit-analyze-"));
    file = path.join(dir, "app.jsonl");
    await writeFile(file, LINES);
    await writeFile(path.join(dir, "app.jsonl.gz"), gzipSync(LINES));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe("the command", () => {
    it("prints only the summary JSON and exits 0 below the threshold (the real command line)", () => {
      const r = obskit(["--file", file, "--threshold", "4"]);
      expect(r.status, r.stderr).to.equal(0);
      const summary = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(r.stdout.trimEnd()).to.equal(JSON.stringify(summary, null, 2));
      expect(summary).to.deep.include({
        linesRead: 5,
        errorsTotal: 3,
        errorsByService: [
          { service: "api", count: 2 },
          { service: "db", count: 1 },
        ],
        threshold: 4,
        thresholdBreached: false,
      });
      expect(summary).to.have.nested.property("malformedLines.count", 1);
      expect(summary).to.have.deep.nested.property("malformedLines.firstLineNumbers", [4]);
      expect(summary).to.have.nested.property("source.path", file);
    });

    it("exits 1 when the errors reach the threshold (gzip file)", async () => {
      const r = await analyze(["--file", path.join(dir, "app.jsonl.gz"), "--threshold", "3"]);
      expect(r.status, r.stderr).to.equal(1);
      expect(JSON.parse(r.stdout)).to.deep.include({
        errorsTotal: 3,
        thresholdBreached: true,
        compressed: true,
      });
    });

    it("exits 2 with a message and nothing on stdout when the file does not exist", async () => {
      const r = await analyze(["--file", path.join(dir, "missing.jsonl")]);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.contain("no such file");
    });

    describe("with S3", () => {
      let s3: TestS3;
      before(async () => {
        s3 = await startS3(["logs"]);
        await s3.put("logs", "app/1.jsonl", '{"level":"INFO"}\n', new Date("2025-09-15T11:00:00Z"));
        await s3.put("logs", "app/2.jsonl", LINES, new Date("2025-09-15T12:00:00Z"));
      });
      after(async () => {
        await s3.close();
      });

      it("analyses the latest object under --bucket/--prefix", async () => {
        const saved = { ...process.env };
        Object.assign(process.env, testAwsEnv(s3.endpoint));
        let r;
        try {
          r = await analyze(["--bucket", "logs", "--prefix", "app/", "--endpoint-url", s3.endpoint]);
        } finally {
          process.env = saved;
        }
        expect(r.status, r.stderr).to.equal(1);
        const summary = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(summary).to.have.nested.property("source.key", "app/2.jsonl");
        expect(summary).to.deep.include({ errorsTotal: 3, threshold: 1 });
      });

      it("exits 2 for a missing bucket, an empty prefix and denied access, saying which", async () => {
        // Arrange
        const saved = { ...process.env };
        Object.assign(process.env, testAwsEnv(s3.endpoint));
        const common = ["--endpoint-url", s3.endpoint];
        try {
          // Act
          const noBucket = await analyze(["--bucket", "nope-bucket", "--prefix", "app/", ...common]);
          const empty = await analyze(["--bucket", "logs", "--prefix", "none/", ...common]);
          process.env.AWS_ACCESS_KEY_ID = "SOMEONE-ELSE";
          const denied = await analyze(["--bucket", "logs", "--prefix", "app/", ...common]);
          // Assert
          expect([noBucket.status, empty.status, denied.status]).to.deep.equal([2, 2, 2]);
          expect(noBucket.stderr).to.contain("no such bucket: nope-bucket");
          expect(empty.stderr).to.contain("no object under s3://logs/none/");
          expect(denied.stderr).to.contain("access denied");
          expect(noBucket.stdout + empty.stdout + denied.stdout).to.equal("");
        } finally {
          process.env = saved;
        }
      });
    });
  });

  describe("usage errors (exit 2)", () => {
    const cases: [string, string[], string][] = [
      ["no input", [], "give --file, or --bucket and --prefix"],
      ["a file and a bucket", ["--file", "x", "--bucket", "logs"], "--file cannot be combined with --bucket"],
      ["a bucket without prefix", ["--bucket", "logs"], "--bucket needs --prefix"],
      ["a region alone", ["--region", "eu-west-1"], "--region needs --bucket and --prefix"],
      ["a zero threshold", ["--file", "x", "--threshold", "0"], "--threshold must be an integer ≥ 1"],
      ...["0x10", "1e3", "0b11", "1.5", "+3", " 7", "Infinity", ""].map((t): [string, string[], string] => [
        `the threshold ${JSON.stringify(t)}, not plain decimal digits`,
        ["--file", "x", "--threshold", t],
        `--threshold must be a whole number from 1 to 1000000000 in decimal digits (got ${JSON.stringify(t)})`,
      ]),
      ...["0", "65", "2.5", "x"].map((t): [string, string[], string] => [
        `--threads ${JSON.stringify(t)}`,
        ["--file", "x", "--threads", t],
        `--threads must be a whole number from 1 to 64 (got ${JSON.stringify(t)})`,
      ]),
      ["a bad bucket name", ["--bucket", "Bad_Name", "--prefix", "p"], "--bucket must be an S3 bucket name"],
      ["an unknown flag", ["--file", "x", "--treshold", "3"], "--treshold"],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, async () => {
        const r = await analyze(args);
        expect(r.status).to.equal(2);
        expect(r.stdout).to.equal("");
        // one line: the flag, the value and the fix; no usage text to scroll past
        expect(r.stderr)
          .to.contain(message)
          .and.match(/^obskit analyze: [^\n]+\n$/);
      });
    }

    it("prints the usage on stdout and exits 0 for --help", async () => {
      const r = await analyze(["--help"]);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.contain("usage: obskit analyze");
    });
  });
});
