/**
 * The built-in scenarios' interface: a named, timed piece of traffic that the replay feeds into a
 * stack's log groups (and native metrics), with the alarms it is expected to fire and to keep quiet.
 * Scenarios read everything stack-specific (log group names, alarm keys, the dimensions of native
 * metrics, the order worker's rate) from the offline plan, never retyped.
 */

/** A metric as CloudWatch identifies it. */
export interface ScenarioMetricId {
  namespace: string;
  name: string;
  /** @default {} */
  dimensions?: Record<string, string>;
}

/** One log event a scenario writes into one of the stack's log groups. */
export interface ScenarioEvent {
  /** The log group's name, as the stack output `logGroupNames` gives it. */
  logGroup: string;
  /** Epoch ms on the simulated clock. */
  timestamp: number;
  /** The line, exactly as the app (or agent, or CloudTrail) writes it. */
  message: string;
  /** @default "replay" */
  logStream?: string;
}

/** A planned resource, as the offline run of `obskit plan` records it (the parts scenarios read). */
export interface ScenarioResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Provider-computed properties under the mocks (names, ARNs). @default {} */
  state?: Record<string, unknown>;
}

/** What a scenario gets to drive the replay. */
export interface ScenarioContext {
  /** Start of the scenario on the simulated clock (epoch ms, on a whole minute). */
  startMs: number;
  /** The stack outputs of the plan (`logGroupNames`, `alarmNames`, …). */
  outputs: Record<string, unknown>;
  /** The planned resources (alarm inputs, the order worker's task definition …). */
  resources: readonly ScenarioResource[];
  /** Writes one log event. */
  feed(event: ScenarioEvent): void;
  /** Publishes one datapoint of a native metric (AWS/Lambda Errors, AWS/SQS …). */
  putMetric(metric: ScenarioMetricId, timestampMs: number, value: number): void;
}

/** The stack systems a scenario may need (as composed in `stack/index.ts`). */
export type ScenarioSystem = "orders" | "realtime" | "analyzer" | "audit" | "platform" | "cafe";

/** One built-in scenario. */
export interface Scenario {
  /** Unique, what `--scenario` takes (e.g. `orders: payment-failure spike`). */
  name: string;
  /** One sentence: what happens, and which generator produces it. */
  description: string;
  /** Systems that must be enabled for the scenario to apply. */
  systems: ScenarioSystem[];
  /**
   * What one log event the scenario writes is, in its source's words, plural ("requests", "order
   * events", "CloudTrail records"): the replay's summary counts them so. @default "log lines"
   */
  writes?: string;
  /** How long the replay runs, in minutes from `startMs` (events end earlier so alarms can recover). */
  durationMinutes: number;
  /**
   * Alarm KEYS as in the stack output `alarmNames`: those the scenario must take to ALARM, and those
   * that must never leave OK (or INSUFFICIENT_DATA) while the scenario drives their metric. A key
   * ending in `*` stands for every key with that prefix (`PlatformLambdaErrors-*`). Keys the stack
   * does not have (a prod-only alarm on dev) are ignored.
   */
  expect: {
    fires: string[];
    quiet: string[];
    /** The processor must store at least this many incidents. @default undefined (not checked) */
    incidentsAtLeast?: number;
  };
  /**
   * Optional timing of the `fires` expectations: the alarm must reach ALARM no later than
   * `byMinute` minutes after `startMs`, and (with `recoversByMinute`) be back in OK by then.
   * @default {}
   */
  timing?: Record<string, { byMinute: number; recoversByMinute?: number }>;
  /** Feeds the scenario's events and metrics. */
  drive(ctx: ScenarioContext): void | Promise<void>;
}
