/**
 * Splitting a plain file across threads: byte ranges cut just after a line feed, each read by its
 * own `worker_threads` worker, so lines never straddle two ranges and the per-range results add
 * up to exactly what one pass gives. Used by the analyzer (`analyzeFile`) and by
 * `obskit test-pattern --file`.
 *
 * Workers run a TypeScript entry through `cli/launch.js` (the esbuild-compiled JavaScript cache):
 * that is how the CLI runs as a user runs it (`npm run obskit -- …`, plain `node`), and it works
 * as well under tsx (tests, benchmarks).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";

/** Defaults of the split. */
export const PARALLEL_DEFAULTS = {
  /** A thread gets at least this many bytes: below it, starting a worker costs more than it saves. */
  minBytesPerThread: 48 * 1024 * 1024,
  /** At most this many threads, whatever the number of cores. */
  maxThreads: 8,
} as const;

/** How a file may be split. */
export interface ParallelOptions {
  /**
   * Most threads used (the calling thread included); 1 reads the file in one pass.
   * @default the number of cores (at most 8)
   */
  readonly threads?: number;
  /** A thread gets at least this many bytes. @default 50331648 (48 MiB) */
  readonly minBytesPerThread?: number;
}

/** A range of a file: `[start, end)` in bytes. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** How many threads a file of `size` bytes is worth. */
export function threadsFor(size: number, options: ParallelOptions = {}): number {
  const max = options.threads ?? Math.min(availableParallelism(), PARALLEL_DEFAULTS.maxThreads);
  const min = options.minBytesPerThread ?? PARALLEL_DEFAULTS.minBytesPerThread;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`threads must be a whole number ≥ 1 (got ${max})`);
  return Math.max(1, Math.min(max, Math.floor(size / Math.max(1, min))));
}

/**
 * Cuts `[0, size)` of an open file into at most `parts` ranges, each cut just after a line feed
 * (a range may be dropped when a line is longer than a range). The last range ends at `size`.
 */
export function lineAlignedRanges(fd: number, size: number, parts: number): ByteRange[] {
  const cuts = [0];
  const probe = Buffer.allocUnsafe(64 * 1024);
  for (let k = 1; k < parts; k++) {
    let at = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1]);
    // the cut goes just after the first line feed at or after `at`
    let cut = -1;
    while (at < size) {
      const n = readSync(fd, probe, 0, probe.length, at);
      if (n === 0) break;
      const nl = probe.subarray(0, n).indexOf(0x0a);
      if (nl !== -1) {
        cut = at + nl + 1;
        break;
      }
      at += n;
    }
    if (cut === -1 || cut >= size) break;
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  cuts.push(size);
  const ranges: ByteRange[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) ranges.push({ start: cuts[k], end: cuts[k + 1] });
  return ranges;
}

/** Opens `path`, splits it, closes it. */
export function splitFile(path: string, size: number, parts: number): ByteRange[] {
  const fd = openSync(path, "r");
  try {
    return lineAlignedRanges(fd, size, parts);
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `fn` with every line of the bytes `[start, end)` of the file at `path` (cut at line ends, as
 * {@link splitFile} cuts), each as a byte range of one reused buffer of `chunkBytes` (grown for a
 * longer line), without its line feed: one line per line feed, plus a last line without one; none
 * after a final line feed. `fn` must not keep the buffer.
 */
export function forEachLineInRange(
  path: string,
  start: number,
  end: number,
  fn: (b: Buffer, from: number, to: number) => void,
  chunkBytes = 1 << 20,
): void {
  const fd = openSync(path, "r");
  let buf = Buffer.allocUnsafe(chunkBytes);
  let have = 0; // an unfinished line kept at the start of buf
  let at = start;
  try {
    while (at < end) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, Math.min(buf.length - have, end - at), at);
      if (n === 0) break;
      at += n;
      const filled = have + n;
      let from = 0;
      for (let nl = buf.indexOf(0x0a, 0); nl !== -1 && nl < filled; nl = buf.indexOf(0x0a, from)) {
        fn(buf, from, nl);
        from = nl + 1;
      }
      buf.copy(buf, 0, from, filled);
      have = filled - from;
    }
    if (have > 0) fn(buf, 0, have);
  } finally {
    closeSync(fd);
  }
}

const LAUNCHER = resolve(__dirname, "..", "..", "..", "cli", "launch.js");

/** An error a worker reported, rebuilt with its name, message and `code` (e.g. ENOENT). */
class WorkerTaskError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    name: string,
  ) {
    super(message);
    this.name = name;
  }
}

/**
 * Runs the TypeScript module `entry` in a worker thread with `data` as its `workerData` and
 * resolves with the one message it posts (`{ ok: result }` or `{ error: { name, message, code } }`).
 * Aborting `signal` terminates the worker.
 */
export function runInWorker<T>(entry: string, data: unknown, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const worker = new Worker(LAUNCHER, { argv: ["--entry", entry], workerData: data });
    let settled = false;
    const onAbort = (): void => {
      void worker.terminate();
      finish(() => reject(signal?.reason));
    };
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (msg: { ok?: T; error?: { name: string; message: string; code?: string } }) => {
      finish(() =>
        msg.error
          ? reject(new WorkerTaskError(msg.error.message, msg.error.code, msg.error.name))
          : resolvePromise(msg.ok as T),
      );
      void worker.terminate();
    });
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) =>
      finish(() => reject(new Error(`worker ${entry} exited with code ${code} before answering`))),
    );
  });
}

/** The message a worker posts for `error`. */
export function workerError(error: unknown): { error: { name: string; message: string; code?: string } } {
  const e = error as { name?: unknown; message?: unknown; code?: unknown } | null;
  return {
    error: {
      name: typeof e?.name === "string" ? e.name : "Error",
      message: typeof e?.message === "string" ? e.message : String(error),
      code: typeof e?.code === "string" ? e.code : undefined,
    },
  };
}
