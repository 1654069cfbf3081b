/**
 * Counting a plain file by chunks (see `parallel.ts`): each thread claims chunks in turn, counts the
 * lines of each, and keeps the group counts of all its chunks together. Put back in chunk order,
 * the chunks' counts are exactly those of one pass: line numbers of malformed lines are offset by
 * the lines of the chunks before. Synchronous file reads into one reused buffer, and only what a
 * worker needs is loaded here (no streams, no zlib, no zod).
 */
import { GroupCounter } from "./groups";
import { LineClassifier, LineVerdict, type LineClassifierOptions } from "./lineClassifier";
import {
  forEachClaimedChunk,
  forEachClaimedChunkSync,
  type ChunkLineReader,
  type SharedChunks,
} from "./parallel";

/** Resolved options of a chunked count (the worker gets them as they are). */
export interface ChunkCountOptions extends LineClassifierOptions {
  readonly maxLineBytes: number;
  readonly maxMalformedSamples: number;
  /** Groups tracked exactly by one thread; past it the thread's counts are not exact. */
  readonly trackedGroups: number;
}

/** What one chunk counted. */
export interface ChunkCounts {
  readonly index: number;
  readonly linesRead: number;
  readonly blankLines: number;
  readonly records: number;
  readonly errorsTotal: number;
  readonly malformed: number;
  readonly tooLong: number;
  /** 1-based line numbers within the chunk (at most `maxMalformedSamples`). */
  readonly malformedSamples: number[];
}

/** What one thread counted: its chunks, and the groups of all of them (undefined: too many). */
export interface ThreadCounts {
  readonly chunks: ChunkCounts[];
  readonly groups: Map<string, number> | undefined;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Counts the claimed chunks of one thread. */
class ChunkCounter {
  readonly chunks: ChunkCounts[] = [];
  private readonly classifier: LineClassifier;
  private readonly groups: GroupCounter;

  constructor(private readonly options: ChunkCountOptions) {
    this.classifier = new LineClassifier(options);
    this.groups = new GroupCounter(options.trackedGroups);
  }

  count(k: number, reader: ChunkLineReader): void {
    const classifier = this.classifier;
    const groups = this.groups;
    const maxSamples = this.options.maxMalformedSamples;
    const samples: number[] = [];
    let lines = 0;
    let blank = 0;
    let records = 0;
    let errors = 0;
    let malformed = 0;
    let tooLong = 0;
    let first = k === 0; // the file's first line may start with a byte order mark
    reader.forEachLine(
      k,
      (b, from, to) => {
        lines++;
        if (first) {
          first = false;
          if (
            to - from >= 3 &&
            b[from] === UTF8_BOM[0] &&
            b[from + 1] === UTF8_BOM[1] &&
            b[from + 2] === UTF8_BOM[2]
          )
            from += 3;
        }
        const verdict = classifier.classify(b, from, to);
        if (verdict === LineVerdict.Record) {
          records++;
        } else if (verdict === LineVerdict.Match) {
          records++;
          errors++;
          groups.add(classifier.group);
        } else if (verdict === LineVerdict.Blank) {
          blank++;
        } else {
          malformed++;
          if (samples.length < maxSamples) samples.push(lines);
        }
      },
      () => {
        lines++;
        first = false;
        tooLong++;
        malformed++;
        if (samples.length < maxSamples) samples.push(lines);
      },
    );
    this.chunks.push({
      index: k,
      linesRead: lines,
      blankLines: blank,
      records,
      errorsTotal: errors,
      malformed,
      tooLong,
      malformedSamples: samples,
    });
  }

  result(): ThreadCounts {
    return { chunks: this.chunks, groups: this.groups.exactCounts() };
  }
}

/** Counts chunks of `work` on this thread until none is left (the event loop runs between chunks). */
export async function countClaimedChunks(
  work: SharedChunks,
  options: ChunkCountOptions,
  signal?: AbortSignal,
): Promise<ThreadCounts> {
  const counter = new ChunkCounter(options);
  await forEachClaimedChunk(work, options.maxLineBytes, (k, reader) => counter.count(k, reader), signal);
  return counter.result();
}

/** {@link countClaimedChunks} for a worker thread. */
export function countClaimedChunksSync(work: SharedChunks, options: ChunkCountOptions): ThreadCounts {
  const counter = new ChunkCounter(options);
  forEachClaimedChunkSync(work, options.maxLineBytes, (k, reader) => counter.count(k, reader));
  return counter.result();
}
