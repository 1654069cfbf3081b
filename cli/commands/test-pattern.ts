/**
 * `obskit test-pattern '<pattern>' [--file events.txt]`: runs a CloudWatch Logs filter pattern over
 * events (one per line; stdin without --file) and prints exactly one JSON object on stdout:
 * `{"matched": [0-based indexes], "fields": [extracted fields of each matching event]}`.
 * An invalid pattern exits with code 2 and the reason and column on stderr.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { processIo, UsageError, type CommandIo } from "../command";
import { compileFilterPattern, formatSyntaxError } from "../../components/filterPattern";
import type { FilterPatternSyntaxError } from "../../components/filterPattern";

const USAGE = `usage: obskit test-pattern '<pattern>' [--file events.txt]

Matches a CloudWatch Logs filter pattern against events, one per line (stdin without --file), and
prints {"matched": [0-based indexes], "fields": [extracted fields of each match]}.
Exit code: 0 matched (or not), 2 invalid pattern or usage.`;

/** Splits input into events: one per line, CRLF tolerated, no phantom event after a final newline. */
export function splitEvents(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

async function readAll(stdin: AsyncIterable<string | Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  let pattern: string;
  let file: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { file: { type: "string", short: "f" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(`expected exactly one pattern argument, got ${positionals.length}`);
    [pattern] = positionals;
    file = values.file;
  } catch (err) {
    io.stderr(`obskit test-pattern: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }

  let matcher;
  try {
    matcher = compileFilterPattern(pattern);
  } catch (err) {
    if (err instanceof Error && err.name === "FilterPatternSyntaxError") {
      io.stderr(`obskit test-pattern: ${formatSyntaxError(err as FilterPatternSyntaxError)}\n`);
      return 2;
    }
    throw err;
  }

  let input: string;
  try {
    input = file === undefined ? await readAll(io.stdin ?? process.stdin) : await readFile(file, "utf8");
  } catch (err) {
    io.stderr(`obskit test-pattern: cannot read ${file ?? "stdin"}: ${(err as Error).message}\n`);
    return 2;
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
