/**
 * Worker-thread entry of a parallel analysis (see `parallel.ts`): counts one line-aligned byte
 * range of a plain file and posts its partial counts back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { countStream, readFileRange, type AnalyzeOptions, type PartialCounts } from "./count";
import { workerError } from "./parallel";

/** What the calling thread sends. */
export interface AnalyzeWorkerData {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly options: Omit<AnalyzeOptions, "signal">;
}

async function main(): Promise<void> {
  const { path, start, end, options } = workerData as AnalyzeWorkerData;
  try {
    const counts = await countStream(readFileRange(path, start, end), options, true);
    const { counter: _counter, ...transferable } = counts;
    parentPort?.postMessage({ ok: transferable satisfies Omit<PartialCounts, "counter"> });
  } catch (error) {
    parentPort?.postMessage(workerError(error));
  }
}

void main();
