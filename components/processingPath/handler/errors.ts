/**
 * Errors of the log processor. Every failure the handler surfaces is a `LogProcessorError`; callers
 * (tests, other bundles) compare `error.name`, never `instanceof`.
 */
export class LogProcessorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "LogProcessorError";
  }
}

/** The environment is missing a required variable or holds an invalid value (raised at cold start). */
export class ConfigError extends LogProcessorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConfigError";
  }
}

/** The invocation event is not a decodable CloudWatch Logs subscription delivery. */
export class PayloadDecodeError extends LogProcessorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PayloadDecodeError";
  }
}

/** Progress made before a write failed, so an operator can see what a retry still has to do. */
export interface WriteProgress {
  /** Incidents stored before the failure. */
  readonly written: number;
  /** Incidents not stored (the retry of the delivery stores them). */
  readonly notWritten: number;
}

/** DynamoDB kept rejecting or throttling some incidents after every retry. */
export class IncidentWriteError extends LogProcessorError {
  /** How far the write got. */
  readonly progress: WriteProgress;

  constructor(message: string, progress: WriteProgress, options?: ErrorOptions) {
    super(message, options);
    this.name = "IncidentWriteError";
    this.progress = progress;
  }
}

/** DynamoDB kept failing the look-up of already-stored incidents (nothing was written). */
export class IncidentLookupError extends LogProcessorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IncidentLookupError";
  }
}

/** Publishing the high-severity summary to SNS failed (incidents are already stored). */
export class NotificationError extends LogProcessorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NotificationError";
  }
}
