/**
 * The JSON Lines file the analyzer and filter benchmarks read beside DuckDB and jq: seeded (the
 * same bytes every run), generated once into `bench/.work/` and reused while its size matches.
 *
 * Shaped like an application's logs rather than a uniform table: 15 services with a skewed mix,
 * five levels (and a lower-case `error` that is not an ERROR), messages from 2 to ~400 characters,
 * non-ASCII in some services and messages, escaped quotes and backslashes, optional nested objects
 * (`http`, `user`, `err` with an array of frames) and a decoy object whose own `level` and
 * `service` must not be counted. Keys come in two orders, so no reader can rely on positions.
 */
import { existsSync } from "node:fs";
import { open, readFile, stat, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { mulberry32, type Random } from "../apps/order-worker/src/prng";

/** Bump when the generator changes, so an old file is not reused. */
export const JSON_LINES_VERSION = 1;

export const SERVICES = [
  "checkout",
  "payments",
  "search",
  "auth",
  "inventory",
  "shipping",
  "gateway",
  "notifications",
  "recommendations",
  "profile",
  "cart",
  "billing",
  "café-pos",
  "ledger",
  "médiathèque",
];

/** level, cumulative probability */
const LEVELS: [string, number][] = [
  ["DEBUG", 0.12],
  ["INFO", 0.68],
  ["WARN", 0.84],
  ["ERROR", 0.965],
  ["FATAL", 0.98],
  ["error", 1],
];

const WORDS = [
  "request",
  "handled",
  "upstream",
  "timed",
  "out",
  "after",
  "retry",
  "order",
  "cache",
  "miss",
  "for",
  "key",
  "naïve",
  "connection",
  "reset",
  "by",
  "peer",
  "slow",
  "query",
  "user",
  "logged",
  "in",
  "☕",
  "déjà",
  "vu",
  "ERROR",
  "budget",
  "at",
  "80%",
  "日本語",
];

const PATHS = ["/api/v1/items", "/api/v1/orders", "/checkout", "/health", "/menu", "/login", "/cart"];
const METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];

function pick<T>(random: Random, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)];
}

function message(random: Random): string {
  const r = random();
  if (r < 0.78) return pick(random, ["ok", "done", "request handled", "cache hit", "sent", "é"]);
  if (r < 0.79) return `payment failed: card "declined" by issuer ${Math.floor(random() * 1e5)}`;
  if (r < 0.81) return `wrote report to C:\\reports\\${Math.floor(random() * 1e4)}.csv`;
  // a sentence of 2 to 61 words, most of them short
  const n = 2 + Math.floor(Math.pow(random(), 8) * 60);
  const words: string[] = [];
  for (let k = 0; k < n; k++) words.push(pick(random, WORDS));
  return words.join(" ");
}

/** One line of the file (without its line feed). */
export function generateLine(random: Random, index: number, baseMs: number): string {
  const r = random();
  const level = (LEVELS.find(([, p]) => r < p) ?? LEVELS[0])[0];
  // a skewed service mix: low indexes are busier
  const service = SERVICES[Math.floor(Math.pow(random(), 1.6) * SERVICES.length)];
  const ts = baseMs + index * 3;
  const record: Record<string, unknown> =
    random() < 0.9
      ? { ts, level, service, msg: message(random) }
      : { service, msg: message(random), level, ts: new Date(ts).toISOString() };
  const extra = random();
  if (extra < 0.045)
    record.http = {
      method: pick(random, METHODS),
      path: `${pick(random, PATHS)}/${index % 977}`,
      status: 200 + Math.floor(random() * 4) * 100,
      ms: Math.round(random() * 50_000) / 10,
    };
  else if (extra < 0.1) record.user = { id: Math.floor(random() * 100_000), region: "eu-west-1" };
  else if (extra < 0.12)
    record.err = {
      type: "TimeoutError",
      frames: ["at handler (index.js:12:7)", "at process (worker.js:88:13)"],
      retryable: random() < 0.5,
    };
  else if (extra < 0.14)
    record.ctx = { level: "ERROR", service: "nested-decoy", tags: ["a", "b"], retry: null };
  return JSON.stringify(record);
}

export interface DataFile {
  readonly path: string;
  readonly lines: number;
  readonly bytes: number;
}

/**
 * Generates `lines` lines into `path` with `seed` (or reuses the file when its recorded version,
 * seed, line count and size match), and checks the size is at least `minBytes`.
 */
export async function jsonLinesFile(
  path: string,
  lines: number,
  seed: number,
  minBytes = 0,
): Promise<DataFile> {
  const metaPath = `${path}.meta.json`;
  const wanted = { version: JSON_LINES_VERSION, seed, lines };
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(await readFile(metaPath, "utf8")) as typeof wanted & { bytes: number };
    const size = (await stat(path)).size;
    if (
      meta.version === wanted.version &&
      meta.seed === seed &&
      meta.lines === lines &&
      meta.bytes === size
    ) {
      process.stdout.write(`data: reusing ${path} (${lines.toLocaleString("en")} lines, ${mb(size)} MB)\n`);
      return { path, lines, bytes: size };
    }
  }
  process.stdout.write(`data: generating ${path} (${lines.toLocaleString("en")} lines, seed ${seed}) …\n`);
  const started = performance.now();
  const random = mulberry32(seed);
  const baseMs = Date.UTC(2025, 8, 15, 12);
  const handle = await open(path, "w");
  let bytes = 0;
  try {
    const batch: string[] = [];
    for (let i = 0; i < lines; i++) {
      batch.push(generateLine(random, i, baseMs));
      if (batch.length === 20_000 || i === lines - 1) {
        const buffer = Buffer.from(`${batch.join("\n")}\n`, "utf8");
        batch.length = 0;
        bytes += buffer.length;
        await handle.write(buffer);
      }
    }
  } finally {
    await handle.close();
  }
  if (bytes < minBytes)
    throw new Error(`generated only ${bytes} bytes, below ${minBytes}: fix the generator`);
  await writeFile(metaPath, JSON.stringify({ ...wanted, bytes }));
  process.stdout.write(`data: ${mb(bytes)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return { path, lines, bytes };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
