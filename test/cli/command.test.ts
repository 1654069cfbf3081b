import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT_BUG, EXIT_USAGE, reportFailure, UsageError } from "../../cli/command";
import { checkOutputFile, fileProblem, makeOutputFolder, writeOutputFile } from "../../cli/files";
import { numberFlag, parseFlags } from "../../cli/flags";
import { thrown } from "../support/errors";

function capture(): {
  io: { stdout: (t: string) => void; stderr: (t: string) => void };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

describe("cli/command reportFailure (the one error path)", () => {
  it("prints a user's mistake as one line and exits 2", () => {
    const c = capture();
    const code = reportFailure(c.io, "cost", ["--stack"], new UsageError("--stack needs a value"));
    expect(code).to.equal(EXIT_USAGE);
    expect(c.err.join("")).to.equal("obskit cost: --stack needs a value\n");
    expect(c.out).to.deep.equal([]);
  });

  it("treats a file-system failure as the environment's, not a bug", () => {
    const c = capture();
    const e = thrown(() => fs.readFileSync(path.join(os.tmpdir(), "obskit-no-such-file")));
    expect(reportFailure(c.io, "plan", [], e)).to.equal(EXIT_USAGE);
    expect(c.err.join("")).to.match(/^obskit plan: ENOENT[^\n]*\n$/);
  });

  it("prints a bug's stack trace and asks to report it with the command and the version, exit 70", () => {
    const c = capture();
    const code = reportFailure(
      c.io,
      "replay",
      ["--stack", "dev", "--scenario", "cafe: 404 storm"],
      new TypeError("x is undefined"),
    );
    expect(code).to.equal(EXIT_BUG);
    const text = c.err.join("");
    expect(text).to.contain("obskit replay: internal error: TypeError: x is undefined");
    expect(text).to.match(/^\s+at /m);
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(text).to.contain(`This is a bug in obskit ${version} (node ${process.version}`);
    expect(text).to.contain(`(obskit replay --stack dev --scenario "cafe: 404 storm")`);
  });

  it("with --json, also prints the failure as a JSON object on stdout", () => {
    const usage = capture();
    reportFailure(usage.io, "verify", [], new UsageError("--stack is required"), { json: true });
    expect(JSON.parse(usage.out.join(""))).to.deep.equal({
      ok: false,
      error: { kind: "usage", message: "--stack is required" },
    });
    const bug = capture();
    reportFailure(bug.io, "verify", [], new RangeError("boom"), { json: true });
    expect(JSON.parse(bug.out.join(""))).to.deep.equal({
      ok: false,
      error: { kind: "internal", message: "boom" },
    });
  });
});

describe("cli/flags", () => {
  const options = {
    stack: { type: "string" },
    count: { type: "string" },
    json: { type: "boolean" },
  } as const;

  it("takes a negative number as the value of its flag, so the range check can name it", () => {
    const { values } = parseFlags("x", ["--count", "-1", "--stack", "dev"], options);
    expect(values).to.deep.equal({ count: "-1", stack: "dev" });
    expect(thrown(() => numberFlag("count", "-1", { min: 1, max: 100, integer: true })).message).to.equal(
      '--count must be a whole number from 1 to 100 (got "-1")',
    );
  });

  it("names the nearest flag for a typo, and a flag that swallowed the next one", () => {
    expect(thrown(() => parseFlags("x", ["--stak", "dev"], options)).message).to.contain(
      "unknown flag --stak (did you mean --stack?)",
    );
    expect(thrown(() => parseFlags("x", ["--stack", "--json"], options)).message).to.contain(
      "--stack needs a value, but --json follows it",
    );
    expect(thrown(() => parseFlags("x", ["--stack"], options)).message).to.contain("--stack needs a value");
  });

  it("bounds numbers, in decimal notation only", () => {
    const range = { min: 0, max: 1e10, integer: true, unit: "invocations per month" };
    expect(numberFlag("n", "1e6", range)).to.equal(1_000_000);
    for (const bad of ["0x10", "Infinity", "", " 7", "1.5", "2e10"])
      expect(thrown(() => numberFlag("n", bad, range)).message, bad).to.equal(
        `--n must be a whole number from 0 to 10,000,000,000 invocations per month (got ${JSON.stringify(bad)})`,
      );
    expect(thrown(() => numberFlag("rate", "0", { min: 0, max: 5, aboveMin: true })).message).to.equal(
      '--rate must be a number above 0 and at most 5 (got "0")',
    );
  });
});

describe("cli/files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-files-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("makes an output folder with its parents, keeps an existing one, and refuses a file there", () => {
    const out = path.join(dir, "a", "b");
    makeOutputFolder("--out", out);
    fs.writeFileSync(path.join(out, "keep.txt"), "mine");
    makeOutputFolder("--out", out);
    expect(fs.readFileSync(path.join(out, "keep.txt"), "utf8")).to.equal("mine");
    const file = path.join(dir, "file");
    fs.writeFileSync(file, "x");
    expect(thrown(() => makeOutputFolder("--out", file)).message).to.equal(
      `--out ${file}: is a file, not a folder; give a folder (it is created if missing), e.g. --out ${file}-out`,
    );
  });

  it("replaces an output file, and refuses one whose folder does not exist", () => {
    const file = path.join(dir, "pack.json");
    writeOutputFile("--policy-pack-config", file, "old");
    writeOutputFile("--policy-pack-config", file, "new");
    expect(fs.readFileSync(file, "utf8")).to.equal("new");
    const lost = path.join(dir, "no", "pack.json");
    expect(thrown(() => checkOutputFile("--policy-pack-config", lost)).message).to.contain(
      `the folder ${path.dirname(lost)} does not exist; create it first`,
    );
  });

  it("says what a denied permission means and what to do", () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: "EACCES" });
    expect(fileProblem("--out", "/x", "write it", denied).message).to.equal(
      "--out /x: cannot write it: permission denied (EACCES); pick a path you may use, or change its permissions",
    );
  });
});
