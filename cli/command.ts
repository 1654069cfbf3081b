import * as path from "node:path";

/** The repository whose program and stack files the commands plan. */
export const REPO_ROOT = path.resolve(__dirname, "..");

/** Where a command writes. */
export interface CommandIo {
  /** Standard output (the command's result only). */
  readonly stdout: (text: string) => void;
  /** Standard error (messages). */
  readonly stderr: (text: string) => void;
  /** Standard input, for commands that read it (default: the process's stdin). */
  readonly stdin?: AsyncIterable<string | Buffer>;
}

/** The process's own stdout and stderr. */
export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // a getter: touching process.stdin opens it, which a command that never reads it must not do
  get stdin() {
    return process.stdin;
  },
};

/**
 * One `obskit` subcommand: gets its own argv (after the command name), returns the exit code.
 * Every command accepts `--help`/`-h`: its usage on stdout, exit code 0.
 */
export interface Command {
  run(argv: string[], io?: CommandIo): Promise<number>;
}

/** An error that the CLI reports as a usage/access problem (exit code 2) with a clear message. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** `--threads`: a whole number from 1 to 64 in decimal digits (1 reads a file in one pass). */
export function threadsFlag(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 64)
    throw new UsageError(`--threads must be a whole number from 1 to 64 (got ${JSON.stringify(value)})`);
  return Number(value);
}

/**
 * Names of the errors that are the user's (or their machine's) to fix: their message says
 * everything, a stack trace nothing. Compared by `error.name`, never `instanceof` (bundles).
 */
const EXPECTED_ERRORS: ReadonlySet<string> = new Set([
  "UsageError",
  // the stack's configuration
  "ConfigError",
  "StackConfigError",
  "ObskitArgsError",
  "PolicyConfigError",
  "PriceTableError",
  // a filter pattern given on the command line
  "FilterPatternSyntaxError",
  // AWS credentials, and the log analyzer's input and S3 failures
  "CredentialsError",
  "LogAnalyzerError",
  "InvalidRequestError",
  "BucketNotAllowedError",
  "BucketNotFoundError",
  "NoObjectUnderPrefixError",
  "ObjectNotFoundError",
  "AccessDeniedError",
  "UpstreamError",
  "UpstreamTimeoutError",
  "InputReadError",
  "InputDecodeError",
  "AnalysisAbortedError",
  "AnalysisTimeoutError",
]);

/** A category for `--json` error objects, from the error's name. */
export function errorKind(err: Error): "usage" | "config" | "credentials" | "input" | "aws" | "file" {
  if (err.name === "UsageError") return "usage";
  if (err.name === "CredentialsError") return "credentials";
  if (["InputReadError", "InputDecodeError", "FilterPatternSyntaxError"].includes(err.name)) return "input";
  if (/Config|Args|PriceTable/.test(err.name)) return "config";
  if ((err as { code?: unknown }).code !== undefined && err.name === "Error") return "file";
  return "aws";
}

/** Exit code of a failure the user can fix: bad usage, config, input, files or credentials. */
export const EXIT_USAGE = 2;
/** Exit code of a bug in obskit (EX_SOFTWARE of sysexits.h): never a verdict of the command. */
export const EXIT_BUG = 70;

/** True when `err` is a failure of the user's input or environment, not a bug in obskit. */
export function isExpectedFailure(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  if (EXPECTED_ERRORS.has(err.name)) return true;
  // a file-system failure that escaped a command's own checks (a disk that filled up meanwhile)
  const code = (err as { code?: unknown }).code;
  return (
    typeof code === "string" &&
    /^E[A-Z]+$/.test(code) &&
    typeof (err as { syscall?: unknown }).syscall === "string"
  );
}

/** The version of obskit, for bug reports. */
function version(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require("../package.json") as { version?: unknown }).version);
  } catch {
    return "unknown";
  }
}

/**
 * Reports a failure of `obskit <command> <argv…>` and returns its exit code. A failure the user can
 * fix prints one line, `obskit <command>: <message>`, and returns 2. Anything else is a bug: its
 * stack trace, then a line asking to report it with the command and the version; it returns 70.
 * With `json`, stdout also gets `{"ok": false, "error": {"kind", "message"}}`, so a script reading
 * the command's JSON always gets JSON.
 */
export function reportFailure(
  io: CommandIo,
  command: string,
  argv: readonly string[],
  err: unknown,
  options: {
    /** Also print the error as a JSON object on stdout. @default false */
    json?: boolean;
    /** Said after the command name, e.g. ` (stack prod)`. @default "" */
    where?: string;
    /** The message names the command itself: print it without the `obskit <command>:` prefix. @default false */
    bare?: boolean;
  } = {},
): number {
  const prefix = `obskit ${command}${options.where ?? ""}`;
  if (isExpectedFailure(err)) {
    io.stderr(options.bare ? `${err.message}\n` : `${prefix}: ${err.message}\n`);
    if (options.json)
      io.stdout(
        `${JSON.stringify({ ok: false, error: { kind: errorKind(err), message: err.message } }, null, 2)}\n`,
      );
    return EXIT_USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const ran = ["obskit", command, ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)));
  io.stderr(
    `${prefix}: internal error: ${e.stack ?? e.message}\n` +
      `This is a bug in obskit ${version()} (node ${process.version}, ${process.platform}). ` +
      `Please report it with the command you ran (${ran.join(" ")}) and the lines above.\n`,
  );
  if (options.json)
    io.stdout(`${JSON.stringify({ ok: false, error: { kind: "internal", message: e.message } }, null, 2)}\n`);
  return EXIT_BUG;
}
