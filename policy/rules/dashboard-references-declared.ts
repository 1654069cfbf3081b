import { TYPE } from "../../model/types";
import { metricRowsOf } from "../../components/dashboard/metricRows";
import { BUCKET_TYPES, filterMetrics, taggedEmits } from "../resources";
import type { ResourceView, StackRule } from "../types";

/**
 * Native AWS metric dimensions and the resources (type, identifying property) they name. A
 * dimension not listed here is accepted when its value is the `name` of any resource of the stack.
 */
const NATIVE_DIMENSIONS: Record<string, { types: string[]; prop: string }> = {
  QueueName: { types: [TYPE.queue], prop: "name" },
  FunctionName: { types: [TYPE.function], prop: "name" },
  TableName: { types: [TYPE.table], prop: "name" },
  LogGroupName: { types: [TYPE.logGroup], prop: "name" },
  TopicName: { types: [TYPE.topic], prop: "name" },
  ClusterName: { types: ["aws:ecs/cluster:Cluster"], prop: "name" },
  ServiceName: { types: ["aws:ecs/service:Service"], prop: "name" },
  LoadBalancer: { types: ["aws:lb/loadBalancer:LoadBalancer"], prop: "arnSuffix" },
  TargetGroup: { types: ["aws:lb/targetGroup:TargetGroup"], prop: "arnSuffix" },
  BucketName: { types: [...BUCKET_TYPES], prop: "bucket" },
  DistributionId: { types: ["aws:cloudfront/distribution:Distribution"], prop: "id" },
  RuleName: { types: ["aws:cloudwatch/eventRule:EventRule"], prop: "name" },
};

/** `namespace|dim=value,…` (dimensions sorted): one resource's metrics in one namespace. */
const resourceKey = (namespace: string, dims: [string, string][]): string =>
  `${namespace}|${[...dims]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(",")}`;

/** What a stack declares that a dashboard may show. */
interface Declared {
  /** `Namespace/Name` of every custom metric a metric filter or an obskit:emits resource publishes. */
  metrics: Set<string>;
  logGroups: Set<string>;
  alarms: Set<string>;
  rules: Set<string>;
  /** `type|prop|value` of every resource identifier a native dimension may name. */
  identifiers: Set<string>;
  names: Set<string>;
  /**
   * {@link resourceKey} of every native metric an alarm of the stack watches: a resource deployed
   * elsewhere that the stack monitors (the platform monitoring module's functions, API, DMS task, named in the config).
   */
  monitored: Set<string>;
}

function declaredBy(resources: ResourceView[]): Declared {
  const d: Declared = {
    metrics: new Set(),
    logGroups: new Set(),
    alarms: new Set(),
    rules: new Set(),
    identifiers: new Set(),
    names: new Set(),
    monitored: new Set(),
  };
  for (const r of resources) {
    const p = r.props;
    if (r.type === TYPE.metricFilter) for (const m of filterMetrics(r)) d.metrics.add(m);
    for (const m of taggedEmits(r)) d.metrics.add(m);
    if (r.type === TYPE.logGroup && typeof p.name === "string") d.logGroups.add(p.name);
    if (r.type === TYPE.metricAlarm) {
      if (typeof p.name === "string") d.alarms.add(p.name);
      const queries = (p.metricQueries ?? []) as { metric?: { namespace?: unknown; dimensions?: unknown } }[];
      for (const m of [p, ...queries.map((q) => q.metric ?? {})]) {
        const dims = (m.dimensions ?? {}) as Record<string, unknown>;
        if (typeof m.namespace === "string" && m.namespace.startsWith("AWS/") && Object.keys(dims).length > 0)
          d.monitored.add(
            resourceKey(
              m.namespace,
              Object.entries(dims).map(([k, v]) => [k, String(v)]),
            ),
          );
      }
    }
    if (r.type === TYPE.compositeAlarm && typeof p.alarmName === "string") d.alarms.add(p.alarmName);
    if (r.type === TYPE.insightRule && typeof p.ruleName === "string") d.rules.add(p.ruleName);
    for (const spec of Object.values(NATIVE_DIMENSIONS))
      if (spec.types.includes(r.type) && typeof p[spec.prop] === "string")
        d.identifiers.add(`${spec.prop}|${String(p[spec.prop])}`);
    if (typeof p.name === "string") d.names.add(p.name);
  }
  return d;
}

interface Widget {
  type?: string;
  properties?: Record<string, unknown>;
}

/** The alarm name in an alarm ARN (`arn:aws:cloudwatch:r:acct:alarm:NAME`). */
const alarmNameOf = (arn: string) => /:alarm:(.+)$/.exec(arn)?.[1] ?? arn;

/** The metrics of a `metrics` array as `[namespace, name, dimensions]`, `"."` repeats resolved. */
function metricsOf(metrics: unknown): { namespace: string; name: string; dims: [string, string][] }[] {
  return metricRowsOf(metrics)
    .filter((r) => r.strings.length >= 2)
    .map(({ strings: s }) => {
      const dims: [string, string][] = [];
      for (let i = 2; i + 1 < s.length; i += 2) dims.push([s[i], s[i + 1]]);
      return { namespace: s[0], name: s[1], dims };
    });
}

/** Namespaces a SEARCH or Metrics Insights expression reads. */
function expressionNamespaces(expression: string): string[] {
  const out: string[] = [];
  for (const m of expression.matchAll(/\{\s*"?([^,"}]+)"?\s*[,}]/g)) out.push(m[1].trim());
  for (const m of expression.matchAll(/\bFROM\s+(?:SCHEMA\(\s*)?"?([A-Za-z0-9/_.#:-]+)"?/gi)) out.push(m[1]);
  return out;
}

function problemsOf(widget: Widget, d: Declared): string[] {
  const p = widget.properties ?? {};
  const out: string[] = [];
  const metricProblem = (namespace: string, name: string, dims: [string, string][]): string | undefined => {
    const key = `${namespace}/${name}`;
    if (!namespace.startsWith("AWS/"))
      return d.metrics.has(key)
        ? undefined
        : `metric ${key}, which no metric filter or obskit:emits resource of this stack publishes`;
    if (dims.length === 0) return `native metric ${key} without a dimension naming a resource of this stack`;
    // a resource deployed elsewhere that an alarm of the stack watches (same namespace, same dimensions)
    if (d.monitored.has(resourceKey(namespace, dims))) return undefined;
    for (const [dim, value] of dims) {
      const spec = NATIVE_DIMENSIONS[dim];
      const known = spec ? d.identifiers.has(`${spec.prop}|${value}`) : d.names.has(value);
      if (!known)
        return `native metric ${key} of ${dim}=${value}, which is no resource of this stack nor watched by an alarm of it`;
    }
    return undefined;
  };
  if (widget.type === "metric") {
    for (const m of metricsOf(p.metrics)) {
      const problem = metricProblem(m.namespace, m.name, m.dims);
      if (problem) out.push(`shows ${problem}`);
    }
    for (const { expression } of metricRowsOf(p.metrics)) {
      if (expression === undefined) continue;
      for (const ns of expressionNamespaces(expression))
        if (!ns.startsWith("AWS/") && ![...d.metrics].some((k) => k.startsWith(`${ns}/`)))
          out.push(`searches the namespace ${ns}, in which this stack publishes no metric`);
    }
    const annotations = p.annotations as { alarms?: unknown[] } | undefined;
    for (const arn of annotations?.alarms ?? [])
      if (typeof arn === "string" && !d.alarms.has(alarmNameOf(arn)))
        out.push(`annotates alarm ${arn}, which is no alarm of this stack`);
    const rule = (p.insightRule as { ruleName?: unknown } | undefined)?.ruleName;
    if (typeof rule === "string" && !d.rules.has(rule))
      out.push(`shows Contributor Insights rule ${rule}, which is no rule of this stack`);
  }
  if (widget.type === "log" && typeof p.query === "string") {
    const sources = [...p.query.matchAll(/SOURCE\s+'([^']+)'/g)].map((m) => m[1]);
    for (const g of sources)
      if (!d.logGroups.has(g)) out.push(`queries log group ${g}, which is no log group of this stack`);
  }
  if (widget.type === "alarm")
    for (const arn of Array.isArray(p.alarms) ? p.alarms : [])
      if (typeof arn === "string" && !d.alarms.has(alarmNameOf(arn)))
        out.push(`shows alarm ${arn}, which is no alarm of this stack`);
  return out;
}

/**
 * Every metric, log group, alarm and Contributor Insights rule a dashboard shows is declared by the
 * stack (a metric filter or an obskit:emits resource publishes the metric; the log group, alarm or
 * rule is a resource of the stack), or is a native AWS metric whose dimensions name resources the
 * stack declares, or name a resource the stack monitors: one whose metrics in that namespace, with
 * exactly those dimensions, an alarm of the stack watches (the platform monitoring module's Lambda functions, API stage
 * and DMS task are deployed elsewhere; the config names them and the stack alarms on them, so their
 * other metrics may be graphed). A dashboard that shows something else shows a flat line nobody owns.
 */
export const dashboardReferencesDeclared: StackRule = {
  kind: "stack",
  name: "dashboard-references-declared",
  description:
    "Every metric, log group and alarm a dashboard shows is declared by the stack, or is a native AWS metric of a resource the stack declares or watches with an alarm.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const dashboards = resources.filter((r) => r.type === TYPE.dashboard);
    if (dashboards.length === 0) return [];
    const declared = declaredBy(resources);
    const out: { urn: string; message: string }[] = [];
    for (const dash of dashboards) {
      // unknown until deployed (a preview of a new stack): nothing to check yet
      if (typeof dash.props.dashboardBody !== "string") continue;
      const name = String(dash.props.dashboardName ?? dash.name);
      let body: { widgets?: Widget[] };
      try {
        body = JSON.parse(dash.props.dashboardBody) as { widgets?: Widget[] };
      } catch {
        out.push({ urn: dash.urn, message: `dashboard ${name}: the body is not valid JSON.` });
        continue;
      }
      (body.widgets ?? []).forEach((w, i) => {
        const title = typeof w.properties?.title === "string" ? ` "${w.properties.title}"` : "";
        for (const problem of problemsOf(w, declared))
          out.push({ urn: dash.urn, message: `dashboard ${name}, widget ${i}${title}: ${problem}.` });
      });
    }
    return out;
  },
};
