import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { TEST_EMITTER_ENTRY } from "../../../apps/test-emitter/deploy";
import { PROCESSOR_ENTRY } from "../../../components/processingPath/processingPath";
import {
  bundleLambda,
  CACHE_DIR_ENV,
  cacheDirFromEnv,
  LambdaBundler,
  type LambdaBundle,
} from "../../../components/shared/lambda";
import {
  createIncidentsTable,
  plain,
  sample,
  scanAll,
  useLocalDynamo,
} from "../processingPath/handler/helpers";

const run = promisify(execFile);

/** Runs `script` in a fresh node with only the given environment (plus PATH). */
async function node(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["-e", script], {
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("components/shared/lambda: bundleLambda", () => {
  let dir: string;
  let processor: LambdaBundle;
  let file: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-bundle-"));
    processor = bundleLambda(PROCESSOR_ENTRY);
    file = path.join(dir, "index.js");
    fs.writeFileSync(file, processor.code);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports the bundle's size and sha256, and stays within the 500 KB budget", () => {
    expect(processor.bytes).to.equal(Buffer.byteLength(processor.code));
    expect(processor.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(processor.bytes).to.be.at.most(500 * 1024);
  });

  it("is deterministic, so an unchanged handler does not redeploy", () => {
    expect(bundleLambda(PROCESSOR_ENTRY).sha256).to.equal(processor.sha256);
  });

  it("bundles the AWS SDK instead of relying on the runtime's copy", () => {
    for (const dependency of [
      "@aws-sdk/client-dynamodb",
      "@aws-sdk/client-sns",
      "@aws-sdk/core",
      "@smithy/core",
      "@aws-lambda-powertools/logger",
      "zod/mini",
    ]) {
      expect(processor.code).to.not.contain(`require("${dependency}")`);
    }
  });

  it("minifies by default and can be told not to", () => {
    expect(bundleLambda(PROCESSOR_ENTRY, { minify: false }).bytes).to.be.greaterThan(processor.bytes);
  });

  it("loads in a fresh node process and exports handler", async () => {
    const result = await node(`process.stdout.write(typeof require(${JSON.stringify(file)}).handler)`, {
      TABLE_NAME: "incidents",
      AWS_REGION: "us-east-1",
    });

    expect(result.stdout).to.equal("function");
  });

  it("fails its cold start with a ConfigError naming TABLE_NAME when the variable is missing", async () => {
    const result = await node(`require(${JSON.stringify(file)})`, { AWS_REGION: "us-east-1" });

    expect(result.code).to.not.equal(0);
    expect(result.stdout + result.stderr)
      .to.contain("ConfigError")
      .and.contain("TABLE_NAME");
  });

  describe("the bundled processor against dynalite", () => {
    const local = useLocalDynamo();

    it("decodes and stores the real base64+gzip sample", async () => {
      const table = await createIncidentsTable(local.client);
      const event = sample("aws-lambda-go_cloudwatch-logs-event.json");
      const script = `require(${JSON.stringify(file)}).handler(${event}, { awsRequestId: "r1" })
        .then((r) => console.log("RESULT " + JSON.stringify(r)), (e) => { console.error(e); process.exit(3); });`;

      const result = await node(script, {
        TABLE_NAME: table,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
      });

      expect(result.code, result.stderr).to.equal(0);
      const summary = JSON.parse(
        result.stdout
          .split("\n")
          .find((l) => l.startsWith("RESULT "))
          ?.slice(7) ?? "{}",
      );
      expect(summary).to.include({ stored: 2 });
      const messages = (await scanAll(local.client, table)).map((i) => plain(i).message).sort();
      expect(messages).to.deep.equal(["[ERROR] First test message", "[ERROR] Second test message"]);
    });
  });

  it("bundles the test emitter, which loads and answers an invocation", async () => {
    const emitter = bundleLambda(TEST_EMITTER_ENTRY);
    const emitterFile = path.join(dir, "emitter.js");
    fs.writeFileSync(emitterFile, emitter.code);

    const result = await node(
      `require(${JSON.stringify(emitterFile)}).handler({ error_count: 2 }).then((r) => console.log("RESULT " + JSON.stringify(r)))`,
      {},
    );

    const line = result.stdout.split("\n").find((l) => l.startsWith("RESULT ")) ?? "";
    expect(JSON.parse(line.slice(7))).to.deep.include({ statusCode: 200 });
    expect(result.stdout.match(/"level":"ERROR"/g) ?? []).to.have.length(0); // ERROR lines go to stderr
    expect(result.stderr.match(/"level":"ERROR"/g) ?? []).to.have.length(2);
  });

  it("throws a BundleError for an entry that does not exist", () => {
    expect(() => bundleLambda(path.join(dir, "missing.ts")))
      .to.throw()
      .with.property("name", "BundleError");
  });
});

describe("components/shared/lambda: LambdaBundler", () => {
  let dir: string;
  let cacheDir: string;
  let entry: string;

  /** Writes a source file as an edit made an hour before this run. */
  function edit(name: string, text: string): void {
    const file = path.join(dir, name);
    const longAgo = new Date(Date.now() - 3_600_000);
    fs.writeFileSync(file, text);
    fs.utimesSync(file, longAgo, longAgo);
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-bundler-"));
    cacheDir = path.join(dir, "cache");
    entry = path.join(dir, "entry.ts");
    edit("entry.ts", 'import { word } from "./word";\nexport const handler = async () => `said ${word}`;\n');
    edit("word.ts", 'export const word = "first";\n');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("serves an unchanged bundle from disk without running esbuild again", () => {
    const built = new LambdaBundler(cacheDir).bundle(entry);
    const next = new LambdaBundler(cacheDir); // a later process

    const served = next.bundle(entry);

    expect(next.builds).to.equal(0);
    expect(served).to.deep.equal(built);
    expect(served.inputs).to.have.length(2);
  });

  it("rebuilds when an imported file's content changes, and caches the new build", () => {
    new LambdaBundler(cacheDir).bundle(entry);
    edit("word.ts", 'export const word = "second";\n');

    const rebuilt = new LambdaBundler(cacheDir);
    const bundle = rebuilt.bundle(entry);
    const later = new LambdaBundler(cacheDir);
    const served = later.bundle(entry);

    expect(rebuilt.builds).to.equal(1);
    expect(bundle.code).to.contain("second").and.not.contain("first");
    expect(later.builds).to.equal(0);
    expect(served.sha256).to.equal(bundle.sha256);
  });

  it("keys the build options: a non-minified build is built and cached separately", () => {
    const first = new LambdaBundler(cacheDir);
    const minified = first.bundle(entry);
    const readable = first.bundle(entry, { minify: false });

    const next = new LambdaBundler(cacheDir);
    expect(next.bundle(entry, { minify: false }).code).to.equal(readable.code);
    expect(next.bundle(entry).code).to.equal(minified.code);
    expect([first.builds, next.builds]).to.deep.equal([2, 0]);
  });

  it("builds every time without a cache directory", () => {
    const bundler = new LambdaBundler(false);
    bundler.bundle(entry);
    bundler.bundle(entry);
    expect(bundler.builds).to.equal(2);
  });

  it(`caches under node_modules/.cache/obskit unless ${CACHE_DIR_ENV} moves or disables it`, () => {
    expect(cacheDirFromEnv({})).to.equal(path.resolve(__dirname, "../../../node_modules/.cache/obskit"));
    expect(cacheDirFromEnv({ [CACHE_DIR_ENV]: dir })).to.equal(dir);
    expect(cacheDirFromEnv({ [CACHE_DIR_ENV]: "off" })).to.equal(undefined);
  });
});
