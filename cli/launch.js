#!/usr/bin/env node
"use strict";
/**
 * Runs a TypeScript entry point of this repository (default: the `obskit` CLI) from JavaScript
 * compiled once. Each `.ts` file is transpiled by esbuild the first time it is loaded and the output
 * kept under `node_modules/.cache/obskit-js/`, keyed by the sha256 of the file's content, its path,
 * the esbuild version and the options: later runs load that JavaScript directly, and a changed file
 * is recompiled on its next load (no build step, nothing stale). Files stay where they are, so
 * `__dirname`, `__filename` and the paths the program computes from them are those of the sources.
 *
 * `node cli/launch.js plan --stack dev` runs `cli/obskit.ts`; `node cli/launch.js --entry <file.ts>
 * …` runs another entry. Stack traces point into the sources (inline source maps).
 * Types are not checked here: `npm run typecheck` does that.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
/** Where compiled files are kept; OBSKIT_JS_CACHE_DIR moves it (tests). */
const CACHE_DIR = process.env.OBSKIT_JS_CACHE_DIR || path.join(ROOT, "node_modules", ".cache", "obskit-js");
/** Bump when the transform below changes. */
const FORMAT = 1;

let esbuild; // loaded on the first cache miss only
let esbuildVersion;
function versionOfEsbuild() {
  if (esbuildVersion === undefined) {
    const pkg = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8"));
    esbuildVersion = pkg.version;
  }
  return esbuildVersion;
}

function compile(source, filename) {
  const key = crypto
    .createHash("sha256")
    .update(`${FORMAT}\0${versionOfEsbuild()}\0${filename}\0`)
    .update(source)
    .digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // a miss: transpile and store
  }
  esbuild ??= require("esbuild");
  const { code } = esbuild.transformSync(source, {
    loader: "ts",
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcefile: filename,
    sourcemap: "inline",
    tsconfigRaw: { compilerOptions: { esModuleInterop: true } },
  });
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cached}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached); // atomic: a concurrent run sees the whole file or none
  } catch {
    // a read-only tree still runs, it just compiles again next time
  }
  return code;
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
};

/**
 * The Pulumi SDK captures a stack trace for every resource it registers; with source maps enabled,
 * Node maps each of them through the maps of every frame, which took a third of a plan. So they
 * are off unless asked for (`node --enable-source-maps cli/launch.js …` or OBSKIT_SOURCE_MAPS=1):
 * without them, a stack trace names the right .ts file with the line of its compiled JavaScript.
 */
if (process.env.OBSKIT_SOURCE_MAPS === "1") process.setSourceMapsEnabled(true);

/**
 * What the SDK loads for serializing JavaScript functions into "magic" Lambdas (which obskit never
 * declares) and for computing their code paths: TypeScript's compiler (9 MB, ~170 ms) and npm's
 * arborist (~240 ms), half of the SDK's load time. They are loaded on first use instead: each is a
 * stand-in that loads the real module when a property of it is first read.
 */
function defer(file, { esModule }) {
  if (!fs.existsSync(file) || Module._cache[file]) return;
  let real;
  const load = () => {
    if (real === undefined) {
      delete Module._cache[file];
      real = require(file);
    }
    return real;
  };
  const stub = new Module(file, null);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = new Proxy(
    {},
    {
      // `__esModule: true` keeps TypeScript's `__importStar` from enumerating (and loading) it
      get: (_t, key) => (key === "__esModule" && esModule && real === undefined ? true : load()[key]),
      has: (_t, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Object.getOwnPropertyDescriptor(load(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
  Module._cache[file] = stub;
}

function deferFunctionSerialization() {
  const pulumiDir = path.join(ROOT, "node_modules", "@pulumi", "pulumi");
  defer(path.join(pulumiDir, "typescript-shim.js"), { esModule: false });
  let arborist;
  try {
    arborist = require.resolve("@npmcli/arborist", { paths: [pulumiDir] });
  } catch {
    return;
  }
  defer(arborist, { esModule: true });
}
if (process.env.OBSKIT_EAGER_SDK !== "1") deferFunctionSerialization();

if (require.main === module) {
  require("./sdkWarning").quietSdkNodeWarning(process.env, process.version);
  const argv = process.argv.slice(2);
  let entry = path.join(ROOT, "cli", "obskit.ts");
  if (argv[0] === "--entry") {
    entry = path.resolve(argv[1]);
    argv.splice(0, 2);
  }
  process.argv = [process.argv[0], entry, ...argv];
  const main = new Module(entry, null);
  main.filename = entry;
  main.paths = Module._nodeModulePaths(path.dirname(entry));
  process.mainModule = main;
  Module._cache[entry] = main;
  main.load(entry);
}
