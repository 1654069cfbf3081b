/**
 * The code of a Lambda function a component deploys, wherever the component runs from.
 *
 * - From the built package (`npm run build:package`, compiled `.js`): the handler was bundled with
 *   esbuild when the package was built and ships as `assets/<name>/index.js`, listed with its
 *   sha256 in `assets/manifest.json`. Nothing is bundled at deploy time, so a consumer needs
 *   neither esbuild nor the handler's dependencies.
 * - From TypeScript source (this repository, tests, `tsx`): the handler is bundled now from its
 *   entry by `./lambda` (esbuild, with an on-disk cache), which is loaded only then.
 *
 * Both paths run the same esbuild options on the same sources, so they yield the same code (a test
 * compares the packaged asset with a fresh source bundle).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { toBundle, type LambdaBundle } from "./bundle";

export { toBundle, type LambdaBundle } from "./bundle";

/** Lambda `handler` setting for a bundle stored as `index.js` whose entry exports `handler`. */
export const LAMBDA_HANDLER = "index.handler";

/** Lambda runtime the bundles target. */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** The Lambda code archive of a bundle: `index.js` (use with `LAMBDA_HANDLER`). */
export function lambdaArchive(bundle: LambdaBundle): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) });
}

/** Whether this module runs compiled, from the built package, rather than from TypeScript source. */
export const FROM_PACKAGE = path.extname(__filename) === ".js";

/** Folder of the pre-bundled handlers in the built package (next to the compiled `shared/`). */
export const ASSETS_DIR = path.resolve(__dirname, "..", "assets");

/** Name of the file listing every asset with its sha256 and size. */
export const ASSET_MANIFEST = "manifest.json";

/** One entry of `assets/manifest.json`. */
export interface AssetManifestEntry {
  /** The asset, relative to `assets/`: `<name>/index.js`. */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** `assets/manifest.json`: asset entries by handler name. */
export type AssetManifest = Record<string, AssetManifestEntry>;

/** The file a handler's pre-bundled code is stored in, relative to `assets/`. */
export const assetFile = (name: string): string => `${name}/index.js`;

/** The interface of `./lambda` this module uses (typed here so the package build never reaches esbuild). */
interface SourceBundler {
  bundleLambdaOnce(entry: string): LambdaBundle;
}

const packaged = new Map<string, LambdaBundle>();

/** The pre-bundled asset `name` of the built package, checked against the manifest. */
export function packagedBundle(name: string, dir: string = ASSETS_DIR): LambdaBundle {
  const cached = packaged.get(`${dir}\0${name}`);
  if (cached) return cached;
  const manifestFile = path.join(dir, ASSET_MANIFEST);
  let manifest: AssetManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as AssetManifest;
  } catch (error) {
    throw new Error(
      `obskit: ${manifestFile} cannot be read: this installation of the package is incomplete (reinstall it, or rebuild it with npm run build:package)`,
      { cause: error },
    );
  }
  const entry = Object.prototype.hasOwnProperty.call(manifest, name) ? manifest[name] : undefined;
  if (entry === undefined) {
    throw new Error(`obskit: no pre-bundled Lambda handler "${name}" in ${manifestFile}`);
  }
  const file = path.join(dir, entry.file);
  const bundle = toBundle(fs.readFileSync(file, "utf8"), []);
  if (bundle.sha256 !== entry.sha256) {
    throw new Error(
      `obskit: ${file} does not match its sha256 in ${manifestFile} (${bundle.sha256} ≠ ${entry.sha256}): the package was modified after it was built`,
    );
  }
  packaged.set(`${dir}\0${name}`, bundle);
  return bundle;
}

/**
 * The code of the handler `name` whose TypeScript entry is `entry`: the package's pre-bundled asset
 * when running compiled, else bundled now from `entry`.
 */
export function handlerBundle(name: string, entry: string): LambdaBundle {
  if (FROM_PACKAGE) return packagedBundle(name);
  // From source only: esbuild is a development dependency, absent from the package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundler = require("./lambda") as SourceBundler;
  return bundler.bundleLambdaOnce(entry);
}
