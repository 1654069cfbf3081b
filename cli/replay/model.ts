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
import type { StackModel } from "../../model";
import { replayHandlerOf } from "./handlers";
import type { MetricId } from "./types";

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

import type { SubscriptionHandler } from "./handlers";

export type { SubscriptionHandler };

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
  /** Every planned resource (type, its kind in the type table, name, resolved inputs, mocked state), for scenarios that read the plan. */
  resources: {
    type: string;
    /** The kind in the stack model's type table; undefined for a type it does not know. */
    kind: string | undefined;
    name: string;
    inputs: Record<string, unknown>;
    state: Record<string, unknown>;
  }[];
}

const constantOf = (value: string): number | undefined =>
  /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : undefined;

/** The replay's model of a planned stack: filters compiled, subscriptions bound to the handler their function runs. */
export function replayModel(stack: StackModel): ReplayModel {
  const metricFilters: ModelMetricFilter[] = stack.metricFilters.map((f) => {
    const constant = constantOf(f.value);
    return {
      name: f.name,
      logGroup: f.logGroupName,
      matcher: compileFilterPattern(f.pattern),
      namespace: f.metric.namespace,
      metricName: f.metric.name,
      value: f.value,
      ...(constant === undefined ? {} : { constant }),
      ...(f.defaultValue === undefined ? {} : { defaultValue: f.defaultValue }),
      dimensions: { ...f.metric.dimensions },
      ...(f.unit === undefined ? {} : { unit: f.unit }),
    };
  });

  const subscriptions: ModelSubscription[] = stack.subscriptions.map((s) => ({
    name: s.name,
    logGroup: s.logGroupName,
    matcher: compileFilterPattern(s.pattern),
    destinationArn: s.destinationArn,
    handler: replayHandlerOf(s.function?.handler),
    environment: { ...(s.function?.environment ?? {}) },
    ...(s.function ? { functionLogGroup: s.function.logGroupName } : {}),
  }));

  const insightRules: ModelInsightRule[] = stack.insightRules
    .filter((r) => r.enabled)
    .map((r) => ({ name: r.name, body: JSON.parse(r.definition) as InsightRuleBody }));

  const table = stack.tables.find((t) =>
    subscriptions.some((s) => s.handler === "processor" && s.environment.TABLE_NAME === t.name),
  );

  return {
    project: stack.project,
    stack: stack.stack,
    region: stack.region,
    account: stack.account,
    logGroups: stack.logGroups.map((g) => g.name),
    metricFilters,
    subscriptions,
    alarmInputs: stack.alarms.map((a) => a.inputs),
    compositeInputs: stack.compositeAlarms.map((c) => c.inputs),
    insightRules,
    topics: stack.topics.map((t) => ({
      arn: t.arn,
      name: t.name,
      subscriptions: t.subscriptions.map((x) => ({ ...x })),
    })),
    dashboards: stack.dashboards.map((d) => ({ name: d.name, body: d.body })),
    ...(table ? { incidentsTable: { name: table.name, hashKey: table.hashKey } } : {}),
    outputs: stack.outputs,
    resources: stack.resources.map((r) => ({
      type: r.type,
      kind: r.kind,
      name: r.name,
      inputs: r.inputs,
      state: r.state,
    })),
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
