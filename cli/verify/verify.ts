/**
 * The checks of `obskit verify` against a deployed stack:
 * - every metric filter's declared samples through CloudWatch Logs `TestMetricFilter`, compared
 *   with our filter-pattern engine (match or not, and every extracted value);
 * - every saved query run once (`StartQuery` / `GetQueryResults`) over a short window, reporting
 *   syntax errors (`MalformedQueryException`);
 * - `--fire`: events that breach an alarm written with `PutLogEvents` to a stream of our own, then
 *   `DescribeAlarms` polled until the alarm reaches ALARM or the timeout passes.
 */
import {
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  StopQueryCommand,
  TestMetricFilterCommand,
  type CloudWatchLogsClient,
  type MetricFilterMatchRecord,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeAlarmsCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { breaches, type ComparisonOperator } from "../../engines/alarmEvaluation";
import { compileFilterPattern, dimensionsFor, metricValueFor } from "../../components/filterPattern";
import type { VerifyAlarm, VerifyFilter, VerifyModel, VerifyQuery } from "./model";

/** TestMetricFilter accepts 1 to 50 events per call. */
export const TEST_METRIC_FILTER_MAX_EVENTS = 50;
/** Largest log event CloudWatch Logs accepts: 256 KiB including 26 bytes of overhead per event. */
export const MAX_EVENT_BYTES = 262_144 - 26;
/** Largest request payload we send in one call (the PutLogEvents batch limit, 1 MiB with overhead). */
export const MAX_BATCH_BYTES = 1_048_576;
/** PutLogEvents accepts at most this many events per call. */
export const PUT_LOG_EVENTS_MAX_EVENTS = 10_000;
/** Added to an alarm's period × evaluation periods for the default `--fire` timeout. */
export const FIRE_MARGIN_SECONDS = 60;
/** Saved queries run over the last this-many seconds. */
export const QUERY_WINDOW_SECONDS = 300;

/** The clock verify waits with; injectable so tests never wait. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface VerifyClients {
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
}

/** Errors that mean "no usable credentials for this account" rather than a failed check. */
const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "ExpiredToken",
  "TokenRefreshRequired",
]);

/** Thrown when AWS refuses the credentials (or there are none): the command exits 2. */
export class CredentialsError extends Error {
  constructor(cause: unknown) {
    super(
      `obskit verify needs AWS credentials for the stack's account (${(cause as Error)?.message ?? String(cause)})`,
      { cause },
    );
    this.name = "CredentialsError";
  }
}

function rethrowCredentials(err: unknown): void {
  if (err instanceof Error && CREDENTIAL_ERRORS.has(err.name)) throw new CredentialsError(err);
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

// -------------------------------------------------------------------------------------------------
// Metric filters

/** One sample on which AWS and our engine disagree. */
export interface FilterDisagreement {
  sample: string;
  /** What the filter's samples declare for this line. */
  declared: "match" | "noMatch";
  aws: { matched: boolean; extractedValues?: Record<string, string> };
  engine: { matched: boolean; extractedValues?: Record<string, string> };
  /** Human-readable: what differs. */
  reason: string;
}

export interface FilterResult {
  filter: string;
  logGroupName: string;
  pattern: string;
  /** Samples sent to TestMetricFilter. */
  samplesTested: number;
  /** TestMetricFilter calls made. */
  calls: number;
  disagreements: FilterDisagreement[];
  /** Samples that CloudWatch Logs cannot take (empty, too large), with the reason. */
  skipped: { sample: string; reason: string }[];
  /** AWS refused the pattern or the call failed. */
  error?: string;
  ok: boolean;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Splits events into TestMetricFilter calls: ≤ 50 events and ≤ 1 MiB each. */
export function batchEvents(events: string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = byteLength(e) + 26;
    if (
      current.length &&
      (current.length >= TEST_METRIC_FILTER_MAX_EVENTS || bytes + size > MAX_BATCH_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

function clip(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Our engine's extracted value as CloudWatch renders it in `extractedValues` (a string). */
function renderValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y) && x === y;
}

/** Which event of the batch a match record is: `eventNumber` checked against `eventMessage`. */
function matchIndex(batch: string[], m: MetricFilterMatchRecord): number | undefined {
  const n = m.eventNumber;
  const candidates = n === undefined ? [] : [n - 1, n];
  for (const i of candidates)
    if (i >= 0 && i < batch.length && (m.eventMessage === undefined || batch[i] === m.eventMessage)) return i;
  if (m.eventMessage !== undefined) {
    const i = batch.indexOf(m.eventMessage);
    if (i >= 0) return i;
  }
  return undefined;
}

/** Compares AWS's verdict on every declared sample of `filter` with our engine's. */
export async function checkFilter(filter: VerifyFilter, logs: CloudWatchLogsClient): Promise<FilterResult> {
  const result: FilterResult = {
    filter: filter.name,
    logGroupName: filter.logGroupName,
    pattern: filter.pattern,
    samplesTested: 0,
    calls: 0,
    disagreements: [],
    skipped: [],
    ok: true,
  };
  const declared = new Map<string, "match" | "noMatch">();
  for (const s of filter.samples.match) declared.set(s, "match");
  for (const s of filter.samples.noMatch) if (!declared.has(s)) declared.set(s, "noMatch");
  const events: string[] = [];
  for (const s of declared.keys()) {
    if (s.length === 0) result.skipped.push({ sample: s, reason: "CloudWatch Logs accepts no empty event" });
    else if (byteLength(s) > MAX_EVENT_BYTES)
      result.skipped.push({
        sample: clip(s),
        reason: `${byteLength(s)} bytes: over CloudWatch Logs' ${MAX_EVENT_BYTES}-byte event limit`,
      });
    else events.push(s);
  }
  const matcher = compileFilterPattern(filter.pattern);
  for (const batch of batchEvents(events)) {
    let matches: MetricFilterMatchRecord[];
    try {
      result.calls++;
      const out = await logs.send(
        new TestMetricFilterCommand({ filterPattern: filter.pattern, logEventMessages: batch }),
      );
      matches = out.matches ?? [];
    } catch (err) {
      rethrowCredentials(err);
      result.error = `TestMetricFilter failed: ${errorText(err)}`;
      result.ok = false;
      return result;
    }
    const aws = new Map<number, Record<string, string>>();
    for (const m of matches) {
      const i = matchIndex(batch, m);
      if (i !== undefined) aws.set(i, m.extractedValues ?? {});
    }
    batch.forEach((sample, i) => {
      result.samplesTested++;
      const ours = matcher(sample);
      const ourValues = ours.matched
        ? Object.fromEntries(Object.entries(ours.fields ?? {}).map(([k, v]) => [k, renderValue(v)]))
        : undefined;
      const awsValues = aws.get(i);
      const awsMatched = awsValues !== undefined;
      let reason: string | undefined;
      if (awsMatched !== ours.matched) {
        reason = awsMatched ? "AWS matches it, our engine does not" : "our engine matches it, AWS does not";
      } else if (awsMatched && ourValues) {
        const diffs: string[] = [];
        for (const k of new Set([...Object.keys(awsValues), ...Object.keys(ourValues)])) {
          const a = awsValues[k];
          const o = ourValues[k];
          if (a === undefined) diffs.push(`${k}: AWS extracts nothing, our engine ${JSON.stringify(o)}`);
          else if (o === undefined) diffs.push(`${k}: AWS extracts ${JSON.stringify(a)}, our engine nothing`);
          else if (!sameValue(a, o))
            diffs.push(`${k}: AWS ${JSON.stringify(a)}, our engine ${JSON.stringify(o)}`);
        }
        if (diffs.length) reason = `extracted values differ (${diffs.join("; ")})`;
      }
      if (reason)
        result.disagreements.push({
          sample: clip(sample, 2000),
          declared: declared.get(sample) ?? "match",
          aws: { matched: awsMatched, ...(awsMatched ? { extractedValues: awsValues } : {}) },
          engine: { matched: ours.matched, ...(ourValues ? { extractedValues: ourValues } : {}) },
          reason,
        });
    });
  }
  result.ok = result.disagreements.length === 0;
  return result;
}

// -------------------------------------------------------------------------------------------------
// Saved queries

export interface QueryResult {
  query: string;
  logGroupNames: string[];
  /** Final status of the run (`Complete`, `Failed`, …), or `MalformedQuery` / `Error` / `TimedOut`. */
  status: string;
  /** The syntax error or failure, when not Complete. */
  error?: string;
  ok: boolean;
}

const FINAL_QUERY_STATES = new Set(["Complete", "Failed", "Cancelled", "Timeout", "Unknown"]);

/** Runs `q` once over the last few minutes; a syntax error fails at StartQuery. */
export async function checkQuery(
  q: VerifyQuery,
  logs: CloudWatchLogsClient,
  clock: Clock,
  opts: { timeoutMs: number; pollMs: number },
): Promise<QueryResult> {
  const base = { query: q.name, logGroupNames: q.logGroupNames };
  const endTime = Math.floor(clock.now() / 1000);
  let queryId: string | undefined;
  try {
    ({ queryId } = await logs.send(
      new StartQueryCommand({
        logGroupNames: q.logGroupNames,
        queryString: q.queryString,
        startTime: endTime - QUERY_WINDOW_SECONDS,
        endTime,
      }),
    ));
  } catch (err) {
    rethrowCredentials(err);
    const malformed = err instanceof Error && err.name === "MalformedQueryException";
    return {
      ...base,
      status: malformed ? "MalformedQuery" : "Error",
      error: malformed ? `syntax error: ${(err as Error).message}` : errorText(err),
      ok: false,
    };
  }
  if (!queryId) return { ...base, status: "Error", error: "StartQuery returned no queryId", ok: false };
  const deadline = clock.now() + opts.timeoutMs;
  for (;;) {
    let status: string | undefined;
    try {
      ({ status } = await logs.send(new GetQueryResultsCommand({ queryId })));
    } catch (err) {
      rethrowCredentials(err);
      return { ...base, status: "Error", error: errorText(err), ok: false };
    }
    if (status && FINAL_QUERY_STATES.has(status))
      return status === "Complete"
        ? { ...base, status, ok: true }
        : { ...base, status, error: `the query ended ${status}`, ok: false };
    if (clock.now() >= deadline) {
      try {
        await logs.send(new StopQueryCommand({ queryId }));
      } catch {
        // the query ends by itself at CloudWatch's own timeout; the report says it was stopped
      }
      return {
        ...base,
        status: "TimedOut",
        error: `no result within ${Math.round(opts.timeoutMs / 1000)} s (last status ${status ?? "none"}); stopped`,
        ok: false,
      };
    }
    await clock.sleep(opts.pollMs);
  }
}

// -------------------------------------------------------------------------------------------------
// --fire

/** How to breach an alarm by writing log events. */
export interface FirePlan {
  alarm: VerifyAlarm;
  filter: VerifyFilter;
  /** The matching sample written. */
  sample: string;
  /** Events written per period. */
  eventsPerPeriod: number;
  /** Periods with a breaching datapoint needed (datapoints to alarm). */
  periods: number;
  periodSeconds: number;
  timeoutSeconds: number;
}

/** The comparisons more events can breach: the datapoint has to rise above the threshold. */
const RISING = new Set<string>(["GreaterThanThreshold", "GreaterThanOrEqualToThreshold"]);

/** Events of value `v` needed in one period for a Sum (or SampleCount, v = 1) to breach. */
function eventsForSum(op: string, v: number, threshold: number): number | undefined {
  if (!(v > 0)) return undefined;
  if (op === "GreaterThanThreshold") return Math.max(1, Math.floor(threshold / v) + 1);
  if (op === "GreaterThanOrEqualToThreshold") return Math.max(1, Math.ceil(threshold / v));
  return undefined;
}

function sameDims(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const x = Object.entries(a ?? {}).sort();
  const y = Object.entries(b ?? {}).sort();
  return x.length === y.length && x.every(([k, v], i) => y[i][0] === k && y[i][1] === v);
}

/**
 * How `alarm` can be fired by writing events matching one of its filter's samples, or why it
 * cannot (metric math, a native metric, a "less than" comparison, no matching sample…).
 */
export function planFire(
  alarm: VerifyAlarm,
  filters: VerifyFilter[],
  timeoutSeconds?: number,
): FirePlan | { alarm: VerifyAlarm; reason: string } {
  const no = (reason: string) => ({ alarm, reason });
  if (alarm.metricMath) return no("a metric-math alarm: no single log metric filter drives it");
  const candidates = filters.filter(
    (f) => f.namespace === alarm.namespace && f.metricName === alarm.metricName,
  );
  if (!candidates.length)
    return no(`${alarm.namespace}/${alarm.metricName} is not produced by a metric filter`);
  if (alarm.threshold === undefined || !RISING.has(alarm.comparisonOperator))
    return no(`${alarm.comparisonOperator} cannot be breached by writing more events`);
  const op = alarm.comparisonOperator as ComparisonOperator;
  const stat = alarm.statistic ?? alarm.extendedStatistic ?? "";
  let best: { filter: VerifyFilter; sample: string; n: number } | undefined;
  for (const filter of candidates) {
    const matcher = compileFilterPattern(filter.pattern);
    for (const sample of filter.samples.match) {
      if (!sample || Buffer.byteLength(sample) > MAX_EVENT_BYTES) continue;
      const m = matcher(sample);
      const v = metricValueFor(m, filter.value);
      if (v === undefined) continue;
      if (!sameDims(filter.dimensions ? dimensionsFor(m, filter.dimensions) : undefined, alarm.dimensions))
        continue;
      let n: number | undefined;
      if (stat === "Sum") n = eventsForSum(op, v, alarm.threshold);
      else if (stat === "SampleCount") n = eventsForSum(op, 1, alarm.threshold);
      else n = breaches(op, v, alarm.threshold) ? 1 : undefined; // Average, Min, Max, pNN
      if (n !== undefined && (!best || n < best.n)) best = { filter, sample, n };
    }
  }
  if (!best)
    return no(
      candidates.some((f) => f.samples.match.length)
        ? "no declared sample of its filter produces a breaching datapoint"
        : "its filter declares no sample it matches (only lines it must not match)",
    );
  if (best.n > PUT_LOG_EVENTS_MAX_EVENTS)
    return no(`breaching needs ${best.n} events per period (more than one PutLogEvents batch)`);
  const period = alarm.period ?? 60;
  const periods = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  return {
    alarm,
    filter: best.filter,
    sample: best.sample,
    eventsPerPeriod: best.n,
    periods,
    periodSeconds: period,
    timeoutSeconds: timeoutSeconds ?? period * alarm.evaluationPeriods + FIRE_MARGIN_SECONDS,
  };
}

export interface FireResult {
  alarm: string;
  key?: string;
  logGroupName?: string;
  logStreamName?: string;
  /** Events written in all. */
  eventsWritten: number;
  /** Whether the alarm reached ALARM (after our first write) within the timeout. */
  reachedAlarm: boolean;
  /** Seconds from the first write to the ALARM state, when reached. */
  timeToAlarmSeconds?: number;
  timeoutSeconds?: number;
  /** The alarm's last state and reason, as DescribeAlarms reported them. */
  state?: string;
  stateReason?: string;
  /** Why the alarm was not fired or did not reach ALARM. */
  error?: string;
  ok: boolean;
}

/** A log stream name of our own: valid characters only, unique per run. */
export function fireStreamName(alarmName: string, nowMs: number, random = Math.random()): string {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, "-");
  const tag = Math.floor(random * 0xffffff)
    .toString(16)
    .padStart(6, "0");
  return `obskit-verify-fire/${alarmName.replace(/[:*]/g, "_")}/${stamp}-${tag}`;
}

async function describe(
  cloudwatch: CloudWatchClient,
  name: string,
): Promise<{ state?: string; reason?: string; updated?: number } | undefined> {
  const out = await cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["MetricAlarm"] }),
  );
  const a = out.MetricAlarms?.find((x) => x.AlarmName === name);
  if (!a) return undefined;
  return { state: a.StateValue, reason: a.StateReason, updated: a.StateUpdatedTimestamp?.getTime() };
}

/**
 * Writes `plan.eventsPerPeriod` copies of the sample into a new stream of the filter's log group,
 * once per period until `plan.periods` periods have breaching data, and polls DescribeAlarms until
 * the alarm enters ALARM (a transition after the first write) or the timeout passes.
 */
export async function fireAlarm(
  plan: FirePlan,
  clients: VerifyClients,
  clock: Clock,
  opts: { pollMs: number; announce: (text: string) => void },
): Promise<FireResult> {
  const { alarm, filter } = plan;
  const result: FireResult = {
    alarm: alarm.name,
    key: alarm.key,
    logGroupName: filter.logGroupName,
    eventsWritten: 0,
    reachedAlarm: false,
    timeoutSeconds: plan.timeoutSeconds,
    ok: false,
  };
  try {
    const before = await describe(clients.cloudwatch, alarm.name);
    if (!before)
      return { ...result, error: `alarm ${alarm.name} not found: is the stack deployed in this account?` };
    const stream = fireStreamName(alarm.name, clock.now());
    result.logStreamName = stream;
    await clients.logs.send(
      new CreateLogStreamCommand({ logGroupName: filter.logGroupName, logStreamName: stream }),
    );
    const write = async () => {
      const t = clock.now();
      const events = Array.from({ length: plan.eventsPerPeriod }, () => ({
        timestamp: t,
        message: plan.sample,
      }));
      opts.announce(
        `writing ${events.length} event(s) matching filter ${filter.name} to ${filter.logGroupName} (stream ${stream}) to fire ${alarm.name}`,
      );
      await clients.logs.send(
        new PutLogEventsCommand({
          logGroupName: filter.logGroupName,
          logStreamName: stream,
          logEvents: events,
        }),
      );
      result.eventsWritten += events.length;
    };
    const firstWrite = clock.now();
    await write();
    let written = 1;
    const deadline = firstWrite + plan.timeoutSeconds * 1000;
    for (;;) {
      const now = clock.now();
      const s = await describe(clients.cloudwatch, alarm.name);
      result.state = s?.state;
      result.stateReason = s?.reason;
      // a transition after our write: from another state, or (already in ALARM) a newer timestamp
      const fresh = before.state !== "ALARM" || (s?.updated !== undefined && s.updated >= firstWrite);
      if (s?.state === "ALARM" && fresh) {
        result.reachedAlarm = true;
        result.ok = true;
        result.timeToAlarmSeconds = Math.round((now - firstWrite) / 1000);
        return result;
      }
      if (now >= deadline) {
        result.error =
          before.state === "ALARM"
            ? `already in ALARM before the write and no new transition within ${plan.timeoutSeconds} s`
            : `did not reach ALARM within ${plan.timeoutSeconds} s (state ${s?.state ?? "unknown"})`;
        return result;
      }
      if (written < plan.periods && now - firstWrite >= written * plan.periodSeconds * 1000) {
        await write();
        written++;
      }
      await clock.sleep(Math.min(opts.pollMs, Math.max(0, deadline - now)));
    }
  } catch (err) {
    rethrowCredentials(err);
    return { ...result, error: errorText(err) };
  }
}

// -------------------------------------------------------------------------------------------------

export interface VerifyOptions {
  fire: boolean;
  /** Alarm keys (stack output `alarmNames`) or names to fire; empty = every fireable alarm. */
  alarms: string[];
  fireTimeoutSeconds?: number;
  queryTimeoutMs: number;
  pollMs: number;
  firePollMs: number;
  announce: (text: string) => void;
}

export interface VerifyReport {
  stack: string;
  region: string;
  filters: FilterResult[];
  queries: QueryResult[];
  /** Present with `--fire`. */
  fire?: { fired: FireResult[]; notFireable: { alarm: string; key?: string; reason: string }[] };
  /** Planned resources not looked up, by kind (see `VerifyModel.notChecked`). */
  notChecked: Record<string, number>;
  ok: boolean;
}

/** Looks up the alarms `--alarm` names (by key or name); throws on an unknown one. */
export function selectAlarms(model: VerifyModel, wanted: string[]): VerifyAlarm[] {
  if (!wanted.length) return model.alarms;
  return wanted.map((w) => {
    const a = model.alarms.find((x) => x.key === w || x.name === w);
    if (!a) {
      const known = model.alarms.map((x) => x.key ?? x.name).join(", ");
      throw new Error(`--alarm ${w}: no such alarm in stack ${model.stack} (known: ${known})`);
    }
    return a;
  });
}

/** Runs every check; credential problems throw CredentialsError. */
export async function verifyStack(
  model: VerifyModel,
  clients: VerifyClients,
  clock: Clock,
  opts: VerifyOptions,
): Promise<VerifyReport> {
  try {
    await clients.logs.config.credentials();
  } catch (err) {
    throw new CredentialsError(err);
  }
  const filters: FilterResult[] = [];
  for (const f of model.filters)
    if (f.samples.match.length + f.samples.noMatch.length > 0)
      filters.push(await checkFilter(f, clients.logs));
  const queries: QueryResult[] = [];
  for (const q of model.queries)
    queries.push(
      await checkQuery(q, clients.logs, clock, { timeoutMs: opts.queryTimeoutMs, pollMs: opts.pollMs }),
    );
  const report: VerifyReport = {
    stack: model.stack,
    region: model.region,
    filters,
    queries,
    notChecked: { ...(model.notChecked ?? {}) },
    ok: true,
  };
  if (opts.fire) {
    const selected = selectAlarms(model, opts.alarms);
    const plans: FirePlan[] = [];
    const notFireable: { alarm: string; key?: string; reason: string }[] = [];
    for (const a of selected) {
      const p = planFire(a, model.filters, opts.fireTimeoutSeconds);
      if ("reason" in p) notFireable.push({ alarm: a.name, key: a.key, reason: p.reason });
      else plans.push(p);
    }
    const fired = await Promise.all(
      plans.map((p) => fireAlarm(p, clients, clock, { pollMs: opts.firePollMs, announce: opts.announce })),
    );
    report.fire = { fired, notFireable };
    // an alarm asked for by name that cannot be fired is a failed check; the rest are informational
    if (opts.alarms.length && notFireable.length) report.ok = false;
    if (!plans.length && !opts.alarms.length) report.ok = false;
  }
  report.ok &&=
    filters.every((f) => f.ok) && queries.every((q) => q.ok) && (report.fire?.fired ?? []).every((f) => f.ok);
  return report;
}
