/**
 * When events happen: a pure, infinite, time-ordered schedule of ticks (offsets from the start of a
 * run). Normal events tick evenly at the configured rate; during an incident, extra PAYMENT_FAILED
 * events tick evenly at the incident's burst rate on top of the normal stream.
 */

/** Default incident burst: 12 extra PAYMENT_FAILED per minute (one every 5 s). */
export const DEFAULT_INCIDENT_FAILURES_PER_MINUTE = 12;
/** The design's alarm threshold, PAYMENT_FAILED per minute; the burst rate may not be set below it. */
export const PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE = 5;
/** Largest accepted burst rate (failures per minute). */
export const MAX_INCIDENT_FAILURES_PER_MINUTE = 6000;

/** An incident: a window of time with extra payment failures. */
export interface IncidentOptions {
  /**
   * How long the incident lasts, in seconds (`Infinity`: until the run ends).
   */
  durationSeconds: number;
  /**
   * When the incident starts, in seconds after the start of the run.
   * @default 0
   */
  afterSeconds?: number;
  /**
   * Extra PAYMENT_FAILED events per minute while the incident is active, evenly spaced, on top of the
   * normal stream. Every 60-second window inside the incident holds this many (at least ⌊n⌋; so every whole
   * minute, `bin(1m)`, crosses the ≥ 5/minute alarm), and an incident of at least 60 s puts at least
   * half of them, i.e. ≥ 6 at the default, into one calendar minute however it is aligned.
   * @default 12
   */
  failuresPerMinute?: number;
}

/** One scheduled event. */
export interface Tick {
  /** Milliseconds after the start of the run (may be fractional). */
  offsetMs: number;
  /** `true` for an incident PAYMENT_FAILED, `false` for a normal event. */
  incident: boolean;
}

/** Options of {@link createSchedule}. */
export interface ScheduleOptions {
  /** Normal events per second (> 0). */
  ratePerSecond: number;
  /**
   * The incident, if any.
   * @default no incident
   */
  incident?: IncidentOptions;
}

/** Incident options with every default filled in. */
export interface ResolvedIncident {
  /** Start, ms after the start of the run. */
  startMs: number;
  /** End (exclusive), ms after the start of the run; `Infinity` when open-ended. */
  endMs: number;
  /** Spacing of incident failures, ms. */
  intervalMs: number;
}

/** Resolves an incident's defaults into absolute offsets. */
export function resolveIncident(incident: IncidentOptions): ResolvedIncident {
  const startMs = (incident.afterSeconds ?? 0) * 1000;
  const perMinute = incident.failuresPerMinute ?? DEFAULT_INCIDENT_FAILURES_PER_MINUTE;
  return { startMs, endMs: startMs + incident.durationSeconds * 1000, intervalMs: 60_000 / perMinute };
}

/** Every problem with an incident, one sentence each naming the field; empty when valid. */
export function validateIncident(incident: IncidentOptions): string[] {
  const problems: string[] = [];
  if (!(incident.durationSeconds > 0)) {
    problems.push(`\`durationSeconds\` must be greater than 0 (got ${incident.durationSeconds})`);
  }
  const after = incident.afterSeconds ?? 0;
  if (!(after >= 0 && Number.isFinite(after))) {
    problems.push(`\`afterSeconds\` must be a finite number ≥ 0 (got ${after})`);
  }
  const perMinute = incident.failuresPerMinute ?? DEFAULT_INCIDENT_FAILURES_PER_MINUTE;
  if (!(
    perMinute >= PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE && perMinute <= MAX_INCIDENT_FAILURES_PER_MINUTE
  )) {
    problems.push(
      `\`failuresPerMinute\` must be from ${PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE} (the alarm threshold) to ${MAX_INCIDENT_FAILURES_PER_MINUTE} (got ${perMinute})`,
    );
  }
  return problems;
}

/**
 * The infinite schedule: normal tick i at i·1000/rate ms, incident tick j at start + j·interval while
 * before the incident's end; merged in time order (a normal tick first on a tie).
 */
export function* createSchedule(options: ScheduleOptions): Generator<Tick, never, undefined> {
  const normalIntervalMs = 1000 / options.ratePerSecond;
  const incident = options.incident ? resolveIncident(options.incident) : undefined;
  let normalIndex = 0;
  let incidentIndex = 0;
  for (;;) {
    const normalAt = normalIndex * normalIntervalMs;
    const incidentAt = incident ? incident.startMs + incidentIndex * incident.intervalMs : Infinity;
    const incidentActive = incident !== undefined && incidentAt < incident.endMs;
    if (incidentActive && incidentAt < normalAt) {
      incidentIndex++;
      yield { offsetMs: incidentAt, incident: true };
    } else {
      normalIndex++;
      yield { offsetMs: normalAt, incident: false };
    }
  }
}
