/**
 * The replay engine: log events go into the stack's log groups; every metric filter of the group
 * turns them into datapoints through the package's filter-pattern engine (pattern, value, default
 * value, dimensions, unit); subscription filters deliver them, gzip + base64 in CloudWatch Logs'
 * `awslogs` format and batched per log stream, to the real handlers (the log processor against
 * dynalite, the café analytics); Contributor Insights rules count their contributors; and at the end
 * every alarm is evaluated on the simulated clock (engines/alarmEvaluation) at each minute its state
 * can change: the cost follows the events, not the span, which is bounded by `MAX_REPLAY_SPAN_DAYS`.
 */
import { createHash } from "node:crypto";
import { MAX_REPLAY_SPAN_DAYS } from "./input";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  alarmFromPlan,
  compositeFromPlan,
  declareAlarms,
  evaluateAlarms,
  MetricStore,
  percentileOf,
  type MetricAlarmDefinition,
  type MetricSeries,
  type Statistic,
} from "../../engines/alarmEvaluation";
import { metricKey } from "../../components/dashboard/body";
import {
  compileFilterGroup,
  dimensionsFor,
  metricValueFor,
  type FilterGroupMatcher,
  type FilterMatch,
} from "../../components/filterPattern";
import { decodeUtf8 } from "../../components/filterPattern/jsonFields";
import { encodeAwsLogsData } from "../../components/processingPath/handler/decode";
import {
  createHandler as createAnalyticsHandler,
  loadAnalyticsConfig,
} from "../../apps/cafe/analytics/analytics";
import { locate } from "../../apps/cafe/analytics/geo";
import { loadConfig } from "../../components/processingPath/handler/config";
import { createHandler as createProcessorHandler } from "../../components/processingPath/handler/processor";
import { ContributorRule } from "./contributors";
import {
  capturedPowertools,
  createReplayTable,
  invocationContext,
  localDynamoClient,
  localDynamoEndpoint,
  recordingSns,
  scanTable,
  type FunctionOutput,
} from "./lambdas";
import { dashboardMetrics, type ModelMetricFilter, type ModelSubscription, type ReplayModel } from "./model";
import type {
  AlarmState,
  MetricId,
  ReplayAlarm,
  ReplayDelivery,
  ReplayEvent,
  ReplayIncident,
  ReplayNotification,
  ReplayResult,
} from "./types";

const MINUTE = 60_000;
/** Units whose per-minute sum means nothing: their series are averages. */
const TIME_UNITS = new Set(["Seconds", "Microseconds", "Milliseconds"]);

/**
 * How CloudWatch Logs batches a subscription's deliveries, as the replay reproduces it: the events of
 * one log stream within a few seconds (the agents' and Lambda's flush interval) go in one payload,
 * at most 10,000 events (a PutLogEvents batch) and 1,048,576 bytes of messages.
 */
export const DELIVERY_BATCH = { windowMs: 5_000, maxEvents: 10_000, maxBytes: 1_048_576 } as const;

export { MAX_REPLAY_SPAN_DAYS };
const MAX_SPAN_MS = MAX_REPLAY_SPAN_DAYS * 24 * 60 * MINUTE;

/** A replay asked to cover more than `MAX_REPLAY_SPAN_DAYS` of simulated time. */
export class ReplaySpanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplaySpanError";
  }
}

export interface ReplayOptions {
  /** Start of the simulated clock (epoch ms); alarms are evaluated from here. */
  startMs: number;
  /**
   * End of the simulated clock: alarms are evaluated up to here.
   * @default the minute after the last event, plus 10 minutes (so alarms can return to OK)
   */
  endMs?: number;
  /**
   * Run the subscription filters' handlers (dynalite is started for the processor).
   * @default true
   */
  runHandlers?: boolean;
  /**
   * Which alarm evaluations run: only those that can change a state, or every minute of the span
   * (the reference; see `EvaluateAlarmsInput.schedule`). Both give the same result.
   * @default "changes"
   */
  alarmSchedule?: "changes" | "every";
  /**
   * Told after each subscription delivery its handler ran (progress of a long replay).
   * @default undefined
   */
  onDelivery?: (done: number, total: number) => void;
}

interface CompiledFilter {
  filter: ModelMetricFilter;
  metric: MetricId;
  hasDimensions: boolean;
  /** Minutes (epoch ms) in which the filter matched. */
  matched: Set<number>;
  lastMatched: number;
  /** The key of the value's field in `FilterMatch.fields`, when the value is a field the pattern names. */
  valueField?: string;
  /** The store's series of `metric` (filters without dimensions). */
  series?: MetricSeries;
}

interface PendingBatch {
  logStream: string;
  firstTs: number;
  lastTs: number;
  bytes: number;
  events: { id: string; timestamp: number; message: string }[];
}

interface SubscriptionState {
  sub: ModelSubscription;
  pending: Map<string, PendingBatch>;
  delivery: ReplayDelivery;
}

interface GroupState {
  name: string;
  filters: CompiledFilter[];
  /** The group's filter patterns, then its rules' prechecks, matched together (one JSON scan per event). */
  matcher?: FilterGroupMatcher;
  subscriptions: SubscriptionState[];
  rules: ContributorRule[];
  /** Minutes (epoch ms) in which the group received events. */
  minutes: Set<number>;
  lastMinute: number;
  events: number;
  /** Whether the stack declares the group (events can be fed into it). */
  declared: boolean;
}

interface QueuedDelivery {
  state: SubscriptionState;
  batch: PendingBatch;
  at: number;
}

/** One replay of one stack's model. Feed events and metrics, then `finish()`. */
export class Replay {
  /** Every datapoint the replay produced or was given. */
  readonly store: MetricStore;
  private readonly groups = new Map<string, GroupState>();
  private readonly rules = new Map<string, ContributorRule>();
  private readonly queue: QueuedDelivery[] = [];
  private readonly subscriptionStates: SubscriptionState[] = [];
  private readonly published: ReplayNotification[] = [];
  private events = 0;
  private lastTs = Number.NEGATIVE_INFINITY;
  private firstTs = Number.POSITIVE_INFINITY;
  private eventSeq = 0;
  private finished = false;

  private readonly alarms: MetricAlarmDefinition[];

  constructor(
    readonly model: ReplayModel,
    readonly options: ReplayOptions,
  ) {
    this.alarms = model.alarmInputs.map((i) => alarmFromPlan(i));
    // the store's resolution divides every alarm's period (10 or 30 s for high-resolution alarms)
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const periods = this.alarms.flatMap((a) => [
      a.periodSeconds,
      ...(a.metricQueries ?? []).map((q) => q.metricStat?.periodSeconds ?? 60),
    ]);
    this.store = new MetricStore({
      resolutionSeconds: periods.reduce((r, p) => (p > 0 ? gcd(r, p) : r), 60),
    });
    // percentiles read raw samples: keep them for what the alarms and the dashboards read so
    declareAlarms(this.store, this.alarms);
    for (const d of dashboardMetrics(model))
      if (percentileOf(d.stat) !== undefined) this.store.keepSamples(d.metric);
    for (const name of model.logGroups) this.group(name).declared = true;
    for (const f of model.metricFilters) {
      this.group(f.logGroup).filters.push({
        filter: f,
        metric: {
          namespace: f.namespace,
          name: f.metricName,
          ...(Object.keys(f.dimensions).length > 0 ? {} : { dimensions: {} }),
        },
        hasDimensions: Object.keys(f.dimensions).length > 0,
        matched: new Set(),
        lastMatched: Number.NaN,
        ...(f.matcher.fieldNames.includes(f.value.trim()) ? { valueField: f.value.trim() } : {}),
      });
    }
    for (const s of model.subscriptions) {
      const state: SubscriptionState = {
        sub: s,
        pending: new Map(),
        delivery: {
          filter: s.name,
          logGroup: s.logGroup,
          destination: s.destinationArn,
          handler: options.runHandlers === false ? "none" : s.handler,
          batches: 0,
          events: 0,
          failures: 0,
        },
      };
      this.subscriptionStates.push(state);
      this.group(s.logGroup).subscriptions.push(state);
    }
    for (const r of model.insightRules) {
      const rule = new ContributorRule(r.body);
      this.rules.set(r.name, rule);
      for (const g of r.body.LogGroupNames) this.group(g).rules.push(rule);
    }
    // each group's filter patterns, and its rules' prechecks, read every event in one scan
    for (const g of this.groups.values()) {
      const patterns = [
        ...g.filters.map((f) => f.filter.matcher.source),
        ...g.rules.map((r) => r.precheck?.source ?? ""),
      ];
      g.matcher = compileFilterGroup(patterns, {
        withFields: [
          ...g.filters.map((f) => f.filter.constant === undefined || f.hasDimensions),
          ...g.rules.map(() => false),
        ],
      });
    }
  }

  private group(name: string): GroupState {
    let g = this.groups.get(name);
    if (!g) {
      g = {
        name,
        filters: [],
        subscriptions: [],
        rules: [],
        minutes: new Set(),
        lastMinute: Number.NaN,
        events: 0,
        declared: false,
      };
      this.groups.set(name, g);
    }
    return g;
  }

  /** The log groups events can be fed into. */
  get logGroups(): string[] {
    return [...this.groups.values()].filter((g) => g.declared).map((g) => g.name);
  }

  /** Log events each log group has received: those fed, and the lines functions logged there. */
  eventsByLogGroup(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const g of this.groups.values()) if (g.events > 0) out[g.name] = g.events;
    return out;
  }

  private groupOrThrow(name: string): GroupState {
    const g = this.groups.get(name);
    if (!g || !g.declared)
      throw new Error(
        `log group ${JSON.stringify(name)} is not declared by stack ${this.model.stack}; its log groups are: ${this.model.logGroups.join(", ")}`,
      );
    return g;
  }

  private ingest(g: GroupState, timestamp: number): void {
    if (this.finished) throw new Error("this replay has finished: create a new Replay to feed more events");
    const minute = timestamp - (((timestamp % MINUTE) + MINUTE) % MINUTE);
    if (minute !== g.lastMinute) {
      g.minutes.add(minute);
      g.lastMinute = minute;
    }
    g.events++;
    this.events++;
    if (timestamp > this.lastTs) this.lastTs = timestamp;
    if (timestamp < this.firstTs) this.firstTs = timestamp;
  }

  private publish(f: CompiledFilter, match: FilterMatch, timestamp: number): void {
    const minute = timestamp - (((timestamp % MINUTE) + MINUTE) % MINUTE);
    if (minute !== f.lastMatched) {
      f.matched.add(minute);
      f.lastMatched = minute;
    }
    let value = f.filter.constant;
    if (value === undefined) {
      const v = f.valueField === undefined ? undefined : match.fields?.[f.valueField];
      value =
        typeof v === "number" ? (Number.isFinite(v) ? v : undefined) : metricValueFor(match, f.filter.value);
    }
    if (value === undefined) return;
    if (f.hasDimensions) {
      const dimensions = dimensionsFor(match, f.filter.dimensions) ?? {};
      this.store.put(
        { namespace: f.metric.namespace, name: f.metric.name, dimensions },
        timestamp,
        value,
        f.filter.unit,
      );
      return;
    }
    let series = f.series;
    if (series === undefined) {
      series = f.series = this.store.handle(f.metric);
      if (f.filter.unit !== undefined) series.unit = f.filter.unit;
    }
    series.put(timestamp, value);
  }

  /** Writes one log event into a log group of the stack. */
  feed(event: ReplayEvent): void {
    const g = this.groupOrThrow(event.logGroup);
    const { timestamp, message } = event;
    this.ingest(g, timestamp);
    if (!g.matcher) return;
    const results = g.matcher.match(message);
    const n = g.filters.length;
    for (let i = 0; i < n; i++) if (results[i].matched) this.publish(g.filters[i], results[i], timestamp);
    if (g.subscriptions.length > 0) this.subscribe(g, timestamp, message, event.logStream ?? "replay");
    for (let i = 0; i < g.rules.length; i++)
      if (results[n + i].matched) g.rules[i].add(timestamp, message, true);
  }

  /**
   * Writes one log event given as the UTF-8 bytes `bytes[start..end)` (a line of a file read into a
   * Buffer): metric filters match the bytes without decoding them; the text is decoded only when a
   * subscription filter or Contributor Insights rule reads the group.
   */
  feedBytes(
    logGroup: string,
    timestamp: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    logStream?: string,
  ): void {
    const g = this.groupOrThrow(logGroup);
    this.ingest(g, timestamp);
    if (!g.matcher) return;
    const results = g.matcher.matchBytes(bytes, start, end);
    const n = g.filters.length;
    for (let i = 0; i < n; i++) if (results[i].matched) this.publish(g.filters[i], results[i], timestamp);
    let message: string | undefined;
    if (g.subscriptions.length > 0) {
      message = decodeUtf8(bytes, start, end);
      this.subscribe(g, timestamp, message, logStream ?? "replay");
    }
    for (let i = 0; i < g.rules.length; i++)
      if (results[n + i].matched)
        g.rules[i].add(timestamp, (message ??= decodeUtf8(bytes, start, end)), true);
  }

  /** Publishes one datapoint of a metric the scenario drives directly (AWS/Lambda Errors, AWS/SQS …). */
  putMetric(metric: MetricId, timestampMs: number, value: number, unit?: string): void {
    if (this.finished) throw new Error("this replay has finished: create a new Replay to put more metrics");
    this.store.put(metric, timestampMs, value, unit);
    if (timestampMs > this.lastTs) this.lastTs = timestampMs;
    if (timestampMs < this.firstTs) this.firstTs = timestampMs;
  }

  private subscribe(g: GroupState, timestamp: number, message: string, logStream: string): void {
    for (const s of g.subscriptions) {
      if (!s.sub.matcher(message).matched) continue;
      let b = s.pending.get(logStream);
      const size = Buffer.byteLength(message) + 26;
      if (
        b &&
        (timestamp - b.firstTs >= DELIVERY_BATCH.windowMs ||
          b.events.length >= DELIVERY_BATCH.maxEvents ||
          b.bytes + size > DELIVERY_BATCH.maxBytes)
      ) {
        this.queue.push({ state: s, batch: b, at: b.lastTs });
        b = undefined;
      }
      if (!b) {
        b = { logStream, firstTs: timestamp, lastTs: timestamp, bytes: 0, events: [] };
        s.pending.set(logStream, b);
      }
      b.events.push({ id: this.eventId(timestamp), timestamp, message });
      b.bytes += size;
      if (timestamp > b.lastTs) b.lastTs = timestamp;
    }
  }

  /** A CloudWatch-Logs-like event id: 56 digits, unique within the replay. */
  private eventId(timestamp: number): string {
    const seq = String(++this.eventSeq).padStart(20, "0");
    return `${String(Math.max(0, timestamp)).padStart(16, "0")}${seq}`.padEnd(56, "0");
  }

  private flushPending(): void {
    for (const s of this.subscriptionStates) {
      for (const b of s.pending.values()) this.queue.push({ state: s, batch: b, at: b.lastTs });
      s.pending.clear();
    }
  }

  /** Runs every queued delivery through its handler, in time order, until none is left. */
  private async deliver(): Promise<void> {
    const runtimes = new HandlerRuntimes(this.model, this);
    for (let round = 0; round < 10; round++) {
      this.flushPending();
      if (this.queue.length === 0) break;
      const batch = this.queue.splice(0).sort((a, b) => a.at - b.at);
      for (const [i, q] of batch.entries()) {
        await runtimes.run(q);
        this.options.onDelivery?.(i + 1, batch.length);
      }
    }
    this.incidents = await runtimes.incidents();
  }

  private incidents: ReplayIncident[] = [];

  /** @internal called by the handler runtimes */
  recordPublication(n: ReplayNotification): void {
    this.published.push(n);
  }

  /** Where a function's output lands: its log group (when declared) and the metrics it emits. */
  functionOutput(sub: ModelSubscription, at: number, out: FunctionOutput): void {
    for (const m of out.metrics) this.putMetric(m.metric, at, m.value, m.unit);
    const lg = sub.functionLogGroup;
    if (lg !== undefined && this.model.logGroups.includes(lg))
      for (const line of out.lines)
        this.feed({ logGroup: lg, timestamp: at, message: line, logStream: "replay-function" });
  }

  /** One metric's datapoints per period with a statistic (what a graph of it shows). */
  metricSeries(
    metric: MetricId,
    stat: Statistic,
    periodSeconds: number,
    fromMs: number,
    toMs: number,
  ): [number, number][] {
    return this.store.series(metric, stat, periodSeconds, fromMs, toMs);
  }

  /** Runs the deliveries, publishes default values, evaluates every alarm, and reports. */
  async finish(): Promise<ReplayResult> {
    this.checkSpan();
    if (this.options.runHandlers !== false) await this.deliver();
    else {
      this.flushPending();
      for (const q of this.queue.splice(0)) {
        q.state.delivery.batches++;
        q.state.delivery.events += q.batch.events.length;
      }
    }
    this.finished = true;
    // default values: "the value reported to the metric filter during a period when logs are
    // ingested but no matching logs are found"
    for (const g of this.groups.values())
      for (const f of g.filters) {
        if (f.filter.defaultValue === undefined || f.hasDimensions) continue;
        for (const minute of g.minutes)
          if (!f.matched.has(minute)) this.store.put(f.metric, minute, f.filter.defaultValue, f.filter.unit);
      }

    const { startMs, endMs } = this.clock();
    const evaluation = evaluateAlarms({
      alarms: this.alarms,
      composites: this.model.compositeInputs.map((i) => compositeFromPlan(i)),
      store: this.store,
      startMs,
      endMs,
      schedule: this.options.alarmSchedule ?? "changes",
    });
    const keyOf = new Map<string, string>();
    const alarmNames = (this.model.outputs.alarmNames ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(alarmNames)) if (typeof v === "string") keyOf.set(v, k);
    const alarms: ReplayAlarm[] = evaluation.alarms.map((a) => ({
      name: a.name,
      ...(keyOf.has(a.name) ? { key: keyOf.get(a.name) } : {}),
      kind: a.kind,
      transitions: a.transitions.map((t) => ({
        at: t.at,
        from: t.from as AlarmState,
        to: t.to as AlarmState,
        reason: t.reason,
      })),
      evaluable: a.evaluable,
      ...(a.note === undefined ? {} : { note: a.note }),
    }));

    const topics = new Map(this.model.topics.map((t) => [t.arn, t]));
    const notifications: ReplayNotification[] = [];
    const fanOut = (base: Omit<ReplayNotification, "protocol" | "endpoint">): void => {
      const subs = topics.get(base.topic)?.subscriptions ?? [];
      if (subs.length === 0) notifications.push(base);
      for (const s of subs) notifications.push({ ...base, protocol: s.protocol, endpoint: s.endpoint });
    };
    for (const n of evaluation.notifications)
      fanOut({ at: n.at, source: n.alarm, state: n.state, from: n.from, topic: n.actionArn });
    for (const p of this.published) fanOut(p);
    notifications.sort((a, b) => a.at - b.at || a.source.localeCompare(b.source));

    const contributors: ReplayResult["contributors"] = {};
    for (const [name, rule] of this.rules) contributors[name] = rule.report();

    const series: ReplayResult["series"] = {};
    const seriesStats: ReplayResult["seriesStats"] = {};
    for (const m of this.store.metricIds()) {
      const key = metricKey(m.namespace, m.name, m.dimensions ?? {});
      const timed = TIME_UNITS.has(this.store.unitOf(m) ?? "");
      const points = this.store.series(m, timed ? "Average" : "Sum", 60, startMs, endMs);
      if (points.length === 0) continue;
      series[key] = points;
      if (timed) seriesStats[key] = "Average";
    }

    return {
      startMs,
      endMs,
      events: this.events,
      alarms,
      notifications,
      incidents: this.incidents,
      deliveries: this.subscriptionStates.map((s) => s.delivery),
      contributors,
      series,
      seriesStats,
    };
  }

  /** The simulated clock's start and end (see `ReplayOptions`). */
  private clock(): { startMs: number; endMs: number } {
    const startMs = this.options.startMs;
    const lastMinute = Number.isFinite(this.lastTs)
      ? Math.floor(this.lastTs / MINUTE) * MINUTE + MINUTE
      : startMs;
    return { startMs, endMs: this.options.endMs ?? lastMinute + 10 * MINUTE };
  }

  /** Refuses a replay covering more than `MAX_REPLAY_SPAN_DAYS`, before any work is done. */
  private checkSpan(): void {
    const { startMs, endMs } = this.clock();
    const from = Math.min(startMs, this.firstTs);
    const to = Math.max(endMs, Number.isFinite(this.lastTs) ? this.lastTs : endMs);
    if (to - from <= MAX_SPAN_MS) return;
    const iso = (ms: number): string => new Date(ms).toISOString();
    throw new ReplaySpanError(
      `the replay would cover ${((to - from) / (24 * 60 * MINUTE)).toFixed(1)} days of simulated time (${iso(from)} → ${iso(to)}), more than the ${MAX_REPLAY_SPAN_DAYS} days a replay covers: replay a shorter stretch (split the file by date) or check the events' timestamps`,
    );
  }
}

/** The handlers of one replay, created on first use: processor (with its table), café analytics. */
class HandlerRuntimes {
  private dynamo?: { client: DynamoDBClient; table: string };
  private invocations = 0;

  constructor(
    private readonly model: ReplayModel,
    private readonly replay: Replay,
  ) {}

  private async dynamoFor(): Promise<{ client: DynamoDBClient; table: string }> {
    if (!this.dynamo) {
      const t = this.model.incidentsTable ?? { name: "incidents", hashKey: "incidentId" };
      const client = localDynamoClient(await localDynamoEndpoint(), this.model.region);
      this.dynamo = { client, table: await createReplayTable(client, t.name, t.hashKey) };
    }
    return this.dynamo;
  }

  async run(q: QueuedDelivery): Promise<void> {
    const { sub, delivery } = q.state;
    delivery.batches++;
    delivery.events += q.batch.events.length;
    if (sub.handler === "none") return;
    const payload = JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: this.model.account,
      logGroup: sub.logGroup,
      logStream: q.batch.logStream,
      subscriptionFilters: [sub.name],
      logEvents: q.batch.events,
    });
    const event = { awslogs: { data: encodeAwsLogsData(payload) } };
    const requestId = createHash("sha256").update(`${sub.name}/${++this.invocations}`).digest("hex");
    const uuid = requestId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, "$1-$2-$3-$4-$5");
    const context = invocationContext(sub.destinationArn, sub.functionLogGroup ?? "", uuid);
    const out: FunctionOutput = { lines: [], metrics: [], published: [] };
    const at = q.at;
    try {
      if (sub.handler === "processor") await this.runProcessor(sub, event, context, at, out);
      else await this.runAnalytics(sub, event, context, out);
    } catch (err) {
      delivery.failures++;
      delivery.firstError ??= (err as Error).message;
    }
    this.replay.functionOutput(sub, at, out);
    for (const p of out.published)
      this.replay.recordPublication({
        at,
        source: context.functionName,
        state: "MESSAGE",
        topic: p.topicArn,
      });
  }

  private async runProcessor(
    sub: ModelSubscription,
    event: unknown,
    context: ReturnType<typeof invocationContext>,
    at: number,
    out: FunctionOutput,
  ): Promise<void> {
    const { client, table } = await this.dynamoFor();
    const config = loadConfig({ ...sub.environment, TABLE_NAME: table });
    const { logger, metrics } = capturedPowertools(
      config.serviceName,
      config.metricsNamespace,
      sub.environment.POWERTOOLS_LOG_LEVEL ?? sub.environment.LOG_LEVEL,
      out,
    );
    const handler = createProcessorHandler({
      config,
      dynamo: client,
      logger,
      metrics,
      now: () => new Date(at),
      ...(config.notifyTopicArn === undefined ? {} : { sns: recordingSns(this.model.region, out) }),
    });
    await handler(event, context);
  }

  private async runAnalytics(
    sub: ModelSubscription,
    event: unknown,
    context: ReturnType<typeof invocationContext>,
    out: FunctionOutput,
  ): Promise<void> {
    const env = { ...sub.environment };
    delete env.GEODATADIR; // the bundle's folder; locally geoip-lite reads its own package's data
    const config = loadAnalyticsConfig(env);
    const { logger, metrics } = capturedPowertools(
      config.serviceName,
      config.metricsNamespace,
      undefined,
      out,
    );
    const handler = createAnalyticsHandler({
      config,
      logger,
      metrics,
      locate,
      write: (text) => {
        for (const line of text.split("\n")) if (line !== "") out.lines.push(line);
      },
    });
    await handler(event, context);
  }

  /** Every incident stored in the replay's table; `at` is its `firstSeenAt` (the simulated clock). */
  async incidents(): Promise<ReplayIncident[]> {
    if (!this.dynamo) return [];
    const { client, table } = this.dynamo;
    const key = this.model.incidentsTable?.hashKey ?? "incidentId";
    return (await scanTable(client, table))
      .map((item) => ({
        at: Date.parse(String(item.firstSeenAt)),
        incidentId: String(item[key]),
        severity: String(item.severity ?? ""),
        logGroup: String(item.logGroup ?? ""),
        message: String(item.message ?? ""),
      }))
      .sort((a, b) => a.at - b.at || a.incidentId.localeCompare(b.incidentId));
  }
}
