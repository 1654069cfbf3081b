/**
 * The replay's public types: what a scenario feeds (`ReplayEvent`, native metrics) and what a
 * replay reports (`ReplayResult`). Times are epoch milliseconds of the simulated clock.
 */

/** A metric as CloudWatch identifies it. */
export interface MetricId {
  namespace: string;
  name: string;
  /** @default {} */
  dimensions?: Record<string, string>;
}

/** One log event written into one of the stack's log groups. */
export interface ReplayEvent {
  /** The log group's name as the stack declares it (e.g. `/smart-orders/processor`). */
  logGroup: string;
  /** When the event happened (epoch ms, simulated clock). */
  timestamp: number;
  /** The log event's message (one line, as the app or agent writes it). */
  message: string;
  /** Log stream the event is written to. @default "replay" */
  logStream?: string;
}

/** An alarm state, as CloudWatch names them. */
export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** One state change of one alarm. */
export interface ReplayTransition {
  /** Epoch ms of the evaluation that changed the state. */
  at: number;
  from: AlarmState;
  to: AlarmState;
  /** CloudWatch's `StateReason`-like explanation. */
  reason: string;
}

/** Every transition of one alarm (metric or composite). */
export interface ReplayAlarm {
  /** Alarm name as deployed (`dev-PaymentFailures`). */
  name: string;
  /** Key of the alarm in the stack output `alarmNames`, when it has one. @default undefined */
  key?: string;
  kind: "metric" | "composite";
  transitions: ReplayTransition[];
  /** False when the alarm cannot be evaluated offline (`note` says why). */
  evaluable: boolean;
  /** @default undefined */
  note?: string;
}

/** One message delivered to one endpoint. */
export interface ReplayNotification {
  /** Epoch ms. */
  at: number;
  /** The alarm whose transition sent it, or the function that published it. */
  source: string;
  /** The state the alarm entered (`ALARM`, `OK`, …) or `MESSAGE` for a function's publication. */
  state: string;
  /** The state the alarm left (absent for a function's publication). @default undefined */
  from?: string;
  /** SNS topic ARN (or other action ARN). */
  topic: string;
  /** Subscription protocol (`email`, `lambda`, …); undefined when the topic has no subscription. */
  protocol?: string;
  /** Subscription endpoint (an address, a function ARN …); undefined when the topic has no subscription. */
  endpoint?: string;
}

/** One contributor of a Contributor Insights rule. */
export interface ReplayContributor {
  /** Values of the rule's keys, in the rule's key order. */
  keys: string[];
  /** Count of events, or sum of the `ValueOf` field. */
  value: number;
}

/** A Contributor Insights rule's result. */
export interface ReplayContributorReport {
  /** The rule's `AggregateOn`. */
  aggregateOn: "Count" | "Sum";
  /** The rule's key fields. */
  keys: string[];
  /** Top contributors over the whole replay (at most 10). */
  top: ReplayContributor[];
  /** Top contributors per minute (at most 10 each), minutes with none left out. */
  periods: { at: number; top: ReplayContributor[] }[];
}

/** What one subscription filter delivered. */
export interface ReplayDelivery {
  /** Subscription filter name. */
  filter: string;
  logGroup: string;
  /** Destination ARN. */
  destination: string;
  /** What ran: the processor handler, the café analytics handler, or nothing offline (Firehose …). */
  handler: "processor" | "cafe-analytics" | "none";
  /** awslogs payloads (batches) delivered. */
  batches: number;
  /** Log events delivered. */
  events: number;
  /** Invocations whose handler threw (with the first message). */
  failures: number;
  /** @default undefined */
  firstError?: string;
}

/** One incident the processor stored. */
export interface ReplayIncident {
  /** Epoch ms of the delivery that stored it. */
  at: number;
  incidentId: string;
  severity: string;
  logGroup: string;
  message: string;
}

/** The outcome of a replay. */
export interface ReplayResult {
  startMs: number;
  endMs: number;
  /** Log events fed. */
  events: number;
  alarms: ReplayAlarm[];
  notifications: ReplayNotification[];
  /** Incidents the processor stored in its table (read back from the table). */
  incidents: ReplayIncident[];
  deliveries: ReplayDelivery[];
  /** Contributor Insights results by rule name. */
  contributors: Record<string, ReplayContributorReport>;
  /**
   * Every metric's datapoints per minute, keyed as the dashboard previews key them (`metricKey`:
   * `Namespace/Name{Dim=v,…}`): the Sum, or the Average for metrics in a unit of time.
   */
  series: Record<string, [number, number][]>;
  /** The statistic of each `series` entry that is not a Sum. */
  seriesStats: Record<string, "Average">;
}
