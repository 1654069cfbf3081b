/**
 * `obskit test-pattern '<pattern>' [--file events.txt]`: runs a CloudWatch Logs filter pattern over
 * events (one per line; stdin without --file) and prints exactly one JSON object on stdout:
 * `{"matched": [0-based indexes], "fields": [extracted fields of each matching event]}`.
 * An invalid pattern exits with code 2 and the reason and column on stderr.
 *
 * A file is read as bytes (JSON patterns read only their selectors from them), in chunks that a
 * large file's worker threads share (`apps/log-analyzer/src/parallel.ts`), with the same output as
 * one pass.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  shareChunks,
  sharedChunks,
  threadsFor,
  type ParallelOptions,
} from "../../apps/log-analyzer/src/parallel";
import { joinChunkMatches, matchClaimedChunks, type ChunkMatches } from "./patternChunks";
import { processIo, reportFailure, threadsFlag, UsageError, type CommandIo } from "../command";
import { checkInputFile, fileProblem, systemErrorCode } from "../files";
import { parseFlags } from "../flags";
import { compileFilterPattern, formatSyntaxError } from "../../components/filterPattern";
import type { FilterMatcher, FilterPatternSyntaxError } from "../../components/filterPattern";

const USAGE = `usage: obskit test-pattern '<pattern>' [--file events.txt [--threads <n>]]

Matches a CloudWatch Logs filter pattern against events, one per line (stdin without --file), and
prints {"matched": [0-based indexes], "fields": [extracted fields of each match]}.
A large file is read by up to --threads threads (default: one per core); the output is the same.
A pattern starting with "-" goes after --: obskit test-pattern -- '-DEBUG'. A --file that is empty,
binary or gzip-compressed is refused.
Exit code: 0 matched (or not), 2 invalid pattern, usage or file, 70 an internal error (a bug).`;

const WORKER = resolve(__dirname, "testPatternWorker.ts");

/**
 * Matches a whole file by chunks that this thread and, when the file is large, worker threads claim
 * in turn; the output is the same as one pass.
 */
export async function matchFile(
  matcher: FilterMatcher,
  path: string,
  options: ParallelOptions = {},
): Promise<{ matched: number[]; fields: Record<string, unknown>[] }> {
  const { size } = await stat(path);
  const work = sharedChunks(path, size, threadsFor(size, options) - 1, options.chunkBytes);
  const { local, workers } = await shareChunks<ChunkMatches[], ChunkMatches[] | undefined>(
    work,
    WORKER,
    { pattern: matcher.source },
    () => matchClaimedChunks(matcher, work),
  );
  return joinChunkMatches([local, ...workers.map((w) => w ?? [])]);
}

/** Splits input into events: one per line, CRLF tolerated, no phantom event after a final newline. */
export function splitEvents(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** A read failure of the input as one line naming it; anything else stays what it is (a bug). */
function fileProblemOrBug(file: string, err: unknown): unknown {
  return systemErrorCode(err) ? fileProblem("--file", file, "read it", err) : err;
}

async function readAll(stdin: AsyncIterable<string | Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  let pattern: string;
  let file: string | undefined;
  let threads: number | undefined;
  try {
    const { values, positionals } = parseFlags(
      "test-pattern",
      argv,
      {
        file: { type: "string", short: "f" },
        threads: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      { positionals: "a pattern" },
    );
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0
          ? "give the filter pattern, quoted: obskit test-pattern '{ $.level = \"ERROR\" }' --file events.txt"
          : `expected exactly one pattern argument, got ${positionals.length} (${positionals.map((p) => JSON.stringify(p)).join(" ")}); quote the pattern as one argument`,
      );
    [pattern] = positionals;
    file = values.file;
    if (values.threads !== undefined) {
      threads = threadsFlag(values.threads);
      if (file === undefined) throw new UsageError("--threads needs --file");
    }
    if (file !== undefined) checkInputFile("--file", file, { holds: "one log event per line" });
  } catch (err) {
    return reportFailure(io, "test-pattern", argv, err);
  }

  let matcher;
  try {
    matcher = compileFilterPattern(pattern);
  } catch (err) {
    if (err instanceof Error && err.name === "FilterPatternSyntaxError") {
      io.stderr(`obskit test-pattern: ${formatSyntaxError(err as FilterPatternSyntaxError)}\n`);
      return 2;
    }
    return reportFailure(io, "test-pattern", argv, err);
  }

  if (file !== undefined) {
    let result;
    try {
      result = await matchFile(matcher, file, { threads });
    } catch (err) {
      return reportFailure(io, "test-pattern", argv, fileProblemOrBug(file, err));
    }
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  }

  let input: string;
  try {
    input = await readAll(io.stdin ?? process.stdin);
  } catch (err) {
    return reportFailure(io, "test-pattern", argv, fileProblemOrBug("(stdin)", err));
  }

  const matched: number[] = [];
  const fields: Record<string, unknown>[] = [];
  splitEvents(input).forEach((event, i) => {
    const m = matcher(event);
    if (!m.matched) return;
    matched.push(i);
    fields.push(m.fields ?? {});
  });
  io.stdout(`${JSON.stringify({ matched, fields })}\n`);
  return 0;
}
