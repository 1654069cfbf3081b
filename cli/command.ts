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
