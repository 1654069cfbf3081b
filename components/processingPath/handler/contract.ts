/**
 * What the ProcessingPath infrastructure and the processor handler must agree on: the environment
 * variables the component sets and the handler reads, the EMF metric names the handler emits and
 * the component alarms on and tags, and the severities both validate.
 *
 * Both sides import this file, so a name is written once. It must stay free of imports: the
 * handler bundle includes it, and the component loads it at plan time.
 */

/** Severity levels, lowest first (the order is the declaration order). */
export const Severity = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARN",
  ERROR: "ERROR",
  CRITICAL: "CRITICAL",
} as const;

/** One of the `Severity` values. */
export type Severity = (typeof Severity)[keyof typeof Severity];

/** Every severity, lowest first. */
export const SEVERITY_ORDER: readonly Severity[] = Object.values(Severity);

/**
 * Defaults both sides share: the component's `minSeverity` / `incidentTtlDays` and the handler's
 * `MIN_SEVERITY` / `INCIDENT_TTL_DAYS` when unset. Written here once.
 */
export const SHARED_DEFAULTS = {
  minSeverity: Severity.ERROR as Severity,
  incidentTtlDays: 90,
} as const;

/** Environment variables the handler reads (README.md, "Environment", has defaults and meanings). */
export const ProcessorEnv = {
  /** DynamoDB incidents table name or ARN. Required. */
  TABLE_NAME: "TABLE_NAME",
  /** Events at/above this severity become incidents. */
  MIN_SEVERITY: "MIN_SEVERITY",
  /** Days until an incident expires; 0 = never. */
  INCIDENT_TTL_DAYS: "INCIDENT_TTL_DAYS",
  /** Bound on a stored message in UTF-8 bytes. */
  MAX_MESSAGE_BYTES: "MAX_MESSAGE_BYTES",
  /** SNS topic for the high-severity summary; unset = no notification. */
  NOTIFY_TOPIC_ARN: "NOTIFY_TOPIC_ARN",
  /** Incidents at/above this severity are notified. */
  NOTIFY_MIN_SEVERITY: "NOTIFY_MIN_SEVERITY",
  /** Powertools service name (logs, metric dimension `service`). */
  POWERTOOLS_SERVICE_NAME: "POWERTOOLS_SERVICE_NAME",
  /** Namespace of the EMF metrics. */
  POWERTOOLS_METRICS_NAMESPACE: "POWERTOOLS_METRICS_NAMESPACE",
} as const;

/** One of the `ProcessorEnv` names. */
export type ProcessorEnvName = (typeof ProcessorEnv)[keyof typeof ProcessorEnv];

/** Names of the EMF metrics (unit Count, dimension `service`). */
export const MetricName = {
  /** Log events in processed DATA_MESSAGE deliveries. */
  EventsProcessed: "EventsProcessed",
  /** Incidents written by this invocation (partial progress included when a write fails). */
  IncidentsStored: "IncidentsStored",
  /** Incidents skipped because an earlier delivery stored them. */
  IncidentsAlreadyStored: "IncidentsAlreadyStored",
  /** CONTROL_MESSAGE deliveries ignored. */
  ControlMessages: "ControlMessages",
  /** SNS summaries published. */
  NotificationsPublished: "NotificationsPublished",
  /** Invocations that threw (decode, write, lookup or notification failure). */
  Failures: "Failures",
} as const;
