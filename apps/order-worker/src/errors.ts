/**
 * The order worker's errors. One base class for the module; compare `error.name`, not `instanceof`,
 * because the worker also ships as a single-file bundle.
 */

/** Base class of every error the order worker throws on purpose. */
export class OrderWorkerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OrderWorkerError";
  }
}

/**
 * Bad configuration (CLI flags, environment variables or programmatic options). `problems` lists every
 * problem found, each naming the flag / variable / option it is about; the CLI prints them and exits 2.
 */
export class OrderWorkerConfigError extends OrderWorkerError {
  /** Every problem found, one human-readable sentence each, each naming what it is about. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(problems.join("\n"), options);
    this.name = "OrderWorkerConfigError";
    this.problems = problems;
  }
}
