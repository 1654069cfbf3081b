import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "..");
const exec = promisify(execFile);

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/**
 * The import rules of .dependency-cruiser.cjs, run by dependency-cruiser itself on a small tree of
 * files laid out like this repository, some of which break them: a rule that silently matched
 * nothing would pass `npm run deps` on any code.
 */
describe(".dependency-cruiser.cjs: dependencies point one way", function () {
  this.timeout(120_000);
  let dir: string;
  let violations: Violation[];

  /** Writes the fixture's files (`path → source`). */
  function write(files: Record<string, string>): void {
    for (const [file, source] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), source);
    }
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-deps-"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    write({
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs", strict: true } }),
      // a cycle inside the package
      "components/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "components/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
      // a component reaching out of the package, statically, dynamically and for a type
      "components/upward.ts": [
        'import { w } from "../apps/worker";',
        'import { s } from "../stack/settings";',
        'export { p } from "../cli/plan";',
        'import "../policy/rules";',
        'import { t } from "../bench/tools";',
        "export const all = [w, s, t];",
      ].join("\n"),
      "components/dynamic.ts":
        'export const m = import("../apps/worker");\nexport type P = import("../cli/plan").P;\n',
      // what the package may import: itself and packages
      "components/fine.ts":
        'import * as pulumi from "@pulumi/pulumi";\nimport { a } from "./a";\nexport const all = [pulumi, a];\n',
      "components/processingPath/processingPath.ts": "export const ProcessingPath = 1;\n",
      "components/processingPath/handler/contract.ts": "export const Severity = 1;\n",
      "components/processingPath/handler/severity.ts": [
        'import { ProcessingPath } from "../processingPath";',
        'import * as pulumi from "@pulumi/pulumi";',
        'import { Severity } from "./contract";',
        "export const all = [ProcessingPath, pulumi, Severity];",
      ].join("\n"),
      "model/stack.ts":
        'import { a } from "../components/a";\nimport { e } from "../engines/eval";\nexport const m = [a, e];\n',
      "engines/eval.ts": 'import { a } from "../components/a";\nexport const e = a;\n',
      "apps/worker.ts":
        'import { a } from "../components/a";\nimport { s } from "../stack/settings";\nexport const w = [a, s];\n',
      "stack/settings.ts":
        'import { a } from "../components/a";\nimport { w } from "../apps/worker";\nexport const s = [a, w];\n',
      "policy/rules.ts": [
        'import { e } from "../engines/eval";',
        'import { m } from "../model/stack";',
        'import { p } from "../cli/plan";',
        'import type { S } from "../stack/types";',
        "export const r = [e, m, p];",
        "export type R = S;",
      ].join("\n"),
      "stack/types.ts": "export type S = string;\n",
      "cli/plan.ts":
        'import { s } from "../stack/settings";\nimport { r } from "../policy/rules";\nexport const p = [s, r];\nexport type P = string;\n',
      "bench/tools.ts": 'import { p } from "../cli/plan";\nexport const t = p;\n',
      "test/plan.test.ts":
        'import { p } from "../cli/plan";\nimport { b } from "../components/b";\nexport const x = [p, b];\n',
    });
    const bin = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
    const folders = ["components", "model", "engines", "apps", "stack", "policy", "cli", "bench", "test"];
    const run = await exec(
      process.execPath,
      [
        bin,
        ...folders,
        "--config",
        path.join(ROOT, ".dependency-cruiser.cjs"),
        "--cache",
        path.join(dir, ".cache"),
        "--output-type",
        "json",
      ],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const reported = (rule: string) =>
    violations
      .filter((v) => v.rule.name === rule)
      .map((v) => `${v.from} → ${v.to}`)
      .sort();

  it("reports an import cycle", () => {
    expect(reported("no-circular")).to.include.members(["components/a.ts → components/b.ts"]);
    // and the cycle through apps/ and stack/, which each layer allows on its own
    expect(reported("no-circular")).to.include.members(["apps/worker.ts → stack/settings.ts"]);
  });

  it("fails a component that imports the program, the CLI, the policy pack or the benchmarks", () => {
    expect(reported("components-stand-alone")).to.deep.equal(
      [
        "components/upward.ts → apps/worker.ts",
        "components/upward.ts → stack/settings.ts",
        "components/upward.ts → cli/plan.ts",
        "components/upward.ts → policy/rules.ts",
        "components/upward.ts → bench/tools.ts",
        "components/dynamic.ts → apps/worker.ts",
        "components/dynamic.ts → cli/plan.ts",
      ].sort(),
    );
  });

  it("fails the policy pack importing the CLI, and a type from stack/", () => {
    expect(reported("policy-below-the-cli")).to.deep.equal([
      "policy/rules.ts → cli/plan.ts",
      "policy/rules.ts → stack/types.ts",
    ]);
  });

  it("fails the model importing the engines, and the workloads importing the composition", () => {
    expect(reported("model-reads-components-only")).to.deep.equal(["model/stack.ts → engines/eval.ts"]);
    expect(reported("apps-on-components")).to.deep.equal(["apps/worker.ts → stack/settings.ts"]);
  });

  it("keeps a Lambda handler out of its component's infrastructure and out of Pulumi", () => {
    expect(reported("handler-alone")).to.deep.equal([
      "components/processingPath/handler/severity.ts → components/processingPath/processingPath.ts",
    ]);
    expect(reported("handler-without-pulumi")).to.have.length(1);
    expect(reported("handler-without-pulumi")[0]).to.match(
      /^components\/processingPath\/handler\/severity\.ts → .*node_modules\/@pulumi\/pulumi\//,
    );
  });

  it("lets each layer import what is below it, and the CLI, tests and benchmarks import anything", () => {
    const allowed = violations.filter(
      (v) =>
        v.rule.name !== "no-circular" &&
        (/^(engines|stack|cli|bench|test)\//.test(v.from) || v.from === "components/fine.ts"),
    );
    expect(allowed.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).to.deep.equal([]);
    expect(reported("not-to-unresolvable")).to.deep.equal([]);
  });
});
