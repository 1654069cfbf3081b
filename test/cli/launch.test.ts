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

describe("cli/launch.js: the AWS SDK's Node version warning", function () {
  this.timeout(120_000);
  const VAR = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { quietSdkNodeWarning } = require(path.join(ROOT, "cli/sdkWarning.js")) as {
    quietSdkNodeWarning(env: Record<string, string | undefined>, version: string): void;
  };
  const engines = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }
  ).engines.node;

  /** Creates an SDK client through the launcher, with `VAR` as given (unset when undefined). */
  function newClient(value: string | undefined) {
    const env: Record<string, string | undefined> = { ...process.env, [VAR]: value };
    if (value === undefined) delete env[VAR];
    return spawnSync(process.execPath, [LAUNCH, "--entry", path.join(ROOT, "test/support/newSdkClient.ts")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 100_000,
      env,
    });
  }

  it("is not printed on a Node that package.json's engines allow", () => {
    expect(engines).to.equal(">=20.19.0");

    const r = newClient(undefined);

    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal("client created\n");
    expect(r.stderr).to.not.include("NodeVersionSupportWarning");
  });

  it("is printed when the user asks for it (the variable set to anything but true), on a Node the SDK will drop", () => {
    const r = newClient("false");

    expect(r.status, r.stderr).to.equal(0);
    // the SDK warns below Node 22 only
    const major = Number(process.versions.node.split(".")[0]);
    expect(r.stderr.includes("NodeVersionSupportWarning")).to.equal(major < 22);
  });

  it("is switched off only from the engines' lowest version on, and never over the user's own setting", () => {
    const at = (version: string, env: Record<string, string | undefined> = {}) => {
      quietSdkNodeWarning(env, version);
      return env[VAR];
    };

    expect(at("v20.19.0")).to.equal("true");
    expect(at("v20.20.2")).to.equal("true");
    expect(at("v22.1.0")).to.equal("true");
    expect(at("v20.18.3")).to.equal(undefined);
    expect(at("v18.20.0")).to.equal(undefined);
    expect(at("v20.20.2", { [VAR]: "false" })).to.equal("false");
  });
});
