import * as path from "node:path";
import { expect } from "chai";
import { ESLint } from "eslint";

const ROOT = path.resolve(__dirname, "..");

/**
 * The import boundaries of eslint.config.mjs, checked on code that breaks them. Type information
 * is switched off here (these rules do not use it; it would make each run take seconds), and with
 * it the one rule that needs it.
 */
describe("eslint.config.mjs: package boundaries", () => {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { "@pulumi/no-output-in-template-literal": "off" },
    },
  });

  async function violations(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
    return result.messages.map((m) => `${m.ruleId}:${m.line}`);
  }

  it("fails a component that imports the program, the CLI, the policy pack or the benchmarks", async () => {
    const code = [
      'import { a } from "../../apps/test-emitter/deploy";',
      'import { b } from "../../stack/settings";',
      'export { c } from "../../cli/plan/plan";',
      'import "../../policy/rules";',
      'import { d } from "../../bench/tools";',
      "export const all = [a, b, d];",
    ].join("\n");

    expect(await violations("components/processingPath/args.ts", code)).to.deep.equal([
      "no-restricted-imports:1",
      "no-restricted-imports:2",
      "no-restricted-imports:3",
      "no-restricted-imports:4",
      "no-restricted-imports:5",
    ]);
  });

  it("also fails dynamic imports and import types that leave the package", async () => {
    const code =
      'export const m = import("../apps/containers");\nexport type P = import("../cli/plan/plan").Plan;\n';

    expect(await violations("components/metric.ts", code)).to.deep.equal([
      "no-restricted-syntax:1",
      "no-restricted-syntax:2",
    ]);
  });

  it("lets a component import the rest of the package and packages", async () => {
    const code =
      'import * as pulumi from "@pulumi/pulumi";\nimport { Metric } from "../metric";\nexport const all = [pulumi, Metric];\n';

    expect(await violations("components/processingPath/args.ts", code)).to.deep.equal([]);
  });

  it("keeps a Lambda handler out of its component's infrastructure and out of Pulumi", async () => {
    const code = [
      'import { ProcessingPath } from "../processingPath";',
      'import * as pulumi from "@pulumi/pulumi";',
      'import { Severity } from "./contract";',
      "export const all = [ProcessingPath, pulumi, Severity];",
    ].join("\n");

    expect(await violations("components/processingPath/handler/severity.ts", code)).to.deep.equal([
      "no-restricted-imports:1",
      "no-restricted-imports:2",
    ]);
  });

  it("leaves the program free to import the package", async () => {
    const code = 'import { ProcessingPath } from "../components";\nexport const all = [ProcessingPath];\n';

    expect(await violations("stack/index.ts", code)).to.deep.equal([]);
  });
});
