import { spawnSync } from "node:child_process";

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
