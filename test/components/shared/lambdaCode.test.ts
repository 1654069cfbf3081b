import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ASSET_MANIFEST,
  assetFile,
  FROM_PACKAGE,
  handlerBundle,
  packagedBundle,
  toBundle,
} from "../../../components/shared/lambdaCode";
import { PROCESSOR_ASSET, PROCESSOR_ENTRY } from "../../../components/processingPath/processingPath";
import { bundleLambdaOnce } from "../../../components/shared/lambda";

describe("components/shared/lambdaCode: the code a component deploys", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-assets-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeAsset(name: string, code: string, sha256 = toBundle(code, []).sha256): void {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, assetFile(name)), code);
    const manifest = { [name]: { file: assetFile(name), sha256, bytes: Buffer.byteLength(code) } };
    fs.writeFileSync(path.join(dir, ASSET_MANIFEST), JSON.stringify(manifest));
  }

  it("bundles from the TypeScript entry when running from source", () => {
    expect(FROM_PACKAGE).to.equal(false);
    expect(handlerBundle(PROCESSOR_ASSET, PROCESSOR_ENTRY).sha256).to.equal(
      bundleLambdaOnce(PROCESSOR_ENTRY).sha256,
    );
  });

  it("serves a packaged asset whose content matches the manifest", () => {
    writeAsset("fn", "exports.handler = async () => 1;\n");
    const bundle = packagedBundle("fn", dir);
    expect(bundle.code).to.equal("exports.handler = async () => 1;\n");
    expect(bundle.bytes).to.equal(bundle.code.length);
  });

  it("refuses an asset modified after the build, a handler the manifest lacks, and a missing manifest", () => {
    writeAsset("fn", "exports.handler = async () => 2;\n", "0".repeat(64));
    expect(() => packagedBundle("fn", dir)).to.throw(/does not match its sha256/);
    expect(() => packagedBundle("other", dir)).to.throw(/no pre-bundled Lambda handler "other"/);
    expect(() => packagedBundle("fn", path.join(dir, "nowhere"))).to.throw(
      /installation of the package is incomplete/,
    );
  });
});
