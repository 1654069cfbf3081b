/**
 * Worker-thread entry of a parallel analysis (see `parallel.ts`): claims chunks of a plain file with
 * the calling thread until none is left, and posts the counts of its chunks back. It loads only the
 * line classifier and the chunk reader, so it is counting as soon as it can.
 */
import { parentPort, workerData } from "node:worker_threads";
import { countClaimedChunksSync, type ChunkCountOptions, type ThreadCounts } from "./countChunks";
import { joinWork, workerError, type SharedChunks } from "./parallel";

/** What the calling thread sends. */
export interface AnalyzeWorkerData {
  readonly work: SharedChunks;
  /** This worker's slot in `work` (1-based). */
  readonly slot: number;
  readonly options: ChunkCountOptions;
}

const { work, slot, options } = workerData as AnalyzeWorkerData;
try {
  const counts: ThreadCounts | undefined = joinWork(work, slot)
    ? countClaimedChunksSync(work, options)
    : undefined;
  parentPort?.postMessage({ ok: counts });
} catch (error) {
  parentPort?.postMessage(workerError(error));
}
