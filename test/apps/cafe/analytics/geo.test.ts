import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../../..");
const GEOIP = path.dirname(require.resolve("geoip-lite/package.json"));
const pkg = (file: string) =>
  JSON.parse(fs.readFileSync(file, "utf8")) as { version: string; main?: string; engines: { node: string } };

/**
 * geoip-lite 2 declares `engines: node >=24` (npm ci warns EBADENGINE on Node 20) while the café
 * analytics Lambda runs on nodejs22.x and this repository on Node 20. Its older releases that
 * declare Node 20 ship a database two years older, so the newer one is kept: these tests show it
 * works on the Node they run on.
 */
describe("geoip-lite on the Node versions obskit supports", function () {
  this.timeout(60_000);

  it("its lookup code loads only Node modules that Node 20 has (the newer Node is for its database updater)", () => {
    const lib = path.join(GEOIP, "lib");
    const required = new Set<string>();
    for (const file of fs.readdirSync(lib).filter((f) => f.endsWith(".js")))
      for (const m of fs.readFileSync(path.join(lib, file), "utf8").matchAll(/require\(['"]([^'"]+)['"]\)/g))
        required.add(m[1]);

    expect([...required].sort()).to.deep.equal(["./fsWatcher", "./utils", "fs", "net", "path"]);
    expect(pkg(path.join(GEOIP, "package.json")).main).to.equal("lib/geoip.js");
  });

  it("loads its database and locates addresses in a fresh process on this Node, with no warning", () => {
    const script = [
      'const geoip = require("geoip-lite");',
      'const a = geoip.lookup("83.149.9.216"), b = geoip.lookup("2001:4860:4860::8888");',
      "console.log(JSON.stringify([a.country, a.city, b.country, process.versions.node]));",
    ].join("\n");

    const r = spawnSync(process.execPath, ["--throw-deprecation", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });

    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal("");
    expect(JSON.parse(r.stdout)).to.deep.equal(["RU", "Moscow", "US", process.versions.node]);
  });

  it("runs on a Node package.json's engines allow, where geoip-lite 2.0.3 declares Node 24", () => {
    // when geoip-lite's engines include Node 20 again, the EBADENGINE note in the docs can go
    const [major, minor] = process.versions.node.split(".").map(Number);
    expect(pkg(path.join(ROOT, "package.json")).engines.node).to.equal(">=20.19.0");
    expect(major > 20 || (major === 20 && minor >= 19)).to.equal(true);
    expect(pkg(path.join(GEOIP, "package.json"))).to.deep.include({
      version: "2.0.3",
      engines: { node: ">=24.0.0" },
    });
  });
});
