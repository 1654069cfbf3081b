/**
 * Errors of the log analyzer. Every failure the front ends (CLI, HTTP, scheduled run) report is a
 * `LogAnalyzerError` subclass; they tell them apart by `error.name`, never `instanceof` (the CLI,
 * the server and the Lambda are separate bundles).
 */

/** Names of the analyzer's errors, for `error.name` comparisons and status mapping. */
export const AnalyzerErrorName = {
  LogAnalyzerError: "LogAnalyzerError",
  ConfigError: "ConfigError",
  InvalidRequestError: "InvalidRequestError",
  BucketNotAllowedError: "BucketNotAllowedError",
  BucketNotFoundError: "BucketNotFoundError",
  NoObjectUnderPrefixError: "NoObjectUnderPrefixError",
  ObjectNotFoundError: "ObjectNotFoundError",
  AccessDeniedError: "AccessDeniedError",
  CredentialsError: "CredentialsError",
  UpstreamError: "UpstreamError",
  UpstreamTimeoutError: "UpstreamTimeoutError",
  InputReadError: "InputReadError",
  InputDecodeError: "InputDecodeError",
  AnalysisAbortedError: "AnalysisAbortedError",
  AnalysisTimeoutError: "AnalysisTimeoutError",
  TooManyAnalysesError: "TooManyAnalysesError",
  ShuttingDownError: "ShuttingDownError",
} as const;
/** A value of {@link AnalyzerErrorName}. */
export type AnalyzerErrorName = (typeof AnalyzerErrorName)[keyof typeof AnalyzerErrorName];

/** Base class of every analyzer error. */
export class LogAnalyzerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.LogAnalyzerError;
  }
}

/** The environment (or a front end's settings) is missing a value or holds an invalid one. */
export class ConfigError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.ConfigError;
  }
}

/** A request's parameters are invalid (every problem is listed in `problems`). */
export class InvalidRequestError extends LogAnalyzerError {
  /** One line per invalid parameter, e.g. "threshold: must be an integer ≥ 1 (got "x")". */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`invalid request: ${problems.join("; ")}`, options);
    this.name = AnalyzerErrorName.InvalidRequestError;
    this.problems = problems;
  }
}

/** The bucket is not in the service's allow-list (the service is not an open S3 proxy). */
export class BucketNotAllowedError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.BucketNotAllowedError;
  }
}

/** S3 says the bucket does not exist. */
export class BucketNotFoundError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.BucketNotFoundError;
  }
}

/** The listing under the prefix holds no object (directory markers do not count). */
export class NoObjectUnderPrefixError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.NoObjectUnderPrefixError;
  }
}

/** The object chosen from the listing was gone when it was read (deleted in between). */
export class ObjectNotFoundError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.ObjectNotFoundError;
  }
}

/** S3 refused the caller (missing permission, bad or expired key, bucket policy). */
export class AccessDeniedError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.AccessDeniedError;
  }
}

/** No AWS credentials could be found for the S3 client. */
export class CredentialsError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.CredentialsError;
  }
}

/** S3 failed (5xx after retries, unexpected error code, connection reset). */
export class UpstreamError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.UpstreamError;
  }
}

/** S3 did not answer in time. */
export class UpstreamTimeoutError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.UpstreamTimeoutError;
  }
}

/** A local input (file, stdin) could not be opened or read. */
export class InputReadError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.InputReadError;
  }
}

/** The input starts like gzip but does not decompress (truncated or corrupt). */
export class InputDecodeError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.InputDecodeError;
  }
}

/** The analysis was cancelled (the HTTP client went away, shutdown). */
export class AnalysisAbortedError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.AnalysisAbortedError;
  }
}

/** The analysis ran longer than its time limit and was stopped. */
export class AnalysisTimeoutError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.AnalysisTimeoutError;
  }
}

/** As many analyses as the server allows are already running; retry after `retryAfterSeconds`. */
export class TooManyAnalysesError extends LogAnalyzerError {
  /** Seconds the client should wait before retrying (the `Retry-After` header). */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.TooManyAnalysesError;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The server is shutting down and takes no new requests. */
export class ShuttingDownError extends LogAnalyzerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = AnalyzerErrorName.ShuttingDownError;
  }
}

/**
 * The error an analysis cancelled through `signal` ends with, whatever layer noticed the abort
 * first (the SDK's `AbortError`, a body stream destroyed with "aborted", a gunzip stream, our own
 * check between chunks): the signal's reason when it is an analyzer error (the HTTP API aborts
 * with `AnalysisAbortedError` or `AnalysisTimeoutError`), `AnalysisTimeoutError` for an
 * `AbortSignal.timeout()`, `AnalysisAbortedError` otherwise. `cause` keeps what was caught.
 */
export function abortedError(signal: AbortSignal, caught?: unknown): LogAnalyzerError {
  const reason: unknown = signal.reason;
  if (isAnalyzerError(reason)) return reason;
  const cause = caught ?? reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return new AnalysisTimeoutError(`analysis timed out: ${reason.message}`, { cause });
  }
  return new AnalysisAbortedError("analysis aborted", { cause });
}

/** True when `error` is one of the analyzer's errors (by name, so it works across bundles). */
export function isAnalyzerError(error: unknown): error is LogAnalyzerError {
  return (
    error instanceof Error && (Object.values(AnalyzerErrorName) as readonly string[]).includes(error.name)
  );
}
