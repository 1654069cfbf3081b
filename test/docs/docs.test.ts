import { expect } from "chai";
import { ESLint } from "eslint";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, SNIPPETS_DIR, docFiles, policyRulesTable, renderDoc, snippetsIn } from "../../scripts/docs";
import { COMMANDS } from "../../cli/obskit";
import { RULES } from "../../policy/rules";
import { runProgram } from "../support/mocks";

const rel = (file: string) => path.relative(ROOT, file);
const read = (file: string) => fs.readFileSync(file, "utf8");
const snippetFiles = () =>
  fs
    .readdirSync(SNIPPETS_DIR)
    .filter((f) => f.endsWith(".ts"))
    .sort();

/** The text a person wrote: the guide without its generated blocks (those come from code). */
const handWritten = (text: string) =>
  text.replace(/<!-- generated: [\w-]+ -->[\s\S]*?<!-- \/generated -->/g, "");

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

function anchorsIn(text: string): Set<string> {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

describe("docs: the README and the guides", () => {
  it("the README is a front door: at most 15 KB", () => {
    expect(fs.statSync(path.join(ROOT, "README.md")).size).to.be.at.most(15 * 1024);
  });

  for (const file of docFiles())
    it(`${rel(file)}: its snippets and generated tables are what npm run docs:generate writes`, () => {
      const text = read(file);
      expect(renderDoc(file, text) === text, `${rel(file)} is stale: run npm run docs:generate`).to.equal(
        true,
      );
    });

  it("every snippet file is included in a guide, and every included snippet exists", () => {
    const included = new Set(docFiles().flatMap((f) => snippetsIn(read(f))));
    expect(
      snippetFiles().filter((f) => !included.has(f)),
      "snippets no guide includes",
    ).to.deep.equal([]);
    expect(
      [...included].filter((f) => !fs.existsSync(path.join(SNIPPETS_DIR, f))),
      "included snippets that are no file",
    ).to.deep.equal([]);
  });

  it("the rule table lists every rule of the pack, dashboard-references-declared included", () => {
    const table = policyRulesTable();
    for (const rule of RULES)
      expect(table, rule.name).to.contain(`| \`${rule.name}\` | ${rule.enforcementLevel} |`);
    expect(read(path.join(ROOT, "docs", "policy-pack.md"))).to.contain("| `dashboard-references-declared` |");
  });

  it("every relative link points at a file, and every anchor at a heading", () => {
    const broken: string[] = [];
    for (const file of docFiles()) {
      const text = read(file);
      for (const [, target] of text.replace(/```[\s\S]*?```/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [to, anchor] = target.split("#");
        const dest = to ? path.resolve(path.dirname(file), to) : file;
        if (!fs.existsSync(dest)) broken.push(`${rel(file)}: ${target} (no file)`);
        else if (anchor && dest.endsWith(".md") && !anchorsIn(read(dest)).has(anchor))
          broken.push(`${rel(file)}: ${target} (no heading)`);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it("the guides say what a thing is, not which planning item it came from", () => {
    const labels = /\bseed[ _-]?\d{3}\b|\bTask \d+\b|\bissue #?\d+\b/i;
    const found = docFiles().flatMap((f) =>
      handWritten(read(f))
        .split("\n")
        // `seed003` is a field of `obskit cost --json`: a name the user sees, documented as such
        .filter((line) => labels.test(line.replace(/\bseed003\b/g, "")))
        .map((line) => `${rel(f)}: ${line.trim().slice(0, 100)}`),
    );
    expect(found).to.deep.equal([]);
  });
});

/** Each snippet is a program a user could write: it declares its resources under mocks without a problem. */
describe("docs: every snippet runs", () => {
  for (const file of snippetFiles())
    it(`docs/snippets/${file} declares its resources`, async () => {
      const errors: string[] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => void errors.push(args.map(String).join(" "));
      try {
        // a snippet is a program: loading it declares its resources, as `pulumi up` loads index.ts
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const run = await runProgram(() => require(path.join(SNIPPETS_DIR, file)));
        const declared = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
        if (file !== "errors.ts") expect(declared.length, "resources declared").to.be.greaterThan(0);
      } finally {
        console.error = consoleError;
      }
      if (file === "errors.ts") {
        // the snippet shows the one error listing every problem
        expect(errors.join("\n")).to.match(/LogPipeline "orders": 2 invalid arguments/);
      } else expect(errors).to.deep.equal([]);
    });
});

describe("docs: snippets import the package as a user would", () => {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { "@pulumi/no-output-in-template-literal": "off" },
    },
  });
  const lint = async (code: string) =>
    (await eslint.lintText(code, { filePath: path.join(SNIPPETS_DIR, "example.ts") }))[0].messages.map(
      (m) => `${m.ruleId}:${m.line}`,
    );

  it("a relative import (a deep path into the package) fails lint; the package name passes", async () => {
    expect(
      await lint(
        [
          'import { LogPipeline } from "../../components";',
          'import { lambdaCode } from "../../components/shared/lambdaCode";',
          'import { VERSION } from "@obskit/components";',
          "export const all = [LogPipeline, lambdaCode, VERSION];",
        ].join("\n"),
      ),
    ).to.deep.equal(["no-restricted-imports:1", "no-restricted-imports:2"]);
  });
});

/** docs/cli.md documents every command and every flag its `--help` names. */
describe("docs: the CLI reference covers every command and flag", () => {
  const doc = read(path.join(ROOT, "docs", "cli.md"));
  const sectionOf = (name: string) => doc.split(new RegExp(`^## ${name}$`, "m"))[1]?.split(/^## /m)[0];

  for (const name of Object.keys(COMMANDS))
    it(`obskit ${name}: every flag of its --help is in its section of docs/cli.md`, async () => {
      let help = "";
      const code = await COMMANDS[name].load().run(["--help"], {
        stdout: (t) => void (help += t),
        stderr: () => undefined,
      });
      expect(code).to.equal(0);
      const section = sectionOf(name);
      expect(section, `docs/cli.md has a section "## ${name}"`).to.be.a("string");
      const flags = [...new Set([...help.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
      expect(flags, "its --help names flags").to.not.deep.equal([]);
      expect(flags.filter((f) => !section!.includes(`\`${f}`))).to.deep.equal([]);
    });
});
