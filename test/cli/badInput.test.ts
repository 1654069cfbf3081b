/**
 * What a new user types wrong, command by command, run as they run it (a child process of
 * `cli/launch.js`, or of the apps' entry points): every case exits 2 with one line that names the
 * flag and the value it got, and never a stack trace.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(__dirname, "../..");
const LAUNCH = path.join(ROOT, "cli/launch.js");
const CAFE = ["--entry", path.join(ROOT, "apps/cafe/src/main.ts")];
const WORKER = ["--entry", path.join(ROOT, "apps/order-worker/src/main.ts")];

interface Case {
  /** What the user got wrong. */
  what: string;
  /** Arguments of `node cli/launch.js`. */
  argv: string[];
  /** Every one of these is in the message (the flag, the value, the fix). */
  says: string[];
  /** Lines on stderr: the message, or the pattern with its caret. @default 1 */
  lines?: number;
  /** The prefix of every line (`obskit <command>: ` unless given). */
  prefix?: string;
  /** stdout is this JSON error object (`--json`). @default stdout is empty */
  json?: { kind: string };
}

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one case; a run that has not ended after `timeoutMs` is killed (a hang fails its case). */
function launch(argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCH, ...argv], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Runs `jobs` two at a time (the machine's cores), in order of the results. */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe("bad input to every command: exit 2, one line naming the flag and the value, no stack trace", function () {
  // every case is a process start; two run at a time
  this.timeout(600_000);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-bad-input-"));
  const at = (name: string) => path.join(dir, name);
  const events = at("events.jsonl");
  const file = at("existing.txt");
  const empty = at("empty.txt");
  const binary = at("binary.bin");
  const truncated = at("truncated.jsonl.gz");
  const gzipped = at("events.jsonl.gz");
  const notJson = at("not.json");
  const wrongShape = at("shape.json");
  const missing = at("missing.txt");
  const folder = at("folder");

  const stack = ["--stack", "dev"];
  const withFile = ["--file", events, "--log-group", "apache/access"];

  const cases: Case[] = [
    // plan
    { what: "no --stack", argv: ["plan"], says: ["--stack is required"] },
    { what: "--stack without its value", argv: ["plan", "--stack"], says: ["--stack needs a value"] },
    {
      what: "a stack that does not exist",
      argv: ["plan", "--stack", "nope"],
      says: ['no stack "nope"', "dev, prod"],
    },
    { what: "a stack name with a path", argv: ["plan", "--stack", "../x"], says: ['"../x"', "dev, prod"] },
    { what: "a mistyped flag", argv: ["plan", "--stak", "dev"], says: ["--stak", "did you mean --stack?"] },
    {
      what: "a value for a switch",
      argv: ["plan", ...stack, "--json=yes"],
      says: ["--json takes no value", "--json=yes"],
    },
    { what: "a stray argument", argv: ["plan", ...stack, "extra"], says: ['"extra"'] },
    { what: "--all with --stack", argv: ["plan", "--all", ...stack], says: ["--stack or --all"] },
    {
      what: "--policy-pack-config in a folder that does not exist",
      argv: ["plan", ...stack, "--policy-pack-config", at("no/such/pack.json")],
      says: ["--policy-pack-config", at("no/such/pack.json"), "does not exist", "mkdir -p"],
    },
    {
      what: "--policy-pack-config under /sys",
      argv: ["plan", ...stack, "--policy-pack-config", "/sys/pack.json"],
      says: ["--policy-pack-config /sys/pack.json", "kernel"],
    },
    {
      what: "--policy-pack-config under /proc",
      argv: ["plan", ...stack, "--policy-pack-config", "/proc/pack.json"],
      says: ["--policy-pack-config /proc/pack.json", "kernel"],
    },
    {
      what: "--policy-pack-config naming a folder",
      argv: ["plan", ...stack, "--policy-pack-config", folder],
      says: [`--policy-pack-config ${folder}`, "is a folder"],
    },
    {
      what: "--policy-pack-config for two stacks",
      argv: ["plan", ...stack, "--stack", "prod", "--policy-pack-config", at("pack.json")],
      says: ["exactly one --stack"],
    },

    // test-pattern
    { what: "no pattern", argv: ["test-pattern"], says: ["give the filter pattern"] },
    {
      what: "two patterns",
      argv: ["test-pattern", "ERROR", "WARN"],
      says: ['"ERROR" "WARN"', "quote the pattern"],
    },
    {
      what: "a pattern starting with -",
      argv: ["test-pattern", "-DEBUG"],
      says: ["-DEBUG", "put -- before it"],
    },
    {
      what: "an invalid pattern",
      argv: ["test-pattern", "{ $.level = ", "--file", events],
      says: ["invalid filter pattern at column 12"],
      lines: 3,
    },
    {
      what: "a missing --file",
      argv: ["test-pattern", "ERROR", "--file", missing],
      says: [`--file ${missing}`, "no such file"],
    },
    {
      what: "a folder as --file",
      argv: ["test-pattern", "ERROR", "--file", folder],
      says: [`--file ${folder}`, "is a folder"],
    },
    {
      what: "a binary --file",
      argv: ["test-pattern", "ERROR", "--file", binary],
      says: [`--file ${binary}`, "binary"],
    },
    {
      what: "an empty --file",
      argv: ["test-pattern", "ERROR", "--file", empty],
      says: [`--file ${empty}`, "is empty"],
    },
    {
      what: "a gzip --file",
      argv: ["test-pattern", "ERROR", "--file", gzipped],
      says: [`--file ${gzipped}`, "gzip", "gunzip -k"],
    },
    {
      what: "--threads 0",
      argv: ["test-pattern", "ERROR", "--file", events, "--threads", "0"],
      says: ["--threads must be a whole number from 1 to 64", '"0"'],
    },
    {
      what: "--threads -1",
      argv: ["test-pattern", "ERROR", "--file", events, "--threads", "-1"],
      says: ["--threads must be a whole number from 1 to 64", '"-1"'],
    },

    // analyze
    { what: "no input", argv: ["analyze"], says: ["give --file, or --bucket and --prefix"] },
    {
      what: "a missing --file",
      argv: ["analyze", "--file", missing],
      says: [`--file ${missing}`, "no such file"],
    },
    {
      what: "a folder as --file",
      argv: ["analyze", "--file", folder],
      says: [`--file ${folder}`, "is a folder"],
    },
    { what: "a binary --file", argv: ["analyze", "--file", binary], says: [`--file ${binary}`, "binary"] },
    { what: "an empty --file", argv: ["analyze", "--file", empty], says: [`--file ${empty}`, "is empty"] },
    {
      what: "a truncated gzip --file",
      argv: ["analyze", "--file", truncated],
      says: [`--file ${truncated}`, "truncated gzip"],
    },
    {
      what: "--threshold -1",
      argv: ["analyze", "--file", events, "--threshold", "-1"],
      says: ["--threshold must be a whole number from 1", '"-1"'],
    },
    {
      what: "--threshold abc",
      argv: ["analyze", "--file", events, "--threshold", "abc"],
      says: ["--threshold must be a whole number from 1", '"abc"'],
    },
    {
      what: "--threads 65",
      argv: ["analyze", "--file", events, "--threads", "65"],
      says: ["--threads must be a whole number from 1 to 64", '"65"'],
    },
    {
      what: "a bucket name S3 refuses",
      argv: ["analyze", "--bucket", "Bad_Name", "--prefix", "p"],
      says: ["--bucket", '"Bad_Name"'],
    },
    {
      what: "a mistyped flag",
      argv: ["analyze", "--file", events, "--treshold", "3"],
      says: ["--treshold", "did you mean --threshold?"],
    },

    // dashboard
    { what: "no --out", argv: ["dashboard", ...stack], says: ["--out is required"] },
    {
      what: "--out naming an existing file",
      argv: ["dashboard", ...stack, "--out", file],
      says: [`--out ${file}`, "is a file, not a folder", `--out ${file}-out`],
    },
    {
      what: "--out under /proc (it used to hang)",
      argv: ["dashboard", ...stack, "--out", "/proc/nope"],
      says: ["--out /proc/nope", "kernel"],
    },
    {
      what: "--out under /sys",
      argv: ["dashboard", ...stack, "--out", "/sys/nope"],
      says: ["--out /sys/nope", "kernel"],
    },
    {
      what: "--out inside a file",
      argv: ["dashboard", ...stack, "--out", path.join(file, "sub")],
      says: [`--out ${path.join(file, "sub")}`, `${file} is a file`],
    },
    {
      what: "a missing --data",
      argv: ["dashboard", ...stack, "--out", folder, "--data", missing],
      says: [`--data ${missing}`, "no such file"],
    },
    {
      what: "a binary --data",
      argv: ["dashboard", ...stack, "--out", folder, "--data", binary],
      says: [`--data ${binary}`, "binary"],
    },
    {
      what: "an empty --data",
      argv: ["dashboard", ...stack, "--out", folder, "--data", empty],
      says: [`--data ${empty}`, "is empty"],
    },
    {
      what: "a --data that is not JSON",
      argv: ["dashboard", ...stack, "--out", folder, "--data", notJson],
      says: [`--data ${notJson}`, "is not JSON"],
    },
    {
      what: "a --data of the wrong shape",
      argv: ["dashboard", ...stack, "--out", folder, "--data", wrongShape],
      says: [`--data ${wrongShape}`, '"a"', "[epochMs, value]"],
    },

    // replay
    { what: "no --stack", argv: ["replay"], says: ["--stack is required"] },
    {
      what: "--rate -1",
      argv: ["replay", ...stack, ...withFile, "--rate", "-1"],
      says: ["--rate must be a number above 0 and at most 100,000 events per second", '"-1"'],
    },
    {
      what: "--rate abc",
      argv: ["replay", ...stack, ...withFile, "--rate", "abc"],
      says: ["--rate must be a number above 0", '"abc"'],
    },
    {
      what: "--rate 1e9",
      argv: ["replay", ...stack, ...withFile, "--rate", "1e9"],
      says: ["--rate must be a number above 0 and at most 100,000", '"1e9"'],
    },
    {
      what: "--start that is no time",
      argv: ["replay", ...stack, "--start", "yesterday"],
      says: ["--start must be an ISO-8601 time", '"yesterday"'],
    },
    {
      what: "an unknown --scenario",
      argv: ["replay", ...stack, "--scenario", "nope"],
      says: ['unknown --scenario "nope"', '"cafe: 404 storm"'],
    },
    {
      what: "--rate without --file",
      argv: ["replay", ...stack, "--rate", "2"],
      says: ["--log-group and --rate go with --file"],
    },
    {
      what: "--file without --log-group",
      argv: ["replay", ...stack, "--file", events],
      says: ["--file needs --log-group"],
    },
    {
      what: "a missing --file",
      argv: ["replay", ...stack, "--file", missing, "--log-group", "apache/access"],
      says: [`--file ${missing}`, "no such file"],
    },
    {
      what: "a folder as --file",
      argv: ["replay", ...stack, "--file", folder, "--log-group", "apache/access"],
      says: [`--file ${folder}`, "is a folder"],
    },
    {
      what: "a log group the stack does not have",
      argv: ["replay", ...stack, "--file", events, "--log-group", "nope"],
      says: ['--log-group "nope"', "apache/access"],
    },
    {
      what: "--out naming an existing file",
      argv: ["replay", ...stack, "--out", file],
      says: [`--out ${file}`, "is a file, not a folder"],
    },
    {
      what: "--out under /proc",
      argv: ["replay", ...stack, "--out", "/proc/nope"],
      says: ["--out /proc/nope", "kernel"],
    },
    {
      what: "a usage mistake with --json",
      argv: ["replay", ...stack, "--json", "--rate", "2"],
      says: ["--log-group and --rate go with --file"],
      json: { kind: "usage" },
    },

    // verify
    { what: "no --stack", argv: ["verify"], says: ["--stack is required"] },
    {
      what: "--timeout 0",
      argv: ["verify", ...stack, "--fire", "--timeout", "0"],
      says: ["--timeout must be a whole number from 1 to 86,400 seconds", '"0"'],
    },
    {
      what: "--query-timeout -5",
      argv: ["verify", ...stack, "--query-timeout", "-5"],
      says: ["--query-timeout must be a whole number from 1 to 3600 seconds", '"-5"'],
    },
    {
      what: "--query-timeout past Logs Insights' limit",
      argv: ["verify", ...stack, "--query-timeout", "99999"],
      says: ["--query-timeout must be a whole number from 1 to 3600", '"99999"'],
    },
    { what: "--alarm without --fire", argv: ["verify", ...stack, "--alarm", "x"], says: ["go with --fire"] },
    {
      what: "--json without AWS credentials",
      argv: ["verify", ...stack, "--json"],
      says: ["needs AWS credentials"],
      prefix: "obskit verify ",
      json: { kind: "credentials" },
    },

    // cost
    { what: "no --stack", argv: ["cost"], says: ["--stack is required"] },
    {
      what: "--ingest-gb-per-day 1e9",
      argv: ["cost", ...stack, "--ingest-gb-per-day", "1e9"],
      says: ["--ingest-gb-per-day must be a number from 0 to 100,000 GB per day", '"1e9"'],
    },
    {
      what: "--ingest-gb-per-day -1",
      argv: ["cost", ...stack, "--ingest-gb-per-day", "-1"],
      says: ["--ingest-gb-per-day must be a number from 0 to 100,000", '"-1"'],
    },
    {
      what: "--lambda-duration-ratio 2",
      argv: ["cost", ...stack, "--lambda-duration-ratio", "2"],
      says: ["--lambda-duration-ratio must be a number from 0 to 1", '"2"'],
    },
    {
      what: "--lambda-invocations 1.5",
      argv: ["cost", ...stack, "--lambda-invocations", "1.5"],
      says: ["--lambda-invocations must be a whole number", '"1.5"'],
    },
    {
      what: "--alarm-notifications abc",
      argv: ["cost", ...stack, "--alarm-notifications", "abc"],
      says: ["--alarm-notifications must be a whole number", '"abc"'],
    },
    {
      what: "a stack that does not exist, with --json",
      argv: ["cost", "--stack", "nope", "--json"],
      says: ['no stack "nope"'],
      json: { kind: "config" },
    },

    // the command itself
    {
      what: "an unknown command",
      argv: ["deploy"],
      says: ['unknown command "deploy"', "plan, test-pattern"],
      prefix: "obskit: ",
    },

    // npm run cafe / npm run worker
    ...(
      [
        ["--count", "-1", '--count must be a whole number from 0 to 100000000 lines (got "-1")'],
        ["--count", "abc", '--count must be a whole number from 0 to 100000000 lines (got "abc")'],
        ["--rate", "0", '--rate must be a number above 0 and at most 1000000 requests per minute (got "0")'],
        ["--not-found-share", "2", '--not-found-share must be a number from 0 to 1 (got "2")'],
        [
          "--start",
          "yesterday",
          '--start must be an ISO-8601 date-time such as 2026-03-02T08:00:00Z (got "yesterday")',
        ],
      ] as const
    ).map(([flag, value, says]): Case => ({
      what: `npm run cafe -- ${flag} ${value}`,
      argv: [...CAFE, flag, value],
      says: [says],
      lines: 2,
      prefix: "cafe: ",
    })),
    ...(
      [
        ["--count", "-1", '--count: must be at least 1 (got "-1")'],
        ["--rate", "abc", '--rate: must be a number (got "abc")'],
        ["--seed", "-3", '--seed: must be at least 0 (got "-3")'],
      ] as const
    ).map(([flag, value, says]): Case => ({
      what: `npm run worker -- ${flag} ${value}`,
      argv: [...WORKER, flag, value, "--no-delay"],
      says: [says],
      lines: 2,
      prefix: "order-worker: ",
    })),
  ];

  let outcomes: Outcome[];
  before(async () => {
    fs.writeFileSync(events, '{"level":"ERROR","service":"api"}\n{"level":"INFO","service":"api"}\n');
    fs.writeFileSync(file, "a file\n");
    fs.writeFileSync(empty, "");
    fs.writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    const gz = gzipSync(fs.readFileSync(events));
    fs.writeFileSync(gzipped, gz);
    fs.writeFileSync(truncated, gz.subarray(0, gz.length - 12));
    fs.writeFileSync(notJson, "metrics: yes\n");
    fs.writeFileSync(wrongShape, '{"a": 1}\n');
    fs.mkdirSync(folder);
    // no AWS credentials anywhere, and no instance metadata to wait for
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_NO_WARNINGS: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"])
      delete env[k];
    env.AWS_CONFIG_FILE = at("no-aws-config");
    env.AWS_SHARED_CREDENTIALS_FILE = at("no-aws-credentials");
    outcomes = await pool(cases.map((c) => () => launch(c.argv, env, 120_000)));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  cases.forEach((c, i) => {
    it(`${c.argv[0] === "--entry" ? "" : `${c.argv[0]}: `}${c.what}`, () => {
      const r = outcomes[i];
      const shown = `${c.argv.join(" ")}\n${r.stderr}`;
      expect(r.signal, `killed: it hung\n${shown}`).to.equal(null);
      expect(r.status, shown).to.equal(2);
      expect(r.stderr, shown).not.to.match(/^\s+at /m);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines, shown).to.have.length(c.lines ?? 1);
      expect(lines[0].startsWith(c.prefix ?? `obskit ${c.argv[0]}: `), shown).to.equal(true);
      for (const s of c.says) expect(r.stderr, shown).to.contain(s);
      if (c.json) {
        const out = JSON.parse(r.stdout) as { ok: boolean; error: { kind: string; message: string } };
        expect(out.ok).to.equal(false);
        expect(out.error.kind).to.equal(c.json.kind);
        expect(r.stderr).to.contain(out.error.message);
      } else expect(r.stdout, shown).to.equal("");
    });
  });
});
