/**
 * The replay's model of a stack, read from the same offline run as `obskit plan` (nothing retyped):
 * log groups, metric filters compiled with the package's filter-pattern engine, subscription filters
 * and the function each one invokes (with its planned environment), alarms and composite alarms (their
 * planned inputs), Contributor Insights rules, topics and their subscriptions, dashboards, the
 * incidents table, and the stack outputs.
 */
import type { Statistic } from "../../engines/alarmEvaluation";
import { metricKey } from "../../components/dashboard/body";
import { compileFilterPattern, type FilterMatcher } from "../../components/filterPattern";
import type { MockRun, PlannedResource } from "../plan/mockRuntime";
import { FAKE_ACCOUNT } from "../plan/mockRuntime";
import type { MetricId } from "./types";

const T = {
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  subscriptionFilter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  insightRule: "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
  topic: "aws:sns/topic:Topic",
  topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  lambda: "aws:lambda/function:Function",
  table: "aws:dynamodb/table:Table",
} as const;

/** One metric filter, compiled. */
export interface ModelMetricFilter {
  name: string;
  logGroup: string;
  matcher: FilterMatcher;
  namespace: string;
  metricName: string;
  /** `metricValue`: a number or a field reference. */
  value: string;
  /** The constant value when `value` is a number (the common `"1"`), else undefined. */
  constant?: number;
  /** @default undefined */
  defaultValue?: number;
  /** Dimension name → field reference. @default {} */
  dimensions: Record<string, string>;
  /** @default undefined */
  unit?: string;
}

/** The function a subscription filter invokes, and how the replay runs it. */
export type SubscriptionHandler = "processor" | "cafe-analytics" | "none";

/** One subscription filter and its destination. */
export interface ModelSubscription {
  name: string;
  logGroup: string;
  matcher: FilterMatcher;
  destinationArn: string;
  handler: SubscriptionHandler;
  /** The destination function's planned environment variables. @default {} */
  environment: Record<string, string>;
  /** The destination function's own log group (where its output lands). @default undefined */
  functionLogGroup?: string;
}

/** A Contributor Insights rule with its parsed body. */
export interface ModelInsightRule {
  name: string;
  /** The rule body (`ruleDefinition`) as parsed JSON. */
  body: InsightRuleBody;
}

/** The parts of a Contributor Insights rule body (CloudWatchLogRule schema, version 1) evaluated. */
export interface InsightRuleBody {
  Schema?: { Name?: string; Version?: number };
  LogGroupNames: string[];
  LogFormat: "JSON" | "CLF";
  /** CLF only: field positions (1-based) → names. */
  Fields?: Record<string, string>;
  Contents: {
    Keys: string[];
    ValueOf?: string;
    Filters?: InsightFilter[];
  };
  AggregateOn: "Count" | "Sum";
}

/** One filter of a rule body (`Match` and one operator). */
export interface InsightFilter {
  Match: string;
  In?: (string | number)[];
  NotIn?: (string | number)[];
  StartsWith?: string[];
  GreaterThan?: number;
  LessThan?: number;
  EqualTo?: number;
  NotEqualTo?: number;
  IsPresent?: boolean;
}

export interface ModelTopic {
  arn: string;
  name: string;
  subscriptions: { protocol: string; endpoint: string }[];
}

export interface ReplayModel {
  project: string;
  stack: string;
  region: string;
  account: string;
  logGroups: string[];
  metricFilters: ModelMetricFilter[];
  subscriptions: ModelSubscription[];
  /** Planned inputs of every `aws:cloudwatch/metricAlarm:MetricAlarm`, as the aws provider names them. */
  alarmInputs: Record<string, unknown>[];
  /** Planned inputs of every `aws:cloudwatch/compositeAlarm:CompositeAlarm`. */
  compositeInputs: Record<string, unknown>[];
  insightRules: ModelInsightRule[];
  topics: ModelTopic[];
  dashboards: { name: string; body: string }[];
  /** The processor's incidents table: name and partition key, when the stack has one. @default undefined */
  incidentsTable?: { name: string; hashKey: string };
  /** Stack outputs (`logGroupNames`, `alarmNames`, …). */
  outputs: Record<string, unknown>;
  /** Every planned resource (type, name, resolved inputs, mocked state), for scenarios that read the plan. */
  resources: {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    state: Record<string, unknown>;
  }[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function numberOrUndefined(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Which handler code a function runs, from the component that declares it. */
function handlerOf(fn: PlannedResource, byUrn: Map<string, PlannedResource>): SubscriptionHandler {
  for (let p = fn.parent; p !== undefined; p = byUrn.get(p)?.parent) {
    const t = byUrn.get(p)?.type;
    if (t === "obskit:index:ProcessingPath") return "processor";
    if (t === "obskit:apps:CafeAnalytics") return "cafe-analytics";
  }
  return "none";
}

/** Builds the model from an offline run of the stack (`planStack(…).run`). */
export function buildModel(run: MockRun): ReplayModel {
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const of = (type: string) => run.resources.filter((r) => r.type === type);
  const region =
    str((run.outputs as { region?: unknown }).region) ??
    /arn:aws:logs:([a-z0-9-]+):/.exec(JSON.stringify(run.outputs))?.[1] ??
    "us-east-1";

  const metricFilters: ModelMetricFilter[] = of(T.metricFilter).map((r) => {
    const i = r.inputs;
    const t = (i.metricTransformation ?? {}) as Record<string, unknown>;
    const value = String(t.value);
    const constant = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)
      ? Number(value)
      : undefined;
    return {
      name: String(i.name ?? r.name),
      logGroup: String(i.logGroupName),
      matcher: compileFilterPattern(String(i.pattern ?? "")),
      namespace: String(t.namespace),
      metricName: String(t.name),
      value,
      ...(constant === undefined ? {} : { constant }),
      ...(numberOrUndefined(t.defaultValue) === undefined
        ? {}
        : { defaultValue: numberOrUndefined(t.defaultValue) }),
      dimensions: (t.dimensions ?? {}) as Record<string, string>,
      ...(str(t.unit) === undefined ? {} : { unit: str(t.unit) }),
    };
  });

  const functions = new Map<string, PlannedResource>();
  for (const f of of(T.lambda)) {
    const arn = str(f.state.arn);
    if (arn) functions.set(arn, f);
  }
  const subscriptions: ModelSubscription[] = of(T.subscriptionFilter).map((r) => {
    const i = r.inputs;
    const destinationArn = String(i.destinationArn);
    const fn = functions.get(destinationArn.replace(/:\$LATEST$/, ""));
    const env = ((fn?.inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ??
      {}) as Record<string, string>;
    const fnLogGroup = str((fn?.inputs.loggingConfig as { logGroup?: unknown } | undefined)?.logGroup);
    return {
      name: String(i.name ?? r.name),
      logGroup: String(i.logGroup),
      matcher: compileFilterPattern(String(i.filterPattern ?? "")),
      destinationArn,
      handler: fn ? handlerOf(fn, byUrn) : "none",
      environment: { ...env },
      ...(fnLogGroup === undefined
        ? fn
          ? { functionLogGroup: `/aws/lambda/${String(fn.state.name)}` }
          : {}
        : { functionLogGroup: fnLogGroup }),
    };
  });

  const insightRules: ModelInsightRule[] = of(T.insightRule)
    .filter((r) => r.inputs.ruleState !== "DISABLED")
    .map((r) => ({
      name: String(r.inputs.ruleName),
      body: JSON.parse(String(r.inputs.ruleDefinition)) as InsightRuleBody,
    }));

  const topics: ModelTopic[] = of(T.topic).map((r) => ({
    arn: String(r.state.arn),
    name: String(r.state.name),
    subscriptions: [],
  }));
  const topicByArn = new Map(topics.map((t) => [t.arn, t]));
  for (const s of of(T.topicSubscription)) {
    const arn = String(s.inputs.topic);
    let t = topicByArn.get(arn);
    if (!t) {
      t = { arn, name: arn.split(":").pop() ?? arn, subscriptions: [] };
      topics.push(t);
      topicByArn.set(arn, t);
    }
    t.subscriptions.push({ protocol: String(s.inputs.protocol), endpoint: String(s.inputs.endpoint) });
  }

  const table = run.resources.find(
    (r) =>
      r.type === T.table &&
      subscriptions.some((s) => s.handler === "processor" && s.environment.TABLE_NAME === r.state.name),
  );

  return {
    project: run.project,
    stack: run.stack,
    region,
    account: FAKE_ACCOUNT,
    logGroups: of(T.logGroup).map((r) => String(r.state.name)),
    metricFilters,
    subscriptions,
    alarmInputs: of(T.metricAlarm).map((r) => ({ ...r.inputs, name: r.state.name ?? r.inputs.name })),
    compositeInputs: of(T.compositeAlarm).map((r) => ({
      ...r.inputs,
      alarmName: r.state.alarmName ?? r.inputs.alarmName,
    })),
    insightRules,
    topics,
    dashboards: of(T.dashboard).map((r) => ({
      name: String(r.inputs.dashboardName),
      body: String(r.inputs.dashboardBody),
    })),
    ...(table
      ? { incidentsTable: { name: String(table.state.name), hashKey: String(table.inputs.hashKey) } }
      : {}),
    outputs: run.outputs,
    resources: run.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, state: r.state })),
  };
}

/** The metrics the stack's dashboards graph, once per statistic they graph it with (`statKey`: its `metricKey` with the statistic). */
export function dashboardMetrics(
  model: ReplayModel,
): { metric: MetricId; stat: Statistic; key: string; statKey: string }[] {
  const out = new Map<string, { metric: MetricId; stat: Statistic; key: string; statKey: string }>();
  for (const d of model.dashboards) {
    const body = JSON.parse(d.body) as { widgets?: { properties?: Record<string, unknown> }[] };
    for (const w of body.widgets ?? []) {
      const metrics = w.properties?.metrics;
      if (!Array.isArray(metrics)) continue;
      let previous: string[] = [];
      for (const row of metrics as unknown[][]) {
        if (!Array.isArray(row)) continue;
        const last = row[row.length - 1];
        const o = (last !== null && typeof last === "object" ? last : {}) as Record<string, unknown>;
        if (typeof o.expression === "string") continue;
        const strings = row
          .filter((x): x is string => typeof x === "string")
          .map((s, i) => (s === "." ? (previous[i] ?? s) : s));
        previous = strings;
        if (strings.length < 2) continue;
        const dimensions: Record<string, string> = {};
        for (let i = 2; i + 1 < strings.length; i += 2) dimensions[strings[i]] = strings[i + 1];
        const key = metricKey(strings[0], strings[1], dimensions);
        const stat =
          (typeof o.stat === "string" ? o.stat : (w.properties?.stat as string | undefined)) ?? "Average";
        const statKey = metricKey(strings[0], strings[1], dimensions, stat);
        if (!out.has(statKey))
          out.set(statKey, {
            metric: { namespace: strings[0], name: strings[1], dimensions },
            stat: stat as Statistic,
            key,
            statKey,
          });
      }
    }
  }
  return [...out.values()];
}
