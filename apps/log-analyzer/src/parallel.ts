/**
 * Splitting a plain file across threads. The file is cut into fixed-size chunks that the threads
 * claim in turn from one shared counter ({@link SharedChunks}): a thread that starts late (a worker
 * takes a few hundred milliseconds to boot on a busy machine) simply claims fewer chunks, so no
 * thread waits for another. A line belongs to the chunk its first byte is in
 * ({@link ChunkLineReader}), so per-chunk results, put back in chunk order, add up to exactly what
 * one pass gives. Used by the analyzer (`analyzeFile`) and by `obskit test-pattern --file`.
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
  /** Bytes in one chunk of shared work: large enough to read efficiently, small enough to balance. */
  chunkBytes: 4 * 1024 * 1024,
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
  /** Bytes in one chunk the threads claim in turn. @default 4194304 (4 MiB) */
  readonly chunkBytes?: number;
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

/**
 * A file cut into chunks of `chunkBytes` that threads claim in turn: `next[0]` is a shared counter
 * (`Atomics.add`), so each chunk is read by exactly one thread; `next[slot]` says whether the worker
 * of that slot joined (claimed work) or was let off because there was none left. Sent to workers as
 * `workerData` (the SharedArrayBuffer is shared, not copied).
 */
export interface SharedChunks {
  readonly path: string;
  /** File size when the work was planned: bytes past it are not read. */
  readonly size: number;
  readonly chunkBytes: number;
  readonly next: SharedArrayBuffer;
}

const NOT_JOINED = 0;
const JOINED = 1;
const LET_OFF = 2;

/** Plans the chunks of a file of `size` bytes, for this thread and `workers` workers. */
export function sharedChunks(
  path: string,
  size: number,
  workers = 0,
  chunkBytes: number = PARALLEL_DEFAULTS.chunkBytes,
): SharedChunks {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1)
    throw new RangeError(`chunkBytes must be a whole number ≥ 1 (got ${chunkBytes})`);
  return { path, size, chunkBytes, next: new SharedArrayBuffer(4 * (1 + workers)) };
}

/** How many chunks a plan has. */
export function chunkCount(work: SharedChunks): number {
  return Math.ceil(work.size / work.chunkBytes);
}

/** Claims the next chunk for this thread: its index, or -1 when every chunk is taken. */
export function claimChunk(work: SharedChunks): number {
  const k = Atomics.add(new Int32Array(work.next), 0, 1);
  return k < chunkCount(work) ? k : -1;
}

/**
 * Called by the worker of `slot` before it claims anything: false when the calling thread has
 * already let it off (every chunk was taken before it booted), and it must post an empty result.
 */
export function joinWork(work: SharedChunks, slot: number): boolean {
  return Atomics.compareExchange(new Int32Array(work.next), slot, NOT_JOINED, JOINED) === NOT_JOINED;
}

/** Lets off the worker of `slot` if it has not joined yet: true when it will claim nothing. */
function letOff(work: SharedChunks, slot: number): boolean {
  return Atomics.compareExchange(new Int32Array(work.next), slot, NOT_JOINED, LET_OFF) === NOT_JOINED;
}

const LF = 0x0a;
/** Read size past a chunk's end, while looking for the end of its last line. */
const TAIL_READ = 64 * 1024;

/**
 * Reads the lines of chunks of one open file into one reused buffer. The lines of chunk `k` are the
 * lines whose first byte is in `[k·chunkBytes, (k+1)·chunkBytes)`: the chunk's last line is read to
 * its end in the next chunk, and a line that started in the previous chunk is left to it. Lines are
 * split as {@link forEachLineInRange} splits them (one per line feed, plus a last one without; none
 * after a final line feed), so every line of the file is in exactly one chunk.
 */
export class ChunkLineReader {
  private buf: Buffer;

  /**
   * @param maxLineBytes a longer line (line feed excluded) is reported to `onTooLong` without being
   *   buffered whole. @default Infinity
   */
  constructor(
    private readonly fd: number,
    private readonly work: SharedChunks,
    private readonly maxLineBytes = Infinity,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1, Math.min(work.chunkBytes, work.size) + TAIL_READ));
  }

  /**
   * Calls `onLine(buffer, from, to)` for each line of chunk `k` (without its line feed; the buffer
   * is reused: keep nothing of it), or `onTooLong()` for a line longer than `maxLineBytes`.
   */
  forEachLine(k: number, onLine: (b: Buffer, from: number, to: number) => void, onTooLong: () => void): void {
    const { size, chunkBytes } = this.work;
    const lo = k * chunkBytes;
    const hi = Math.min(lo + chunkBytes, size);
    const max = this.maxLineBytes;
    let base = lo; // file offset of buf[0]
    let filled = 0; // valid bytes in buf
    let s = lo; // file offset of the current line's first byte
    if (lo > 0) {
      // the line holding byte lo-1 ends at the first line feed at or after it
      let at = lo - 1;
      s = -1;
      while (at < hi) {
        const n = readSync(this.fd, this.buf, 0, Math.min(this.buf.length, hi - at), at);
        if (n === 0) return;
        const nl = this.buf.indexOf(LF, 0);
        if (nl !== -1 && nl < n) {
          s = at + nl + 1;
          base = at;
          filled = n;
          break;
        }
        at += n;
      }
      if (s < 0 || s >= hi) return; // no line starts in this chunk
    }
    for (;;) {
      const rel = s - base;
      let nl = rel < filled ? this.buf.indexOf(LF, rel) : -1;
      if (nl >= filled) nl = -1;
      if (nl !== -1) {
        if (nl - rel > max) onTooLong();
        else onLine(this.buf, rel, nl);
        s = base + nl + 1;
        if (s >= hi) return;
        continue;
      }
      const end = base + filled;
      if (end >= size) {
        // the last line, without a line feed
        if (s < size) {
          if (size - s > max) onTooLong();
          else onLine(this.buf, rel, filled);
        }
        return;
      }
      const keep = end - s;
      if (keep > max) {
        s = this.skipPastLineFeed(end);
        onTooLong();
        if (s < 0 || s >= hi) return;
        base = s;
        filled = 0;
        continue;
      }
      if (keep === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, rel, filled);
        this.buf = bigger;
      } else if (rel > 0) {
        this.buf.copy(this.buf, 0, rel, filled);
      }
      base = s;
      filled = keep;
      const room = this.buf.length - keep;
      const want = Math.min(room, end < hi ? hi - end : TAIL_READ, size - end);
      const n = readSync(this.fd, this.buf, keep, want, end);
      if (n === 0) {
        // the file shrank since it was planned: what is there is its last line
        if (keep > max) onTooLong();
        else if (keep > 0) onLine(this.buf, 0, keep);
        return;
      }
      filled += n;
    }
  }

  /** The file offset just past the first line feed at or after `at`, or -1 when there is none. */
  private skipPastLineFeed(at: number): number {
    const size = this.work.size;
    while (at < size) {
      const n = readSync(this.fd, this.buf, 0, Math.min(this.buf.length, size - at), at);
      if (n === 0) return -1;
      const nl = this.buf.indexOf(LF, 0);
      if (nl !== -1 && nl < n) return at + nl + 1;
      at += n;
    }
    return -1;
  }
}

/**
 * Claims chunks of `work` until none is left, calling `fn` with each chunk's index and a reader
 * over the open file. `yieldEvery` true lets the event loop run between chunks (an abort signal,
 * timers), which the calling thread needs while its workers run.
 */
export async function forEachClaimedChunk(
  work: SharedChunks,
  maxLineBytes: number,
  fn: (k: number, reader: ChunkLineReader) => void,
  signal?: AbortSignal,
): Promise<void> {
  const fd = openSync(work.path, "r");
  try {
    const reader = new ChunkLineReader(fd, work, maxLineBytes);
    for (let k = claimChunk(work); k !== -1; k = claimChunk(work)) {
      if (signal?.aborted) throw signal.reason;
      fn(k, reader);
      if (signal !== undefined) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    closeSync(fd);
  }
}

/** {@link forEachClaimedChunk} for a worker thread: synchronous, nothing else to wait for. */
export function forEachClaimedChunkSync(
  work: SharedChunks,
  maxLineBytes: number,
  fn: (k: number, reader: ChunkLineReader) => void,
): void {
  const fd = openSync(work.path, "r");
  try {
    const reader = new ChunkLineReader(fd, work, maxLineBytes);
    for (let k = claimChunk(work); k !== -1; k = claimChunk(work)) fn(k, reader);
  } finally {
    closeSync(fd);
  }
}

/**
 * Shares `work` between this thread and the workers it was planned for, running `entry` (each gets
 * `{ ...data, work, slot }` as its `workerData`, calls {@link joinWork} and posts one result): the
 * workers start first, then `local` claims chunks here. A worker that had not joined when `local`
 * finished is let off and terminated, so a small file never waits for a worker to boot. Resolves
 * with this thread's result followed by each worker's (undefined for one let off).
 */
export async function shareChunks<R, W>(
  work: SharedChunks,
  entry: string,
  data: object,
  local: () => Promise<R>,
  signal?: AbortSignal,
): Promise<{ local: R; workers: (W | undefined)[] }> {
  const workers = work.next.byteLength / 4 - 1;
  const controllers = Array.from({ length: workers }, () => new AbortController());
  const stopAll = (reason: unknown): void => {
    for (const c of controllers) c.abort(reason);
  };
  const onAbort = (): void => stopAll(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const running = controllers.map((c, k) => runInWorker<W>(entry, { ...data, work, slot: k + 1 }, c.signal));
  // a worker failing while this thread is busy is reported below, not as an unhandled rejection
  for (const p of running) p.catch(() => undefined);
  try {
    const mine = await local();
    const theirs = await Promise.all(
      running.map((p, k) => {
        if (!letOff(work, k + 1)) return p;
        controllers[k].abort(undefined);
        return undefined;
      }),
    );
    return { local: mine, workers: theirs };
  } catch (error) {
    stopAll(error);
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
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
