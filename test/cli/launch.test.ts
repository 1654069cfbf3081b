import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const LAUNCH = path.join(ROOT, "cli/launch.js");

describe("cli/launch.js (TypeScript run from JavaScript compiled once)", () => {
  let dir: string;
  let cache: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-launch-"));
    cache = path.join(dir, "cache");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function launch(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [LAUNCH, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, OBSKIT_JS_CACHE_DIR: cache, ...env },
    });
  }

  it("compiles a file on its first load, reuses it unchanged, and recompiles it when it changes", () => {
    const entry = path.join(dir, "entry.ts");
    fs.writeFileSync(
      entry,
      'const n: number = 1;\nconsole.log(n, __filename, process.argv.slice(2).join(" "));\n',
    );

    const first = launch(["--entry", entry, "a", "b"]);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.equal(`1 ${entry} a b\n`);
    const compiled = fs.readdirSync(cache);
    expect(compiled).to.have.length(1);
    const stored = path.join(cache, compiled[0]);
    const mtime = fs.statSync(stored).mtimeMs;

    const again = launch(["--entry", entry]);
    expect(again.stdout).to.equal(`1 ${entry} \n`);
    expect(fs.readdirSync(cache)).to.deep.equal(compiled);
    expect(fs.statSync(stored).mtimeMs).to.equal(mtime);

    fs.writeFileSync(entry, "const n: number = 2;\nconsole.log(n);\n");
    const changed = launch(["--entry", entry]);
    expect(changed.stdout).to.equal("2\n");
    expect(fs.readdirSync(cache)).to.have.length(2);
  });

  it("runs the obskit CLI by default, with its exit codes", () => {
    const r = launch(["test-pattern", "ERROR", "--file", path.join(dir, "missing.txt")]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("obskit test-pattern: cannot read");
  });

  it("loads the SDK without the compiler and npm's arborist, and still serves them on first use", () => {
    // before: the compiler not loaded, arborist only as its stand-in (one cache entry, no lib files)
    const script = [
      `require(${JSON.stringify(LAUNCH)});`,
      'require("@pulumi/pulumi");',
      "const files = () => Object.keys(require.cache);",
      "const state = () => ({",
      '  typescript: files().some((f) => f.endsWith("/node_modules/typescript/lib/typescript.js")),',
      '  arboristFiles: files().filter((f) => f.includes("/node_modules/@npmcli/arborist/")).length,',
      "});",
      "const before = state();",
      'const ts = require("@pulumi/pulumi/typescript-shim");',
      'const { Arborist } = require("@npmcli/arborist");',
      "const used = { kind: typeof ts.SyntaxKind, arborist: typeof Arborist };",
      "console.log(JSON.stringify({ before, used, after: state() }));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).to.equal(0);
    const got = JSON.parse(r.stdout) as {
      before: { typescript: boolean; arboristFiles: number };
      used: unknown;
      after: { typescript: boolean; arboristFiles: number };
    };
    expect(got.before).to.deep.equal({ typescript: false, arboristFiles: 1 });
    expect(got.used).to.deep.equal({ kind: "object", arborist: "function" });
    expect(got.after.typescript).to.equal(true);
    expect(got.after.arboristFiles).to.be.greaterThan(1);
  });
});
