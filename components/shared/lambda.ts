/**
 * Bundles a Lambda entry into one self-contained CommonJS file for the `nodejs22.x` runtime.
 *
 * Everything is bundled, the AWS SDK v3 clients included: the SDK the runtime ships changes with
 * runtime updates outside our control, so bundling pins the exact versions in package.json (the
 * ones the tests ran against); and one minified file loads faster at cold start than resolving
 * the runtime's node_modules. ES module builds are preferred (`mainFields: module, main`) so unused
 * SDK commands are tree-shaken out.
 *
 * A component deploys `lambdaArchive(handlerBundle(name, entry))` (`lambdaCode.ts`: the packaged
 * asset when running from the built package, else this bundler) with handler `LAMBDA_HANDLER` and
 * names its own entry file (there is no registry of entries here). `bundleLambdaOnce` caches bundles on disk (see
 * `LambdaBundler`).
 */
import * as path from "node:path";
import { buildSync, version as ESBUILD_VERSION, type BuildFailure } from "esbuild";
import { BuildCache, cacheDirFromEnv, cacheKey } from "./buildCache";
import { toBundle, type LambdaBundle } from "./bundle";

export { CACHE_DIR_ENV, cacheDirFromEnv } from "./buildCache";
export type { LambdaBundle } from "./bundle";

/** Options of `bundleLambda`. */
export interface BundleOptions {
  /** Minify identifiers, whitespace and syntax. @default true */
  readonly minify?: boolean;
}

/** esbuild could not bundle the entry. */
export class BundleError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BundleError";
  }
}

/** The package root: bundles are built relative to it so output never depends on the caller's cwd. */
const ROOT = path.resolve(__dirname, "../..");

/**
 * Bundles `entry` (a .ts/.js file exporting `handler`) with all its dependencies into one
 * CommonJS file for Node 22. Throws `BundleError` with esbuild's messages on failure.
 */
export function bundleLambda(entry: string, opts: BundleOptions = {}): LambdaBundle {
  const minify = opts.minify ?? true;
  let code: string;
  let inputs: string[];
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
      metafile: true,
      write: false,
      logLevel: "silent",
    });
    if (result.outputFiles.length !== 1) {
      throw new BundleError(`esbuild produced ${result.outputFiles.length} files for ${entry}; expected 1`);
    }
    code = result.outputFiles[0].text;
    inputs = Object.keys(result.metafile.inputs);
  } catch (error) {
    if (error instanceof BundleError) throw error;
    const failure = error as Partial<BuildFailure>;
    const details = (failure.errors ?? []).map((m) => `  ${m.location?.file ?? entry}: ${m.text}`).join("\n");
    throw new BundleError(`Could not bundle ${entry}${details ? `:\n${details}` : ""}`, { cause: error });
  }
  return toBundle(code, inputs);
}

/** `bundleLambda` through the disk cache of `buildCache.ts`, keyed by esbuild, options, KEY_FILES. */
export class LambdaBundler {
  /** How many times this bundler ran esbuild (cache misses): a hit leaves it unchanged. */
  builds = 0;
  private readonly cache: BuildCache | undefined;

  /** `cacheDir`: where entries are stored; `false` builds every time. @default cacheDirFromEnv() */
  constructor(cacheDir: string | false = cacheDirFromEnv() ?? false) {
    this.cache = cacheDir === false ? undefined : new BuildCache(path.join(cacheDir, "lambda"), ROOT);
  }

  /** The bundle of `entry`: from the cache while every input is unchanged, else built (and cached). */
  bundle(entry: string, opts: BundleOptions = {}): LambdaBundle {
    const minify = opts.minify ?? true;
    const key = cacheKey({ esbuild: ESBUILD_VERSION, entry: path.resolve(entry), minify, ROOT }, KEY_FILES);
    const hit = this.cache?.get(key);
    if (hit !== undefined) return toBundle(hit.code, hit.inputs);
    const startedAt = Date.now();
    const bundle = bundleLambda(entry, { minify });
    this.builds++;
    this.cache?.put(key, bundle, startedAt);
    return bundle;
  }
}

/** Files that select a build besides its inputs: this one (it writes the options), compiler settings, lockfile. */
const KEY_FILES = [__filename, path.join(ROOT, "tsconfig.json"), path.join(ROOT, "package-lock.json")];

const cache = new Map<string, LambdaBundle>();
let bundler: LambdaBundler | undefined;

/**
 * `bundleLambda` with the default options, built once per process and entry (and, through the disk
 * cache, only when an input changed since the last run): a program (or a test run) that declares
 * several functions from one entry bundles it once. Sources are assumed fixed during one process.
 */
export function bundleLambdaOnce(entry: string): LambdaBundle {
  const key = path.resolve(entry);
  let bundle = cache.get(key);
  if (!bundle) {
    bundler ??= new LambdaBundler();
    bundle = bundler.bundle(key);
    cache.set(key, bundle);
  }
  return bundle;
}
