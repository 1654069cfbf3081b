/**
 * Counting one JSON Lines byte stream (plain or gzip): each line's verdict read through the
 * package's selective JSON field extractor, the errors grouped in bounded memory. Kept apart from
 * the front ends (and from zod) so a worker thread that counts a range of a file loads only this.
 */
import { open } from "node:fs/promises";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { abortedError, InputDecodeError } from "./errors";
import { GroupCounter, TRACKED_PER_REPORTED, type GroupCount, type GroupTotals } from "./groups";
import { LineClassifier, LineVerdict } from "./lineClassifier";

export * from "./lineClassifier";

/** Defaults of {@link AnalyzeOptions} and of the threshold. */
export const ANALYZE_DEFAULTS = {
  levelField: "level",
  levelValue: "ERROR",
  groupBy: "service",
  /** Breached when `errorsTotal >= threshold`: by default, any error breaches. */
  threshold: 1,
  maxMalformedSamples: 10,
  maxLineBytes: 1024 * 1024,
  /** Groups listed in `errorsByService`; 10× as many are tracked (see `groups.ts`). */
  maxGroups: 1000,
} as const;

/** Largest accepted `maxGroups`. */
export const MAX_GROUPS_LIMIT = 10_000;

/** How lines are matched and reported. */
export interface AnalyzeOptions {
  /** Top-level field holding the level. @default "level" */
  readonly levelField?: string;
  /** Level value counted as an error (exact, case-sensitive match). @default "ERROR" */
  readonly levelValue?: string;
  /** Top-level field the errors are grouped by. @default "service" */
  readonly groupBy?: string;
  /** How many malformed line numbers are kept (the first ones). @default 10 */
  readonly maxMalformedSamples?: number;
  /** Lines longer than this many bytes are counted as malformed without being buffered. @default 1048576 */
  readonly maxLineBytes?: number;
  /**
   * At most this many groups are listed in `errorsByService` (the largest); `10 × maxGroups` are
   * tracked, so memory is bounded whatever the number of distinct groups (1–10000). @default 1000
   */
  readonly maxGroups?: number;
  /**
   * Cancels the analysis: rejects with the signal's reason when it is an analyzer error, else
   * `AnalysisTimeoutError` for a timeout signal and `AnalysisAbortedError` otherwise. @default undefined
   */
  readonly signal?: AbortSignal;
}

/** Lines that are not JSON objects. */
export interface MalformedLines {
  /** How many lines are not valid JSON, or valid JSON but not an object, or longer than `maxLineBytes`. */
  readonly count: number;
  /** The 1-based numbers of the first of them (at most `maxMalformedSamples`). */
  readonly firstLineNumbers: readonly number[];
  /** How many of `count` were longer than `maxLineBytes` (skipped unread). */
  readonly tooLong: number;
}

/** What one pass over a stream found. */
export interface StreamCounts {
  /** Lines in the input: line feeds, plus one for a last line without one. */
  readonly linesRead: number;
  /** Empty or whitespace-only lines (not records, not malformed). */
  readonly blankLines: number;
  /** Lines that are JSON objects. */
  readonly records: number;
  /** Records whose level field equals the level value. */
  readonly errorsTotal: number;
  /** `errorsTotal` per group, most errors first, ties by group name; at most `maxGroups` of them. */
  readonly errorsByService: readonly GroupCount[];
  /** The errors of the groups not listed, and whether the listed counts are exact. */
  readonly groups: GroupTotals;
  /** Lines that are not JSON objects. */
  readonly malformedLines: MalformedLines;
  /** Whether the input was gzip-compressed (detected from its first bytes, not its name). */
  readonly compressed: boolean;
}

const LF = 0x0a;

/** Resolves every default of {@link AnalyzeOptions}. */
export function resolveAnalyzeOptions(
  options: AnalyzeOptions = {},
): Required<Omit<AnalyzeOptions, "signal">> {
  return {
    levelField: options.levelField ?? ANALYZE_DEFAULTS.levelField,
    levelValue: options.levelValue ?? ANALYZE_DEFAULTS.levelValue,
    groupBy: options.groupBy ?? ANALYZE_DEFAULTS.groupBy,
    maxMalformedSamples: options.maxMalformedSamples ?? ANALYZE_DEFAULTS.maxMalformedSamples,
    maxLineBytes: options.maxLineBytes ?? ANALYZE_DEFAULTS.maxLineBytes,
    maxGroups: options.maxGroups ?? ANALYZE_DEFAULTS.maxGroups,
  };
}

function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * A source of bytes: a Readable (file, S3 body, stdin) or any async iterable of chunks. A chunk is
 * fully consumed before the next one is asked for, so a source may hand out one reused buffer
 * ({@link readFileRange}).
 */
export type ByteSource = Readable | AsyncIterable<Uint8Array | string>;

/**
 * The source's bytes, gunzipped when they start with the gzip magic number (0x1f 0x8b, which no
 * JSON text can start with), without a UTF-8 byte order mark at the start.
 */
async function* plainBytes(source: ByteSource, compressed: { value: boolean }): AsyncGenerator<Buffer> {
  const iterator = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  // read until the first 3 bytes are known (or the input ends)
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < 3) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = asBuffer(next.value);
    head.push(chunk);
    headLength += chunk.length;
  }
  const first = Buffer.concat(head);
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  };
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    compressed.value = true;
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    // pipeline forwards an error of either side to the gunzip stream we iterate
    yield* stripBom(pipeline(Readable.from(rest()), gunzip, () => undefined));
    return;
  }
  yield* stripBom(rest());
}

async function* stripBom(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let atStart = true;
  let head: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    if (!atStart) {
      yield chunk;
      continue;
    }
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    if (head.length < 3) continue;
    atStart = false;
    yield head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  }
  if (atStart && head.length > 0) yield head;
}

/**
 * The bytes `[start, end)` of a file, read into one reused 256 KiB buffer (the first chunk is its
 * own): no garbage per chunk, so memory stays flat without waiting for the garbage collector.
 */
export async function* readFileRange(path: string, start = 0, end = Infinity): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  try {
    let buffer = Buffer.allocUnsafe(READ_CHUNK);
    let first = true;
    let at = start;
    while (at < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_CHUNK, end - at), at);
      if (bytesRead === 0) return;
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
      if (first) {
        first = false;
        buffer = Buffer.allocUnsafe(READ_CHUNK);
      }
    }
  } finally {
    await handle.close();
  }
}

const READ_CHUNK = 256 * 1024;

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

/**
 * Counts one stream. Rejects with `InputDecodeError` for a corrupt gzip stream and
 * `AnalysisAbortedError` when `options.signal` aborts; read errors of the source are passed through
 * unchanged (the caller knows whether it was a file or S3).
 */
export async function analyzeStream(source: ByteSource, options: AnalyzeOptions = {}): Promise<StreamCounts> {
  return finishCounts(await countStream(source, options, false), options);
}

/** What one pass over (part of) a stream counted, before the groups are ranked. */
export interface PartialCounts {
  readonly linesRead: number;
  readonly blankLines: number;
  readonly records: number;
  readonly errorsTotal: number;
  readonly malformed: number;
  readonly tooLong: number;
  /** 1-based line numbers within this part. */
  readonly malformedSamples: number[];
  /** Exact counts per group, or undefined when the part saw more groups than are tracked. */
  readonly groups: Map<string, number> | undefined;
  /** The counter itself (not sent between threads). */
  readonly counter?: GroupCounter;
  readonly compressed: boolean;
}

/** Ranks the groups of a finished count. */
export function finishCounts(p: PartialCounts, options: AnalyzeOptions = {}): StreamCounts {
  const { maxGroups } = resolveAnalyzeOptions(options);
  const counter =
    p.counter ?? GroupCounter.fromExact(maxGroups * TRACKED_PER_REPORTED, p.groups ?? new Map());
  if (counter === undefined) throw new RangeError("finishCounts: more groups than are tracked");
  const top = counter.top(maxGroups, p.errorsTotal);
  return {
    linesRead: p.linesRead,
    blankLines: p.blankLines,
    records: p.records,
    errorsTotal: p.errorsTotal,
    errorsByService: top.groups,
    groups: top.totals,
    malformedLines: { count: p.malformed, firstLineNumbers: p.malformedSamples, tooLong: p.tooLong },
    compressed: p.compressed,
  };
}

/**
 * Counts a stream. `part` true: the bytes are a slice of a plain file after its first line
 * (no gzip detection, no byte order mark stripped).
 */
export async function countStream(
  source: ByteSource,
  options: AnalyzeOptions,
  part: boolean,
): Promise<PartialCounts> {
  const resolved = resolveAnalyzeOptions(options);
  const { maxLineBytes, maxMalformedSamples, maxGroups } = resolved;
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > MAX_GROUPS_LIMIT) {
    throw new RangeError(`maxGroups must be a whole number from 1 to ${MAX_GROUPS_LIMIT} (got ${maxGroups})`);
  }
  const signal = options.signal;
  const scanner = new LineClassifier(resolved);
  const groups = new GroupCounter(maxGroups * TRACKED_PER_REPORTED);
  const samples: number[] = [];
  let lines = 0;
  let blank = 0;
  let records = 0;
  let errors = 0;
  let malformed = 0;
  let tooLong = 0;

  const count = (verdict: LineVerdict): void => {
    lines++;
    if (verdict === LineVerdict.Record) {
      records++;
    } else if (verdict === LineVerdict.Match) {
      records++;
      errors++;
      groups.add(scanner.group);
    } else if (verdict === LineVerdict.Blank) {
      blank++;
    } else {
      malformed++;
      if (samples.length < maxMalformedSamples) samples.push(lines);
    }
  };
  const countTooLong = (): void => {
    tooLong++;
    count(LineVerdict.Malformed);
  };
  /** Scans a line that was split across chunks: parts + the line feed as sentinel. */
  const scanJoined = (parts: Buffer[]): void => {
    const line = Buffer.concat(parts);
    count(scanner.classify(line, 0, line.length - 1));
  };

  // the start of a line that continues in the next chunk
  let carry: Buffer[] = [];
  let carryLength = 0;
  let skipping = false; // inside a line longer than maxLineBytes
  const compressed = { value: false };

  if (signal?.aborted) throw abortedError(signal);

  try {
    const chunks = part ? (source as AsyncIterable<Buffer>) : plainBytes(source, compressed);
    for await (const chunk of chunks) {
      if (signal?.aborted) throw abortedError(signal);
      let pos = 0;
      if (carryLength > 0 || skipping) {
        const nl = chunk.indexOf(LF);
        if (nl === -1) {
          if (!skipping) {
            carry.push(Buffer.from(chunk)); // a copy: the source may reuse its buffer
            carryLength += chunk.length;
            if (carryLength > maxLineBytes) {
              skipping = true;
              carry = [];
              carryLength = 0;
            }
          }
          continue;
        }
        if (skipping || carryLength + nl > maxLineBytes) {
          countTooLong();
        } else {
          carry.push(chunk.subarray(0, nl + 1));
          scanJoined(carry);
        }
        skipping = false;
        carry = [];
        carryLength = 0;
        pos = nl + 1;
      }
      let nl: number;
      while ((nl = chunk.indexOf(LF, pos)) !== -1) {
        if (nl - pos > maxLineBytes) countTooLong();
        else count(scanner.classify(chunk, pos, nl));
        pos = nl + 1;
      }
      if (pos < chunk.length) {
        if (chunk.length - pos > maxLineBytes) {
          skipping = true;
        } else {
          carry.push(Buffer.from(chunk.subarray(pos))); // a copy: the source may reuse its buffer
          carryLength = chunk.length - pos;
        }
      }
    }
  } catch (error) {
    // whatever surfaced the abort (the body stream, gunzip, …), it is the abort
    if (signal?.aborted) throw abortedError(signal, error);
    if (isZlibError(error)) {
      throw new InputDecodeError(
        `the input starts like gzip but does not decompress: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  if (skipping) countTooLong();
  else if (carryLength > 0) scanJoined([...carry, Buffer.from([LF])]);

  return {
    linesRead: lines,
    blankLines: blank,
    records,
    errorsTotal: errors,
    malformed,
    tooLong,
    malformedSamples: samples,
    groups: groups.exactCounts(),
    counter: groups,
    compressed: compressed.value,
  };
}
