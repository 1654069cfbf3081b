import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import * as lib from "../../components";

const COMPONENTS = path.join(__dirname, "..", "..", "components");

/** Folders holding a component (a `pulumi.ComponentResource`), as `[folder, class name]`. */
function componentFolders(): [string, string][] {
  return readdirSync(COMPONENTS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d): [string, string][] => {
      const main = path.join(COMPONENTS, d.name, `${d.name}.ts`);
      if (!existsSync(main)) return [];
      const m = /export class (\w+) extends pulumi\.ComponentResource/.exec(readFileSync(main, "utf8"));
      return m ? [[d.name, m[1]]] : [];
    });
}

/** `LogPipeline` → `LOG_PIPELINE`. */
const constantCase = (name: string): string => name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();

/**
 * Optional properties of the argument interfaces declared in `file` (not the `Resolved…` ones, whose
 * defaults are applied) that have no `@default` in their doc comment.
 */
function optionalWithoutDefault(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const missing: string[] = [];
  const visit = (node: ts.Node, owner: string): void => {
    if (ts.isInterfaceDeclaration(node)) owner = node.name.text;
    if (ts.isPropertySignature(node) && node.questionToken && owner !== "" && !owner.startsWith("Resolved")) {
      const docs = ts.getJSDocCommentsAndTags(node).map((d) => d.getText());
      const name = `${owner}.${node.name.getText(source)}`;
      if (!docs.some((d) => /@default\b/.test(d))) missing.push(name);
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  visit(source, "");
  return missing;
}

describe("one component layout", () => {
  const folders = componentFolders();

  it("finds the library's components", () => {
    expect(folders.map(([, cls]) => cls).sort()).to.deep.equal([
      "AlertingPath",
      "AuditTrail",
      "Dashboard",
      "LogPipeline",
      "LogsKey",
      "ProcessingPath",
    ]);
  });

  for (const [folder, cls] of folders) {
    describe(`components/${folder}`, () => {
      it("has args.ts, the class file and index.ts", () => {
        for (const f of ["args.ts", `${folder}.ts`, "index.ts"])
          expect(existsSync(path.join(COMPONENTS, folder, f)), f).to.equal(true);
      });

      it(`exports ${cls}Args' ${constantCase(cls)}_DEFAULTS, validate${cls}Args and resolve${cls}Args`, () => {
        const exported = lib as unknown as Record<string, unknown>;
        expect(exported[`${constantCase(cls)}_DEFAULTS`]).to.be.an("object");
        expect(exported[`validate${cls}Args`]).to.be.a("function");
        expect(exported[`resolve${cls}Args`]).to.be.a("function");
        const args = readFileSync(path.join(COMPONENTS, folder, "args.ts"), "utf8");
        expect(args).to.match(new RegExp(`export interface ${cls}Args\\b`));
        // resolve reads the one constant, not literals of its own
        expect(args).to.contain(`${constantCase(cls)}_DEFAULTS`);
      });

      it("documents a @default on every optional argument", () => {
        const files = readdirSync(path.join(COMPONENTS, folder))
          .filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== `${folder}.ts`)
          .map((f) => path.join(COMPONENTS, folder, f));
        expect(files.flatMap(optionalWithoutDefault)).to.deep.equal([]);
      });

      it("the class never defaults an argument inline (`args.x ?? …`)", () => {
        const main = readFileSync(path.join(COMPONENTS, folder, `${folder}.ts`), "utf8");
        expect(main.match(/\bargs\.\w+(\?\.\w+)*\s*\?\?/g) ?? []).to.deep.equal([]);
      });
    });
  }
});
