/**
 * Writes the generated parts of the guides (`npm run docs:generate`), so they cannot drift from
 * what they describe:
 *
 * - `<!-- snippet: <file> -->` … `<!-- /snippet -->`: the code block is `docs/snippets/<file>`,
 *   which `npm test` type-checks against the package and runs under mocks;
 * - `<!-- generated: policy-rules -->` … `<!-- /generated -->`: the rule table, from the rules of
 *   the policy pack (name, level, what each checks);
 * - `<!-- generated: scenarios -->` … `<!-- /generated -->`: the built-in replay scenarios, and
 *   `scenario-names`: the names `obskit replay --scenario` takes.
 *
 * `test/docs/docs.test.ts` fails while a committed guide differs from what this writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../policy/rules";
import { BUILT_IN_SCENARIOS, STANDARD_SCENARIO_NAMES } from "../cli/replay/scenarios";

export const ROOT = path.resolve(__dirname, "..");
export const SNIPPETS_DIR = path.join(ROOT, "docs", "snippets");

/** Every markdown file that is documentation: the READMEs of the repository and the package, and the guides under `docs/`. */
export function docFiles(): string[] {
  const out = [path.join(ROOT, "README.md"), path.join(ROOT, "components", "README.md")];
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".md")) out.push(full);
    }
  };
  walk(path.join(ROOT, "docs"));
  return out;
}

/** A markdown table cell: pipes and angle brackets escaped (`<account>` is no HTML tag), no line breaks. */
const cell = (text: string): string =>
  text
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\s*\n\s*/g, " ");

/** `aws:cloudwatch/logGroup:LogGroup` → `cloudwatch.LogGroup`, as the AWS provider's classes are named. */
const shortType = (token: string): string => {
  const m = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(token);
  return m ? `${m[1]}.${m[2]}` : token;
};

/** The policy pack's rule table. */
export function policyRulesTable(): string {
  const rows = RULES.map((r) => {
    const scope =
      r.kind === "resource" ? `each ${[...new Set(r.types.map(shortType))].join(", ")}` : "the whole stack";
    return `| \`${r.name}\` | ${r.enforcementLevel} | ${cell(scope)} | ${cell(r.description)} |`;
  });
  return ["| rule | level | looks at | checks |", "|---|---|---|---|", ...rows].join("\n");
}

/** The built-in replay scenarios, by system, with what each expects. */
export function scenariosTable(): string {
  const standard = new Set<string>(STANDARD_SCENARIO_NAMES);
  const list = (keys: string[]) => (keys.length ? keys.map((k) => `\`${k}\``).join(", ") : "none");
  const rows = BUILT_IN_SCENARIOS.map(
    (s) =>
      `| \`${s.name}\` | ${standard.has(s.name) ? "yes" : ""} | ${s.durationMinutes} min | ${cell(s.description)} | ${list(s.expect.fires)} |`,
  );
  return [
    "| scenario | in `npm start` | runs | what happens | must fire |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** The names `--scenario` takes, one line per system. */
export function scenarioNames(): string {
  const bySystem = new Map<string, string[]>();
  for (const s of BUILT_IN_SCENARIOS) {
    const system = s.name.split(":")[0];
    bySystem.set(system, [...(bySystem.get(system) ?? []), `\`${s.name}\``]);
  }
  return [...bySystem.values()].map((names) => `- ${names.join(", ")}`).join("\n");
}

const GENERATORS: Record<string, () => string> = {
  "policy-rules": policyRulesTable,
  scenarios: scenariosTable,
  "scenario-names": scenarioNames,
};

/** A problem in a guide's markers: an unknown generator or snippet, or an unclosed block. */
export class DocsMarkerError extends Error {
  override name = "DocsMarkerError";
}

/** `text` with every snippet and generated block rewritten from its source. */
export function renderDoc(file: string, text: string): string {
  const rel = path.relative(ROOT, file);
  const snippet = /(<!-- snippet: ([\w./-]+) -->\n)([\s\S]*?)(<!-- \/snippet -->)/g;
  const generated = /(<!-- generated: ([\w-]+) -->\n)([\s\S]*?)(<!-- \/generated -->)/g;
  const opened = (text.match(/<!-- (snippet|generated): /g) ?? []).length;
  const closed = (text.match(/<!-- \/(snippet|generated) -->/g) ?? []).length;
  if (opened !== closed) throw new DocsMarkerError(`${rel}: ${opened} blocks opened, ${closed} closed`);
  return text
    .replace(snippet, (_all, open: string, name: string, _body: string, close: string) => {
      const source = path.join(SNIPPETS_DIR, name);
      if (!fs.existsSync(source)) throw new DocsMarkerError(`${rel}: no snippet docs/snippets/${name}`);
      return `${open}\`\`\`ts\n${fs.readFileSync(source, "utf8").trimEnd()}\n\`\`\`\n${close}`;
    })
    .replace(generated, (_all, open: string, name: string, _body: string, close: string) => {
      const generate = Object.hasOwn(GENERATORS, name) ? GENERATORS[name] : undefined;
      if (!generate)
        throw new DocsMarkerError(
          `${rel}: no generator "${name}" (known: ${Object.keys(GENERATORS).join(", ")})`,
        );
      return `${open}${generate()}\n${close}`;
    });
}

/** The snippet files a guide includes. */
export function snippetsIn(text: string): string[] {
  return [...text.matchAll(/<!-- snippet: ([\w./-]+) -->/g)].map((m) => m[1]);
}

if (require.main === module) {
  for (const file of docFiles()) {
    const text = fs.readFileSync(file, "utf8");
    const rendered = renderDoc(file, text);
    if (rendered !== text) {
      fs.writeFileSync(file, rendered);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  }
}
