/**
 * The stack model: one reading of a planned stack (an offline run of the program) that every tool
 * shares. Typed access to what obskit plans — log groups with their metric and subscription filters,
 * alarms with the metric each one watches and the filters that emit it, topics and their subscribers,
 * saved queries, dashboards, functions with their environment and the handler they run, Contributor
 * Insights rules, tables — plus every resource, typed by the table in `types.ts` or kept raw when the
 * table does not know its type. What resource inputs do not carry (a filter's samples, a function's
 * handler) comes from the components' published descriptions (`description.ts`), never from names.
 */
import { readDescription } from "./description";
import type { MockRun, PlannedResource } from "./run";
import { resourceType, TYPE, type ResourceTypeInfo } from "./types";

/** A planned resource, with its entry in the type table when the table knows its type. */
export interface ModelResource extends PlannedResource {
  /** The short kind from the type table (`logGroup`, `metricAlarm`, …); undefined for an unknown type. */
  kind: string | undefined;
  /** The type table's entry; undefined for an unknown type. */
  info: ResourceTypeInfo | undefined;
  /** The physical name (from the table's name properties, state first), when it has one. */
  physicalName: string | undefined;
}

/** A metric a filter publishes or an alarm watches: namespace, name and dimensions. */
export interface ModelMetricId {
  namespace: string;
  name: string;
  /** Dimension name → value (an alarm) or field reference (a filter). @default {} */
  dimensions: Record<string, string>;
}

export interface ModelMetricFilter {
  /** The filter's name (`LogMetricFilter.name`). */
  name: string;
  logGroupName: string;
  pattern: string;
  /** The metric it publishes. */
  metric: ModelMetricId;
  /** The metric value: a number or a field reference. */
  value: string;
  /** @default undefined */
  defaultValue?: number;
  /** @default undefined */
  unit?: string;
  /** The lines the pattern was checked with at construction. @default no lines */
  samples: { match: string[]; noMatch: string[] };
  resource: ModelResource;
}

export interface ModelFunction {
  /** The function's name. */
  name: string;
  arn: string;
  /** Planned environment variables. @default {} */
  environment: Record<string, string>;
  /**
   * The type token of the component whose handler it runs, as that component described it;
   * undefined when no component described it.
   */
  handler: string | undefined;
  /** The log group its output goes to. */
  logGroupName: string;
  resource: ModelResource;
}

export interface ModelSubscription {
  name: string;
  logGroupName: string;
  pattern: string;
  destinationArn: string;
  /** The planned function it invokes, when the destination is one. */
  function: ModelFunction | undefined;
  resource: ModelResource;
}

export interface ModelLogGroup {
  name: string;
  /** @default undefined: kept forever */
  retentionInDays?: number;
  /** @default undefined: STANDARD */
  logGroupClass?: string;
  /** @default undefined: AWS-owned key */
  kmsKeyId?: string;
  metricFilters: ModelMetricFilter[];
  subscriptions: ModelSubscription[];
  resource: ModelResource;
}

export interface ModelAlarm {
  name: string;
  /** Its key in the stack output `alarmNames`, when it has one. */
  key: string | undefined;
  /** Planned inputs, as the aws provider names them. */
  inputs: Record<string, unknown>;
  /** The metrics it watches: its own metric, or each metric of its metric-math queries. */
  watches: ModelMetricId[];
  /** Whether it is a metric-math alarm (`metricQueries`). */
  metricMath: boolean;
  /** The metric filters that emit a metric it watches. */
  fedBy: ModelMetricFilter[];
  resource: ModelResource;
}

export interface ModelCompositeAlarm {
  name: string;
  rule: string;
  inputs: Record<string, unknown>;
  resource: ModelResource;
}

export interface ModelTopic {
  arn: string;
  name: string;
  subscriptions: { protocol: string; endpoint: string }[];
  /** Undefined for a topic the stack subscribes to but does not declare. */
  resource: ModelResource | undefined;
}

export interface ModelQuery {
  name: string;
  queryString: string;
  logGroupNames: string[];
  resource: ModelResource;
}

export interface ModelDashboard {
  name: string;
  /** The dashboard body (JSON text). */
  body: string;
  resource: ModelResource;
}

export interface ModelInsightRule {
  name: string;
  enabled: boolean;
  /** The rule body (JSON text). */
  definition: string;
  resource: ModelResource;
}

export interface ModelTable {
  name: string;
  hashKey: string;
  resource: ModelResource;
}

export interface StackModel {
  project: string;
  stack: string;
  region: string;
  account: string;
  /** Stack outputs (`logGroupNames`, `alarmNames`, …). */
  outputs: Record<string, unknown>;
  /** Every planned resource, in the order the program declared them. */
  resources: ModelResource[];
  /** Resources of a kind in the type table. */
  ofKind(kind: string): ModelResource[];
  /** Resources of a type token (any type, known to the table or not). */
  ofType(token: string): ModelResource[];
  byUrn(urn: string): ModelResource | undefined;
  /** The types planned that the type table does not know, sorted. */
  unknownTypes: string[];
  logGroups: ModelLogGroup[];
  metricFilters: ModelMetricFilter[];
  subscriptions: ModelSubscription[];
  functions: ModelFunction[];
  alarms: ModelAlarm[];
  compositeAlarms: ModelCompositeAlarm[];
  topics: ModelTopic[];
  queries: ModelQuery[];
  dashboards: ModelDashboard[];
  insightRules: ModelInsightRule[];
  tables: ModelTable[];
  /** The run the model was read from. */
  run: MockRun;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function stringRecord(v: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rec(v)).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

function physicalNameOf(r: PlannedResource, info: ResourceTypeInfo | undefined): string | undefined {
  for (const p of info?.nameProperties ?? ["name"]) {
    const v = str(r.state[p]) ?? str(r.inputs[p]);
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

/** Whether a filter's metric is the metric an alarm watches: namespace, name and dimension names. */
function emits(f: ModelMetricFilter, m: ModelMetricId): boolean {
  if (f.metric.namespace !== m.namespace || f.metric.name !== m.name) return false;
  const a = Object.keys(f.metric.dimensions).sort();
  const b = Object.keys(m.dimensions).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The metrics an alarm's inputs watch. */
function watchedMetrics(i: Record<string, unknown>): ModelMetricId[] {
  if (typeof i.metricName === "string")
    return [
      { namespace: str(i.namespace) ?? "", name: i.metricName, dimensions: stringRecord(i.dimensions) },
    ];
  const out: ModelMetricId[] = [];
  for (const q of Array.isArray(i.metricQueries) ? i.metricQueries : []) {
    const metric = rec(rec(q).metric);
    if (typeof metric.metricName === "string")
      out.push({
        namespace: str(metric.namespace) ?? "",
        name: metric.metricName,
        dimensions: stringRecord(metric.dimensions),
      });
  }
  return out;
}

/** The region of a run: its `region` output, else the region of its first ARN, else us-east-1. */
function regionOf(run: MockRun): string {
  const out = str(run.outputs.region);
  if (out) return out;
  for (const r of run.resources) {
    const m = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d+):/.exec(str(r.state.arn) ?? "");
    if (m) return m[1];
  }
  return "us-east-1";
}

function accountOf(run: MockRun): string {
  for (const r of run.resources) {
    const m = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(str(r.state.arn) ?? "");
    if (m) return m[1];
  }
  return "";
}

/** Reads the stack model from an offline run of the program (`planStack(…).run`). */
export function readStack(run: MockRun): StackModel {
  const resources: ModelResource[] = run.resources.map((r) => {
    const info = resourceType(r.type);
    return { ...r, kind: info?.kind, info, physicalName: physicalNameOf(r, info) };
  });
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ofType = (token: string): ModelResource[] => resources.filter((r) => r.type === token);

  const samplesByUrn = new Map<string, { match: string[]; noMatch: string[] }>();
  const handlerByUrn = new Map<string, string>();
  for (const r of resources) {
    if (r.custom) continue;
    const d = readDescription(r.urn, r.outputs);
    for (const f of d?.filters ?? []) samplesByUrn.set(f.urn, f.samples);
    for (const f of d?.functions ?? []) handlerByUrn.set(f.urn, f.handler);
  }

  const metricFilters: ModelMetricFilter[] = ofType(TYPE.metricFilter).map((r) => {
    const i = r.inputs;
    const t = rec(i.metricTransformation);
    const defaultValue = num(t.defaultValue);
    const unit = str(t.unit);
    return {
      name: str(i.name) ?? r.name,
      logGroupName: str(i.logGroupName) ?? "",
      pattern: str(i.pattern) ?? "",
      metric: {
        namespace: str(t.namespace) ?? "",
        name: str(t.name) ?? "",
        dimensions: stringRecord(t.dimensions),
      },
      value: t.value === undefined ? "1" : String(t.value),
      ...(defaultValue === undefined ? {} : { defaultValue }),
      ...(unit === undefined ? {} : { unit }),
      samples: samplesByUrn.get(r.urn) ?? { match: [], noMatch: [] },
      resource: r,
    };
  });

  const functions: ModelFunction[] = ofType(TYPE.function).map((r) => {
    const name = str(r.state.name) ?? r.physicalName ?? r.name;
    return {
      name,
      arn: str(r.state.arn) ?? "",
      environment: stringRecord(rec(r.inputs.environment).variables),
      handler: handlerByUrn.get(r.urn),
      logGroupName: str(rec(r.inputs.loggingConfig).logGroup) ?? `/aws/lambda/${name}`,
      resource: r,
    };
  });
  const functionByArn = new Map(functions.map((f) => [f.arn, f]));

  const subscriptions: ModelSubscription[] = ofType(TYPE.subscriptionFilter).map((r) => {
    const destinationArn = str(r.inputs.destinationArn) ?? "";
    return {
      name: str(r.inputs.name) ?? r.name,
      logGroupName: str(r.inputs.logGroup) ?? "",
      pattern: str(r.inputs.filterPattern) ?? "",
      destinationArn,
      function: functionByArn.get(destinationArn.replace(/:\$LATEST$/, "")),
      resource: r,
    };
  });

  const logGroups: ModelLogGroup[] = ofType(TYPE.logGroup).map((r) => {
    const name = str(r.state.name) ?? r.physicalName ?? r.name;
    const retentionInDays = num(r.inputs.retentionInDays);
    const logGroupClass = str(r.inputs.logGroupClass);
    const kmsKeyId = str(r.inputs.kmsKeyId);
    return {
      name,
      ...(retentionInDays === undefined ? {} : { retentionInDays }),
      ...(logGroupClass === undefined ? {} : { logGroupClass }),
      ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      metricFilters: metricFilters.filter((f) => f.logGroupName === name),
      subscriptions: subscriptions.filter((s) => s.logGroupName === name),
      resource: r,
    };
  });

  const keyByAlarmName = new Map<string, string>();
  for (const [k, v] of Object.entries(rec(run.outputs.alarmNames)))
    if (typeof v === "string") keyByAlarmName.set(v, k);
  const alarms: ModelAlarm[] = ofType(TYPE.metricAlarm).map((r) => {
    const name = str(r.state.name) ?? str(r.inputs.name) ?? r.name;
    const watches = watchedMetrics(r.inputs);
    return {
      name,
      key: keyByAlarmName.get(name),
      inputs: { ...r.inputs, name },
      watches,
      metricMath: Array.isArray(r.inputs.metricQueries) && r.inputs.metricQueries.length > 0,
      fedBy: metricFilters.filter((f) => watches.some((m) => emits(f, m))),
      resource: r,
    };
  });

  const compositeAlarms: ModelCompositeAlarm[] = ofType(TYPE.compositeAlarm).map((r) => {
    const name = str(r.state.alarmName) ?? str(r.inputs.alarmName) ?? r.name;
    return {
      name,
      rule: str(r.inputs.alarmRule) ?? "",
      inputs: { ...r.inputs, alarmName: name },
      resource: r,
    };
  });

  const topics: ModelTopic[] = ofType(TYPE.topic).map((r) => ({
    arn: str(r.state.arn) ?? "",
    name: str(r.state.name) ?? r.physicalName ?? r.name,
    subscriptions: [],
    resource: r,
  }));
  const topicByArn = new Map(topics.map((t) => [t.arn, t]));
  for (const s of ofType(TYPE.topicSubscription)) {
    const arn = str(s.inputs.topic) ?? "";
    let t = topicByArn.get(arn);
    if (!t) {
      t = { arn, name: arn.split(":").pop() ?? arn, subscriptions: [], resource: undefined };
      topics.push(t);
      topicByArn.set(arn, t);
    }
    t.subscriptions.push({ protocol: str(s.inputs.protocol) ?? "", endpoint: str(s.inputs.endpoint) ?? "" });
  }

  const kinds = new Map<string, ModelResource[]>();
  for (const r of resources) {
    if (r.kind === undefined) continue;
    const list = kinds.get(r.kind);
    if (list) list.push(r);
    else kinds.set(r.kind, [r]);
  }

  return {
    project: run.project,
    stack: run.stack,
    region: regionOf(run),
    account: accountOf(run),
    outputs: run.outputs,
    resources,
    ofKind: (kind) => kinds.get(kind) ?? [],
    ofType,
    byUrn: (urn) => byUrn.get(urn),
    unknownTypes: [...new Set(resources.filter((r) => r.custom && !r.info).map((r) => r.type))].sort(),
    logGroups,
    metricFilters,
    subscriptions,
    functions,
    alarms,
    compositeAlarms,
    topics,
    queries: ofType(TYPE.queryDefinition).map((r) => ({
      name: str(r.inputs.name) ?? r.name,
      queryString: str(r.inputs.queryString) ?? "",
      logGroupNames: strings(r.inputs.logGroupNames),
      resource: r,
    })),
    dashboards: ofType(TYPE.dashboard).map((r) => ({
      name: str(r.inputs.dashboardName) ?? r.name,
      body: str(r.inputs.dashboardBody) ?? "{}",
      resource: r,
    })),
    insightRules: ofType(TYPE.insightRule).map((r) => ({
      name: str(r.inputs.ruleName) ?? r.name,
      enabled: r.inputs.ruleState !== "DISABLED",
      definition: str(r.inputs.ruleDefinition) ?? "{}",
      resource: r,
    })),
    tables: ofType(TYPE.table).map((r) => ({
      name: str(r.state.name) ?? r.physicalName ?? r.name,
      hashKey: str(r.inputs.hashKey) ?? "",
      resource: r,
    })),
    run,
  };
}
