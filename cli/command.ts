/** One `obskit` subcommand: gets its own argv (after the command name), returns the exit code. */
export interface Command {
  run(argv: string[]): Promise<number>;
}

/** An error that the CLI reports as a usage/access problem (exit code 2) with a clear message. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}
