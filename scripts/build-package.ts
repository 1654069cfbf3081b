/**
 * Builds the installable obskit package from `components/` into `dist/package/` (and, with
 * `--pack`, `npm pack`s it into `dist/`):
 *
 * - `tsc -p components/tsconfig.build.json`: JavaScript + declarations of everything
 *   `components/index.ts` reaches (nothing else: not the handlers' runtime code, not the esbuild
 *   bundler), in the source layout, so files read next to the compiled code (`auditTrail/records/`)
 *   are where the code looks for them;
 * - the data the components read at construction (`auditTrail/records/*.json`);
 * - every Lambda handler a component deploys, bundled now with esbuild into
 *   `assets/<name>/index.js` and listed with its sha256 in `assets/manifest.json`: the compiled
 *   components deploy these (`components/shared/lambdaCode.ts`), so a consumer needs neither
 *   esbuild nor the handlers' dependencies;
 * - the TypeScript sources of exactly the compiled files, under `src/` (not exported: nothing can
 *   import them). Pulumi infers the components' schema for other languages from TypeScript
 *   *sources* — the declarations lose the values of enum objects (`declare const LogClass: {…}`) —
 *   so `plugin/` maps the package to them (its tsconfig `paths`);
 * - `package.json` (without the development-only fields), `README.md`, `CHANGELOG.md`.
 *
 * Usage: `npm run build:package [-- --pack]`. Prints what it built; exits non-zero on any failure.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROCESSOR_ASSET, PROCESSOR_ENTRY } from "../components/processingPath/processingPath";
import { bundleLambdaOnce } from "../components/shared/lambda";
import { ASSET_MANIFEST, assetFile, type AssetManifest } from "../components/shared/lambdaCode";

const ROOT = path.resolve(__dirname, "..");
const COMPONENTS = path.join(ROOT, "components");
/** Where the package is assembled (the folder `npm pack` packs). */
export const PACKAGE_DIR = path.join(ROOT, "dist", "package");

/** The Lambda handlers the components deploy, by asset name: their TypeScript entries. */
export const HANDLERS: Readonly<Record<string, string>> = { [PROCESSOR_ASSET]: PROCESSOR_ENTRY };

/** npm settings from the environment that `npm pack` keeps (where the user's cache and config are). */
const KEPT_NPM_SETTINGS = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_registry"]);

/** Fields of `components/package.json` that only matter in this repository. */
const DEVELOPMENT_FIELDS = ["devDependencies", "scripts"];

export interface BuiltPackage {
  /** The assembled package folder. */
  dir: string;
  name: string;
  version: string;
  /** Bytes of each handler asset, by name. */
  assets: Record<string, number>;
  /** The tarball, with `pack`. */
  tarball?: string;
  /** Its size in bytes, with `pack`. */
  tarballBytes?: number;
}

/** Where the package keeps its TypeScript sources. */
export const SOURCES_DIR = "src";

/** The compiled JavaScript files under `dir`, relative to it. */
function compiledFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".js"))
    .map((f) => f.split(path.sep).join("/"));
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** Builds the package into `dir` (emptied first); with `pack`, packs it into `dir`'s parent. */
export function buildPackage(opts: { dir?: string; pack?: boolean } = {}): BuiltPackage {
  const dir = opts.dir ?? PACKAGE_DIR;
  fs.rmSync(dir, { recursive: true, force: true });

  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "-p",
      path.join(COMPONENTS, "tsconfig.build.json"),
      "--outDir",
      dir,
    ],
    { cwd: ROOT, stdio: "inherit" },
  );

  for (const js of compiledFiles(dir)) {
    const rel = js.replace(/\.js$/, ".ts");
    copy(path.join(COMPONENTS, rel), path.join(dir, SOURCES_DIR, rel));
  }

  const records = path.join(COMPONENTS, "auditTrail", "records");
  for (const f of fs.readdirSync(records).filter((f) => f.endsWith(".json")))
    copy(path.join(records, f), path.join(dir, "auditTrail", "records", f));

  const manifest: AssetManifest = {};
  const assets: Record<string, number> = {};
  for (const [name, entry] of Object.entries(HANDLERS)) {
    const bundle = bundleLambdaOnce(entry);
    const file = assetFile(name);
    fs.mkdirSync(path.dirname(path.join(dir, "assets", file)), { recursive: true });
    fs.writeFileSync(path.join(dir, "assets", file), bundle.code);
    manifest[name] = { file, sha256: bundle.sha256, bytes: bundle.bytes };
    assets[name] = bundle.bytes;
  }
  fs.writeFileSync(path.join(dir, "assets", ASSET_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

  const pkg = JSON.parse(fs.readFileSync(path.join(COMPONENTS, "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  for (const field of DEVELOPMENT_FIELDS) delete pkg[field];
  // The source manifest has no `main`: this repository imports the sources as "./components" (its
  // index.ts); the package's entry is the compiled index.js.
  const packed = { name: pkg.name, version: pkg.version, main: "index.js", ...pkg };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(packed, null, 2)}\n`);
  for (const doc of ["README.md", "CHANGELOG.md"]) copy(path.join(COMPONENTS, doc), path.join(dir, doc));

  const built: BuiltPackage = { dir, name: String(pkg.name), version: String(pkg.version), assets };
  if (opts.pack) {
    // the folder is named explicitly, and the calling npm's per-run settings (npm test sets
    // npm_config_local_prefix, npm_package_*, …) are not passed on: they would select another package
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^npm_/i.test(k) || KEPT_NPM_SETTINGS.has(k.toLowerCase()),
      ),
    );
    const out = execFileSync("npm", ["pack", dir, "--json", "--pack-destination", path.dirname(dir)], {
      cwd: dir,
      encoding: "utf8",
      env: { ...env, npm_config_ignore_scripts: "true", npm_config_loglevel: "error" },
    });
    const [info] = JSON.parse(out) as { filename: string; size: number }[];
    built.tarball = path.join(path.dirname(dir), info.filename);
    built.tarballBytes = fs.statSync(built.tarball).size;
  }
  return built;
}

if (require.main === module) {
  const built = buildPackage({ pack: process.argv.includes("--pack") });
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`built ${built.name}@${built.version} in ${path.relative(process.cwd(), built.dir)}`);
  for (const [name, bytes] of Object.entries(built.assets))
    console.log(`  assets/${assetFile(name)}: ${kb(bytes)}`);
  if (built.tarball)
    console.log(`packed ${path.relative(process.cwd(), built.tarball)}: ${kb(built.tarballBytes!)}`);
}
