import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The path of `jq`, installing Debian's package when it is missing (benchmarks compare against it).
 * The package lists are refreshed first only when a plain install fails.
 */
export function ensureJq(): string {
  const which = (): string => spawnSync("sh", ["-c", "command -v jq"], { encoding: "utf8" }).stdout.trim();
  const found = which();
  if (found) return found;
  process.stdout.write("jq not found: installing Debian's jq with apt-get …\n");
  const asRoot = process.getuid?.() === 0;
  const aptGet = (...args: string[]): number | null =>
    spawnSync(asRoot ? "apt-get" : "sudo", asRoot ? args : ["apt-get", ...args], { stdio: "inherit" }).status;
  if (
    aptGet("install", "-y", "jq") !== 0 &&
    (aptGet("update") !== 0 || aptGet("install", "-y", "jq") !== 0)
  ) {
    throw new Error("jq is missing and `apt-get install -y jq` failed; install jq and rerun");
  }
  const installed = which();
  if (!installed) throw new Error("jq was installed but is not on PATH");
  return installed;
}

/** Where `npm run bench -- plan` keeps the CDK packages it compares against (never in package.json). */
export const CDK_CACHE_DIR = path.resolve(__dirname, "..", "node_modules", ".cache", "obskit-bench");
const CDK_PACKAGES = ["aws-cdk-lib", "constructs", "cdk-monitoring-constructs"];

/**
 * The `node_modules` holding aws-cdk-lib, constructs and cdk-monitoring-constructs, installing
 * them with npm into CDK_CACHE_DIR when missing.
 */
export function ensureCdkPackages(): string {
  const modules = path.join(CDK_CACHE_DIR, "node_modules");
  const missing = (): string[] =>
    CDK_PACKAGES.filter((p) => !fs.existsSync(path.join(modules, p, "package.json")));
  if (missing().length === 0) return modules;
  process.stdout.write(`${missing().join(", ")} not found: installing into ${CDK_CACHE_DIR} with npm …\n`);
  fs.mkdirSync(CDK_CACHE_DIR, { recursive: true });
  const pkg = path.join(CDK_CACHE_DIR, "package.json");
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, '{ "name": "obskit-bench-cdk", "private": true }\n');
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", ...CDK_PACKAGES], {
    cwd: CDK_CACHE_DIR,
    stdio: "inherit",
  });
  if (npm.status !== 0 || missing().length > 0)
    throw new Error(
      `npm install ${CDK_PACKAGES.join(" ")} in ${CDK_CACHE_DIR} failed; install them there and rerun`,
    );
  return modules;
}

/** The median of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** CPU milliseconds (user + system) of `fn`, awaited. */
export async function cpuMs(fn: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Runs `fn` with stdout/stderr swallowed (Powertools log and EMF lines). */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/**
 * Median wall milliseconds of a fresh `node <args>` over `runs` runs, after one unmeasured run that
 * warms the OS file cache.
 */
export function nodeWallMs(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  runs: number,
): number {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    execFileSync(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: "ignore" });
    if (i > 0) samples.push(performance.now() - t);
  }
  return median(samples);
}

/**
 * A Node script that runs one DuckDB query in process through `@duckdb/node-api` (the devDependency)
 * with `threads` threads and prints its rows as one JSON array: the baseline a user who knows
 * DuckDB would run instead of ours. Its start-up (loading the native module, opening the database)
 * is part of what it costs, as ours is. `{file}` in the SQL stands for the script's first argument.
 */
export function duckdbScript(sql: string, threads = 2): string {
  const api = require.resolve("@duckdb/node-api");
  return `const { DuckDBInstance } = require(${JSON.stringify(api)});
(async () => {
  const instance = await DuckDBInstance.create(":memory:", { threads: "${threads}" });
  const connection = await instance.connect();
  const file = "'" + process.argv[2].replace(/'/g, "''") + "'";
  const reader = await connection.runAndReadAll(${JSON.stringify(sql)}.replaceAll("{file}", file));
  process.stdout.write(JSON.stringify(reader.getRowObjectsJson()));
})().catch((error) => {
  process.stderr.write(String(error) + "\\n");
  process.exit(1);
});
`;
}
