import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { API_REPORT_FILE, apiReport, emitDeclarations } from "../../scripts/api-report";

describe("the package's public API report (api/obskit-components.api.md)", function () {
  this.timeout(300_000);
  let dir: string;
  let entry: string;

  before(() => {
    // inside the repository, so the declarations resolve @pulumi/* from its node_modules, and not
    // under node_modules, where API Extractor takes declarations for another package's
    const cache = path.join(__dirname, "..", "..", "dist");
    fs.mkdirSync(cache, { recursive: true });
    dir = fs.mkdtempSync(path.join(cache, "obskit-api-test-"));
    entry = emitDeclarations(path.join(dir, "d"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is what API Extractor makes of components/index.ts today (npm run api:update after a deliberate change)", () => {
    const r = apiReport(entry);
    expect(r.messages, "api-extractor warnings").to.deep.equal([]);
    expect(
      r.upToDate,
      "run npm run api:update, review the diff, and say what changed in CHANGELOG.md",
    ).to.equal(true);
    // explicit names only: the report lists what is public, not `export *` lines
    const committed = fs.readFileSync(API_REPORT_FILE, "utf8");
    expect(committed).to.not.match(/^export \* from/m);
    for (const name of [
      "class LogPipeline",
      "class AlertingPath",
      "class ProcessingPath",
      "class AuditTrail",
      "class Dashboard",
      "class LogsKey",
    ])
      expect(committed).to.contain(name);
  });

  it("fails when the public API changes and the report does not", () => {
    const changed = path.join(dir, "changed");
    fs.cpSync(path.dirname(entry), changed, { recursive: true });
    const index = path.join(changed, "index.d.ts");
    fs.appendFileSync(
      index,
      "\n/** Added by the test. */\nexport declare function addedByTheTest(): number;\n",
    );
    const r = apiReport(index);
    expect(r.upToDate).to.equal(false);
    expect(r.report).to.contain("addedByTheTest");
    // and the committed report was not touched
    expect(fs.readFileSync(API_REPORT_FILE, "utf8")).to.not.contain("addedByTheTest");
  });
});
