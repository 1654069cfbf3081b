import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { BuildCache, sha256 } from "../../../components/shared/buildCache";

describe("components/shared/buildCache: BuildCache", () => {
  let dir: string;
  let cache: BuildCache;
  const key = sha256("the build");
  const longAgo = new Date(Date.now() - 3_600_000);
  const output = { code: "module.exports = 1;", inputs: ["a.ts", "b.ts"] };

  /** Writes an input file as an edit made an hour before the build. */
  function edit(name: string, text: string, mtime: Date = longAgo): void {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    fs.utimesSync(file, mtime, mtime);
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-cache-"));
    cache = new BuildCache(path.join(dir, "cache"), dir);
    edit("a.ts", "a");
    edit("b.ts", "b");
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("serves a stored output while its inputs are unchanged, leaving no temporary file", () => {
    expect(cache.put(key, output, Date.now())).to.equal(true);

    expect(cache.get(key)).to.deep.equal(output);
    expect(fs.readdirSync(path.join(dir, "cache"))).to.deep.equal([`${key}.json`]);
  });

  it("never serves an entry whose input changed content or disappeared", () => {
    cache.put(key, output, Date.now());
    edit("b.ts", "b2");
    expect(cache.get(key)).to.equal(undefined);

    edit("b.ts", "b"); // back to the stored content: valid again
    expect(cache.get(key)).to.deep.equal(output);
    fs.rmSync(path.join(dir, "a.ts"));
    expect(cache.get(key)).to.equal(undefined);
  });

  it("compares content, not timestamps: a touched but unchanged input still hits", () => {
    cache.put(key, output, Date.now());
    const later = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, "a.ts"), later, later);

    expect(cache.get(key)).to.deep.equal(output);
  });

  it("misses on an unknown key, a corrupt entry, or an entry copied under another key", () => {
    cache.put(key, output, Date.now());
    const file = path.join(dir, "cache", `${key}.json`);
    const other = sha256("another build");
    fs.copyFileSync(file, path.join(dir, "cache", `${other}.json`));
    expect(cache.get(other)).to.equal(undefined);

    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("module.exports = 1", "module.exports = 2"));
    expect(cache.get(key)).to.equal(undefined);
    fs.writeFileSync(file, '{"format":1,"code":"trunc');
    expect(cache.get(key)).to.equal(undefined);
    expect(cache.get(sha256("never built"))).to.equal(undefined);
  });

  it("does not store an output whose inputs changed while it was built (it may not match them)", () => {
    const startedAt = Date.now();
    edit("b.ts", "b-during-the-build", new Date(startedAt + 5));

    expect(cache.put(key, output, startedAt)).to.equal(false);
    expect(cache.get(key)).to.equal(undefined);
  });

  it("does not store an output with an input that is not a file", () => {
    expect(cache.put(key, { code: "x", inputs: ["a.ts", "<virtual>"] }, Date.now())).to.equal(false);
  });

  it("replaces an entry atomically when a rebuild stores under the same key", () => {
    cache.put(key, output, Date.now());
    edit("b.ts", "b2");
    const rebuilt = { code: "module.exports = 2;", inputs: output.inputs };

    expect(cache.put(key, rebuilt, Date.now())).to.equal(true);
    expect(cache.get(key)).to.deep.equal(rebuilt);
    expect(fs.readdirSync(path.join(dir, "cache"))).to.deep.equal([`${key}.json`]);
  });
});
