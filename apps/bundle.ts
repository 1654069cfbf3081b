/**
 * Bundles a Lambda entry into one self-contained CommonJS file for the `nodejs22.x` runtime.
 *
 * Everything is bundled, the AWS SDK v3 clients included: the SDK the runtime ships changes with
 * runtime updates outside our control, so bundling pins the exact versions in package.json (the
 * ones the tests ran against); and one minified file loads faster at cold start than resolving
 * the runtime's node_modules. ES module builds are preferred (`mainFields: module, main`) so unused
 * SDK commands are tree-shaken out.
 *
 * The component builds `new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code) })`
 * with handler `LAMBDA_HANDLER`.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { buildSync, type BuildFailure } from "esbuild";

/** Lambda `handler` setting for a bundle stored as `index.js` whose entry exports `handler`. */
export const LAMBDA_HANDLER = "index.handler";

/** Lambda runtime the bundles target. */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** Entry files of the apps' Lambda handlers. */
export const LAMBDA_ENTRIES = {
  /** The real-time ERROR processor (CloudWatch Logs subscription → DynamoDB incidents). */
  logProcessor: path.join(__dirname, "log-processor", "src", "handler.ts"),
  /** The test log emitter of seed 002. */
  testEmitter: path.join(__dirname, "test-emitter", "src", "handler.ts"),
} as const;

/** Options of `bundleLambda`. */
export interface BundleOptions {
  /** Minify identifiers, whitespace and syntax. @default true */
  readonly minify?: boolean;
}

/** A built bundle. */
export interface LambdaBundle {
  /** The bundled CommonJS source (store it as `index.js`). */
  readonly code: string;
  /** UTF-8 size of `code`. */
  readonly bytes: number;
  /** sha256 hex of `code` (stable for unchanged sources: a fingerprint for deploy diffs). */
  readonly sha256: string;
}

/** esbuild could not bundle the entry. */
export class BundleError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BundleError";
  }
}

/** The repository root: bundles are built relative to it so output never depends on the caller's cwd. */
const ROOT = path.resolve(__dirname, "..");

/**
 * Bundles `entry` (a .ts/.js file exporting `handler`) with all its dependencies into one
 * CommonJS file for Node 22. Throws `BundleError` with esbuild's messages on failure.
 */
export function bundleLambda(entry: string, opts: BundleOptions = {}): LambdaBundle {
  const minify = opts.minify ?? true;
  let code: string;
  try {
    const result = buildSync({
      entryPoints: [path.resolve(entry)],
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      target: "node22",
      format: "cjs",
      mainFields: ["module", "main"],
      minify,
      legalComments: minify ? "none" : "inline",
      sourcemap: false,
      write: false,
      logLevel: "silent",
    });
    if (result.outputFiles.length !== 1) {
      throw new BundleError(`esbuild produced ${result.outputFiles.length} files for ${entry}; expected 1`);
    }
    code = result.outputFiles[0].text;
  } catch (error) {
    if (error instanceof BundleError) throw error;
    const failure = error as Partial<BuildFailure>;
    const details = (failure.errors ?? []).map((m) => `  ${m.location?.file ?? entry}: ${m.text}`).join("\n");
    throw new BundleError(`Could not bundle ${entry}${details ? `:\n${details}` : ""}`, { cause: error });
  }
  return {
    code,
    bytes: Buffer.byteLength(code, "utf8"),
    sha256: createHash("sha256").update(code).digest("hex"),
  };
}

const cache = new Map<string, LambdaBundle>();

/**
 * `bundleLambda` with the default options, built once per process and entry: a program (or a test
 * run) that declares several functions from one entry bundles it once.
 */
export function bundleLambdaOnce(entry: string): LambdaBundle {
  const key = path.resolve(entry);
  let bundle = cache.get(key);
  if (!bundle) {
    bundle = bundleLambda(key);
    cache.set(key, bundle);
  }
  return bundle;
}
