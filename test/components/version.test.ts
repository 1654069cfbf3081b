import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { VERSION } from "../../components";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("components/version: VERSION", () => {
  it("is a semantic version, the one components/package.json publishes", () => {
    expect(VERSION).to.match(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect((JSON.parse(read("components/package.json")) as { version: string }).version).to.equal(VERSION);
  });

  it("has a CHANGELOG section that says whether upgrading to it replaces resources", () => {
    const changelog = read("components/CHANGELOG.md");
    const start = changelog.indexOf(`\n## ${VERSION}\n`);
    expect(start, `CHANGELOG.md has no "## ${VERSION}" section`).to.be.greaterThan(-1);
    const next = changelog.indexOf("\n## ", start + 1);
    const section = changelog.slice(start, next === -1 ? undefined : next);
    expect(section).to.match(/\*\*Replaces resources: [^*]+\*\*/);
  });

  it("is the version the Pulumi plugin package depends on", () => {
    const plugin = JSON.parse(read("plugin/package.json")) as {
      version: string;
      dependencies: Record<string, string>;
    };
    expect(plugin.version).to.equal(VERSION);
    expect(plugin.dependencies["@obskit/components"]).to.equal(
      `file:../dist/obskit-components-${VERSION}.tgz`,
    );
  });
});
