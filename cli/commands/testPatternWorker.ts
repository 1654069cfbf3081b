/**
 * Worker-thread entry of `obskit test-pattern --file` on a large file: claims chunks with the
 * calling thread until none is left and posts what it found in each (indexes within the chunk).
 */
import { parentPort, workerData } from "node:worker_threads";
import { joinWork, workerError, type SharedChunks } from "../../apps/log-analyzer/src/parallel";
import { compileFilterPattern } from "../../components/filterPattern";
import { matchClaimedChunksSync } from "./patternChunks";

const { pattern, work, slot } = workerData as { pattern: string; work: SharedChunks; slot: number };
try {
  const matches = joinWork(work, slot) ? matchClaimedChunksSync(compileFilterPattern(pattern), work) : [];
  parentPort?.postMessage({ ok: matches });
} catch (error) {
  parentPort?.postMessage(workerError(error));
}
