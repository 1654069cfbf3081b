/**
 * Worker-thread entry of `obskit test-pattern --file` on a large file: matches one line-aligned
 * byte range and posts what it found (indexes within the range).
 */
import { parentPort, workerData } from "node:worker_threads";
import { workerError } from "../../apps/log-analyzer/src/parallel";
import { compileFilterPattern } from "../../components/filterPattern";
import { matchFileRange } from "./test-pattern";

const { pattern, path, start, end } = workerData as {
  pattern: string;
  path: string;
  start: number;
  end: number;
};
try {
  parentPort?.postMessage({ ok: matchFileRange(compileFilterPattern(pattern), path, start, end) });
} catch (error) {
  parentPort?.postMessage(workerError(error));
}
