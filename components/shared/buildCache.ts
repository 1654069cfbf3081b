/**
 * An on-disk cache of build outputs, verified by content hash.
 *
 * One JSON file per key (the caller hashes whatever selects the build: tool version, options,
 * entry, config files) holding the output and the sha256 of every input file the build read. A
 * lookup re-hashes those files and serves the output only when every hash matches, so a stale
 * entry is never served; an unreadable or tampered entry is a miss. Entries are written to a
 * temporary file and renamed into place, so concurrent processes never see a partial entry.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** Environment variable that relocates the cache (a directory), or disables it (`off`). */
export const CACHE_DIR_ENV = "OBSKIT_CACHE_DIR";

/** Version of the entry layout; bump it when `Entry` changes. */
const FORMAT = 1;

/**
 * An input modified this close (ms) before or during a build may not be what the build read: such
 * an output is not stored (the next run builds and stores it).
 */
export const RACY_WINDOW_MS = 100;

/** sha256 hex of `data`. */
export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** sha256 of a file's content, or undefined when it cannot be read. */
export function hashFile(file: string): string | undefined {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/** The package root (where node_modules is). */
const ROOT = path.resolve(__dirname, "../..");

/**
 * The cache directory `env` asks for: `OBSKIT_CACHE_DIR` when set (`off`, `0`, `false` or `none`
 * disable the cache), else `node_modules/.cache/obskit` under the package root.
 */
export function cacheDirFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const value = env[CACHE_DIR_ENV]?.trim();
  if (value === undefined || value === "") return path.join(ROOT, "node_modules", ".cache", "obskit");
  if (["off", "0", "false", "none"].includes(value.toLowerCase())) return undefined;
  return path.resolve(value);
}

/**
 * A cache key: sha256 of `parts` (JSON) and of the content of `files` (a missing file counts as
 * such), for what selects a build besides its inputs (tool version, options, config files).
 */
export function cacheKey(parts: unknown, files: readonly string[]): string {
  return sha256(JSON.stringify({ parts, files: files.map((f) => [f, hashFile(f) ?? null]) }));
}

/** What a build produced. */
export interface BuildOutput {
  /** The output text. */
  readonly code: string;
  /** Every file the build read, relative to the cache's root (absolute paths also work). */
  readonly inputs: readonly string[];
}

interface Entry {
  readonly format: number;
  /** The key the entry was stored under (a file copied to another name is a miss). */
  readonly key: string;
  /** sha256 of every input, by path relative to the root. */
  readonly inputs: Record<string, string>;
  readonly code: string;
  readonly sha256: string;
}

/** The cache in `dir`; input paths are resolved against `root`. */
export class BuildCache {
  constructor(
    readonly dir: string,
    readonly root: string,
  ) {}

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key))
      throw new RangeError(`cache key must be a sha256 hex digest (got ${key})`);
    return path.join(this.dir, `${key}.json`);
  }

  /** The output stored under `key` when the entry is intact and every input still hashes the same. */
  get(key: string): BuildOutput | undefined {
    let entry: Entry;
    try {
      entry = JSON.parse(fs.readFileSync(this.file(key), "utf8")) as Entry;
    } catch {
      return undefined;
    }
    if (
      entry === null ||
      typeof entry !== "object" ||
      entry.format !== FORMAT ||
      entry.key !== key ||
      typeof entry.code !== "string" ||
      typeof entry.inputs !== "object" ||
      entry.inputs === null ||
      Object.keys(entry.inputs).length === 0 ||
      sha256(entry.code) !== entry.sha256
    ) {
      return undefined;
    }
    for (const [input, hash] of Object.entries(entry.inputs)) {
      if (hashFile(path.resolve(this.root, input)) !== hash) return undefined;
    }
    return { code: entry.code, inputs: Object.keys(entry.inputs) };
  }

  /**
   * Stores `output` under `key` (atomically), unless an input cannot be hashed or was modified
   * after `startedAt - RACY_WINDOW_MS` (the build may have read an older version). Returns whether
   * it stored. Write errors are swallowed: the cache only saves time.
   */
  put(key: string, output: BuildOutput, startedAt: number): boolean {
    const inputs: Record<string, string> = {};
    for (const input of output.inputs) {
      const file = path.resolve(this.root, input);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        return false; // not a file on disk: this output cannot be verified later
      }
      const hash = stat.mtimeMs > startedAt - RACY_WINDOW_MS ? undefined : hashFile(file);
      if (hash === undefined) return false;
      inputs[input] = hash;
    }
    if (Object.keys(inputs).length === 0) return false;
    const entry: Entry = { format: FORMAT, key, inputs, code: output.code, sha256: sha256(output.code) };
    const file = this.file(key);
    const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(temp, JSON.stringify(entry));
      fs.renameSync(temp, file);
      return true;
    } catch {
      fs.rmSync(temp, { force: true });
      return false;
    }
  }
}
