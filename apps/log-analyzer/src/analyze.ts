/**
 * The analysis core: one pass over a JSON Lines byte stream (plain or gzip), counting the records
 * whose level field equals the level value, grouped by another field, plus blank and malformed
 * lines. Memory stays flat: the stream is read chunk by chunk and only a line that spans two
 * chunks is ever copied (bounded by `maxLineBytes`); the groups are counted in a bounded number of
 * entries (`groups.ts`: exact, then Space-Saving), whatever the number of distinct groups.
 *
 * The CLI, the HTTP API and the scheduled run all call {@link analyzeStream} and
 * {@link buildSummary}; {@link analyzeFile} is the local-file front door, `s3.ts` has the S3 one.
 */
import { open, stat } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { z } from "zod";
import {
  analyzeStream,
  ANALYZE_DEFAULTS,
  finishCounts,
  MAX_GROUPS_LIMIT,
  readFileRange,
  resolveAnalyzeOptions,
  type AnalyzeOptions,
  type StreamCounts,
} from "./count";
import { countClaimedChunks, type ChunkCountOptions, type ThreadCounts } from "./countChunks";
import { abortedError, InputReadError } from "./errors";
import { shareChunks, sharedChunks, threadsFor, type ParallelOptions } from "./parallel";
import { TRACKED_PER_REPORTED } from "./groups";

export type { GroupCount, GroupTotals } from "./groups";
export * from "./count";

/** Largest accepted threshold. */
export const MAX_THRESHOLD = 1_000_000_000;

const THRESHOLD_RULE = `must be an integer ≥ 1 written in decimal digits only (e.g. 3), at most ${MAX_THRESHOLD}`;

/**
 * A threshold: an integer ≥ 1, given as a number or as a string of decimal digits (query strings,
 * env vars, argv). `1e3`, `0x10`, `3.0`, `+3` and ` 3` are refused: a threshold is typed by a
 * person, and a notation JavaScript happens to read as a number is more likely a mistake.
 */
export const thresholdSchema = z
  .union([z.number({ error: THRESHOLD_RULE }), z.string().regex(/^[0-9]+$/, { error: THRESHOLD_RULE })], {
    error: THRESHOLD_RULE,
  })
  .transform(Number)
  .pipe(
    z
      .number()
      .int({ error: THRESHOLD_RULE })
      .min(1, { error: `${THRESHOLD_RULE} (the run is breached when errorsTotal ≥ threshold)` })
      .max(MAX_THRESHOLD, { error: THRESHOLD_RULE }),
  );

/** A field name or level value: non-empty, at most 256 characters. */
export const fieldSchema = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(256, { error: "must be ≤ 256 characters" });

/** Where the analysed lines came from. */
export type AnalysisSource =
  | {
      /** A local file (`-` is standard input). */
      readonly type: "file";
      /** The path as given. */
      readonly path: string;
    }
  | {
      /** An S3 object. */
      readonly type: "s3";
      /** The bucket. */
      readonly bucket: string;
      /** The prefix the object was chosen under. */
      readonly prefix: string;
      /** The object key that was read. */
      readonly key: string;
      /** The object's LastModified (ISO 8601). */
      readonly lastModified: string;
      /** The object's size in bytes (as stored: compressed size for gzip). */
      readonly size: number;
    };

/** The JSON summary every front end returns. */
export interface AnalysisSummary extends StreamCounts {
  /** What was read. */
  readonly source: AnalysisSource;
  /** The field and value that make a record an error, and the grouping field. */
  readonly match: {
    /** Level field. */
    readonly levelField: string;
    /** Level value. */
    readonly levelValue: string;
    /** Group-by field (the `service` of each `errorsByService` entry holds its value). */
    readonly groupBy: string;
  };
  /** The threshold compared with `errorsTotal`. */
  readonly threshold: number;
  /** `errorsTotal >= threshold`. */
  readonly thresholdBreached: boolean;
  /** Wall time of the whole analysis (listing and reading included), in milliseconds. */
  readonly durationMs: number;
}

/** What {@link buildSummary} needs besides the counts. */
export interface SummaryContext {
  /** What was read. */
  readonly source: AnalysisSource;
  /** The resolved match options. */
  readonly options: AnalyzeOptions;
  /** The threshold. @default 1 */
  readonly threshold?: number;
  /** Wall time of the analysis in milliseconds. */
  readonly durationMs: number;
}

/** The summary of one analysis: counts + source + threshold verdict (a pure function). */
export function buildSummary(counts: StreamCounts, context: SummaryContext): AnalysisSummary {
  const { levelField, levelValue, groupBy } = resolveAnalyzeOptions(context.options);
  const threshold = context.threshold ?? ANALYZE_DEFAULTS.threshold;
  return {
    source: context.source,
    match: { levelField, levelValue, groupBy },
    linesRead: counts.linesRead,
    blankLines: counts.blankLines,
    records: counts.records,
    errorsTotal: counts.errorsTotal,
    errorsByService: counts.errorsByService,
    groups: counts.groups,
    malformedLines: counts.malformedLines,
    compressed: counts.compressed,
    threshold,
    thresholdBreached: counts.errorsTotal >= threshold,
    durationMs: Math.round(context.durationMs * 10) / 10,
  };
}

/** Options of {@link analyzeFile}. */
export interface AnalyzeFileOptions extends AnalyzeOptions, ParallelOptions {
  /** The threshold. @default 1 */
  readonly threshold?: number;
}

/**
 * Analyses a local file (`-` reads standard input). Rejects with `InputReadError` when the file
 * cannot be read and `InputDecodeError` for a corrupt gzip file.
 */
export async function analyzeFile(path: string, options: AnalyzeFileOptions = {}): Promise<AnalysisSummary> {
  const started = performance.now();
  let stream: Readable | undefined;
  try {
    let counts = path === "-" ? undefined : await analyzeInParallel(path, options);
    if (counts === undefined) {
      if (path === "-") stream = process.stdin;
      counts = await analyzeStream(stream ?? readFileRange(path), options);
    }
    return buildSummary(counts, {
      source: { type: "file", path },
      options,
      threshold: options.threshold,
      durationMs: performance.now() - started,
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("E")) {
      const reason =
        code === "ENOENT"
          ? "no such file"
          : code === "EISDIR"
            ? "is a directory, not a file"
            : code === "EACCES"
              ? "permission denied"
              : (error as Error).message;
      throw new InputReadError(`cannot read ${path}: ${reason}`, { cause: error });
    }
    throw error;
  } finally {
    if (stream !== undefined && stream !== process.stdin) stream.destroy();
  }
}

const ANALYZE_WORKER = resolvePath(__dirname, "analyzeWorker.ts");

/**
 * A plain file counted by chunks (`parallel.ts`) that this thread and, when the file is big enough
 * to be worth it, worker threads claim in turn; synchronous reads into one reused buffer, and the
 * result is the one a single pass gives. Undefined when the file is gzip (one stream), not a regular
 * file, or a thread saw more distinct groups than are tracked (the Space-Saving estimate depends on
 * the order of the lines, so the caller then reads the file in one pass).
 */
export async function analyzeInParallel(
  path: string,
  options: AnalyzeFileOptions,
): Promise<StreamCounts | undefined> {
  const info = await stat(path);
  if (!info.isFile()) return undefined;
  const threads = threadsFor(info.size, options);
  const head = Buffer.alloc(2);
  const handle = await open(path, "r");
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return undefined; // gzip stays one stream
  const resolved = resolveAnalyzeOptions(options);
  const { maxMalformedSamples, maxGroups } = resolved;
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > MAX_GROUPS_LIMIT) {
    throw new RangeError(`maxGroups must be a whole number from 1 to ${MAX_GROUPS_LIMIT} (got ${maxGroups})`);
  }
  const chunkOptions: ChunkCountOptions = {
    levelField: resolved.levelField,
    levelValue: resolved.levelValue,
    groupBy: resolved.groupBy,
    maxLineBytes: resolved.maxLineBytes,
    maxMalformedSamples,
    trackedGroups: maxGroups * TRACKED_PER_REPORTED,
  };
  const { signal } = options;
  if (signal?.aborted) throw abortedError(signal);
  const work = sharedChunks(path, info.size, threads - 1, options.chunkBytes);
  let parts: ThreadCounts[];
  try {
    const { local, workers } = await shareChunks<ThreadCounts, ThreadCounts | undefined>(
      work,
      ANALYZE_WORKER,
      { options: chunkOptions },
      () => countClaimedChunks(work, chunkOptions, signal),
      signal,
    );
    parts = [local, ...workers.filter((w): w is ThreadCounts => w !== undefined)];
  } catch (error) {
    if (signal?.aborted) throw abortedError(signal, error);
    throw error;
  }
  const groups = new Map<string, number>();
  for (const p of parts) {
    if (p.groups === undefined) return undefined;
    for (const [label, n] of p.groups) groups.set(label, (groups.get(label) ?? 0) + n);
  }
  if (groups.size > maxGroups * TRACKED_PER_REPORTED) return undefined;
  const chunks = parts.flatMap((p) => p.chunks).sort((a, b) => a.index - b.index);
  const samples: number[] = [];
  let offset = 0;
  const sum = { linesRead: 0, blankLines: 0, records: 0, errorsTotal: 0, malformed: 0, tooLong: 0 };
  for (const c of chunks) {
    for (const line of c.malformedSamples)
      if (samples.length < maxMalformedSamples) samples.push(line + offset);
    offset += c.linesRead;
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += c[k];
  }
  return finishCounts({ ...sum, malformedSamples: samples, groups, compressed: false }, options);
}
