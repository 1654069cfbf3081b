import * as pulumi from "@pulumi/pulumi";
import { Metric, toMetric, type MetricData } from "../metric";
import {
  DASHBOARD_DEFAULTS,
  type AlarmStatusWidget,
  type AxisSide,
  type ContributorsWidget,
  type GraphSeries,
  type GraphWidget,
  type LogGroupRef,
  type QueryWidget,
  type TextWidget,
  type WidgetSpec,
  type YAxis,
} from "./args";
import type { PlacedWidget } from "./layout";

/**
 * The key a metric's datapoints have in preview data: `Namespace/Name` and, when it has
 * dimensions, `{Dim=Value,…}` sorted by dimension name; with a statistic, `@<statistic>` after it
 * (`SmartOrders/ProcessingTime@p99`): the datapoints of that statistic only. `renderPreview` reads
 * a series drawn with a statistic by its key with that statistic, else by the plain key.
 */
export function metricKey(
  namespace: string,
  name: string,
  dimensions: Record<string, string> = {},
  statistic?: string,
): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k]}`);
  return `${namespace}/${name}${dims.length > 0 ? `{${dims.join(",")}}` : ""}${statistic === undefined ? "" : `@${statistic}`}`;
}

const VIEW: Record<NonNullable<GraphWidget["view"]>, { view: string; stacked?: boolean }> = {
  line: { view: "timeSeries", stacked: false },
  stackedArea: { view: "timeSeries", stacked: true },
  bar: { view: "bar" },
  pie: { view: "pie" },
  singleValue: { view: "singleValue" },
  gauge: { view: "gauge" },
};

/** CloudWatch's colour for an alarm threshold line. */
export const THRESHOLD_COLOR = "#d62728";

function metricRow(
  m: Metric,
  w: GraphWidget,
  extra: { id?: string; label?: string; yAxis?: string; visible?: boolean; color?: string } = {},
): pulumi.Input<unknown>[] {
  const dims = byKey(m.dimensions).flatMap(([k, v]) => [k, v]);
  const options: Record<string, unknown> = {};
  if (w.stat === undefined) options.stat = m.statistic;
  if (w.period === undefined) options.period = m.periodSeconds;
  const label = extra.label ?? m.label;
  if (label !== undefined) options.label = label;
  if (extra.id !== undefined) options.id = extra.id;
  if (extra.yAxis !== undefined) options.yAxis = extra.yAxis;
  if (extra.visible === false) options.visible = false;
  if (extra.color !== undefined) options.color = extra.color;
  return [m.namespace, m.name, ...dims, options];
}

/*
 * The body does not depend on the order of the keys of the objects given (dimensions, axes, lines):
 * args from another language arrive with their keys sorted, and must give the same body.
 */

/** Entries sorted by key. */
function byKey<T>(o: Record<string, T>): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function axisSideOf(a: AxisSide): AxisSide {
  const o: AxisSide = {};
  if (a.min !== undefined) o.min = a.min;
  if (a.max !== undefined) o.max = a.max;
  if (a.label !== undefined) o.label = a.label;
  if (a.showUnits !== undefined) o.showUnits = a.showUnits;
  return o;
}

function yAxisOf(y: YAxis): YAxis {
  return {
    ...(y.left !== undefined ? { left: axisSideOf(y.left) } : {}),
    ...(y.right !== undefined ? { right: axisSideOf(y.right) } : {}),
  };
}

// the widgets and series are validated (validateDashboardArgs): each has the fields of its kind or form
function seriesRow(s: GraphSeries, w: GraphWidget, i: number): pulumi.Input<unknown> {
  if (s.expression !== undefined) {
    const o: Record<string, unknown> = { expression: s.expression, label: s.label, id: s.id ?? `e${i}` };
    if (s.yAxis) o.yAxis = s.yAxis;
    return [o];
  }
  if (s.alarmMetric !== undefined) {
    const a = s.alarmMetric;
    return pulumi
      .all([a.name, a.namespace, a.metricName, a.dimensions, a.statistic, a.extendedStatistic, a.period])
      .apply(([alarm, ns, name, dims, stat, ext, period]) => {
        if (!ns || !name)
          throw new Error(
            `Dashboard: alarm ${alarm} watches a metric query, not one metric; graph its metrics instead.`,
          );
        const options: Record<string, unknown> = { label: s.label ?? name };
        if (w.stat === undefined) options.stat = ext ?? stat ?? "Average";
        if (w.period === undefined && period) options.period = period;
        return [ns, name, ...byKey(dims ?? {}).flatMap(([k, v]) => [k, v]), options];
      });
  }
  // `metric` with this series' rendering, or a metric given inline (a Metric is one)
  const m = toMetric(s.metric ?? (s as MetricData));
  return metricRow(m, w, s instanceof Metric ? {} : s);
}

function graphProperties(w: GraphWidget, region: string): Record<string, pulumi.Input<unknown>> {
  const v = VIEW[w.view ?? DASHBOARD_DEFAULTS.graphView];
  const p: Record<string, pulumi.Input<unknown>> = {
    title: w.title,
    region,
    view: v.view,
    metrics: w.metrics.map((s, i) => seriesRow(s, w, i)),
  };
  if (v.stacked !== undefined) p.stacked = v.stacked;
  if (w.stat !== undefined) p.stat = w.stat;
  if (w.period !== undefined) p.period = w.period;
  if (w.yAxis !== undefined) p.yAxis = yAxisOf(w.yAxis);
  if (w.view === "singleValue") p.sparkline = w.sparkline ?? false;
  const fixed = (w.annotations ?? []).map((a) => ({
    value: a.value,
    label: a.label,
    ...(a.fill !== undefined ? { fill: a.fill } : {}),
    color: a.color ?? "#2ca02c",
  }));
  const fromAlarms = (w.alarmThresholds ?? []).map((a) =>
    pulumi
      .all([a.name, a.threshold])
      .apply(([name, value]) => ({ label: name, value, color: THRESHOLD_COLOR })),
  );
  if (fixed.length + fromAlarms.length > 0)
    p.annotations = pulumi.all(fromAlarms).apply((lines) => ({
      horizontal: [...lines.filter((l) => typeof l.value === "number"), ...fixed],
    }));
  return p;
}

function queryText(w: QueryWidget): pulumi.Output<string> {
  const sources = (groups: string[]) => groups.map((g) => `SOURCE '${g}'`).join(" | ");
  if (w.query !== undefined) {
    const q = w.query;
    const groups = w.logs ? pulumi.all(w.logs.map(groupName)) : q.logGroupNames.apply((g) => g ?? []);
    return pulumi.all([groups, q.queryString]).apply(([g, text]) => `${sources(g)} | ${text}`);
  }
  const text = w.queryString ?? "";
  return pulumi.all((w.logs ?? []).map(groupName)).apply((g) => `${sources(g)} | ${text}`);
}

function groupName(l: LogGroupRef): pulumi.Input<string> {
  return l.logGroupName;
}

function properties(w: WidgetSpec, region: string): Record<string, pulumi.Input<unknown>> {
  switch (w.kind) {
    case "graph":
      return graphProperties(w as GraphWidget, region);
    case "query":
      return queryProperties(w as QueryWidget, region);
    case "alarms":
      return alarmProperties(w as AlarmStatusWidget);
    case "contributors":
      return contributorProperties(w as ContributorsWidget, region);
    case "text":
      return textProperties(w as TextWidget);
  }
}

function queryProperties(w: QueryWidget, region: string): Record<string, pulumi.Input<unknown>> {
  return {
    title: w.title,
    region,
    query: queryText(w),
    view: w.view ?? DASHBOARD_DEFAULTS.queryView,
    ...(w.stacked !== undefined ? { stacked: w.stacked } : {}),
  };
}

function alarmProperties(w: AlarmStatusWidget): Record<string, pulumi.Input<unknown>> {
  return {
    title: w.title,
    alarms: w.alarms.map((a) => a.arn),
    sortBy: w.sortBy ?? DASHBOARD_DEFAULTS.alarmSortBy,
    ...(w.states ? { states: w.states } : {}),
  };
}

function contributorProperties(w: ContributorsWidget, region: string): Record<string, pulumi.Input<unknown>> {
  return {
    title: w.title,
    region,
    view: "timeSeries",
    stacked: false,
    period: w.period ?? DASHBOARD_DEFAULTS.contributorsPeriod,
    insightRule: {
      ruleName: w.rule.ruleName,
      maxContributorCount: w.top ?? DASHBOARD_DEFAULTS.contributorsTop,
      orderBy: "Sum",
    },
    legend: { position: "bottom" },
  };
}

function textProperties(w: TextWidget): Record<string, pulumi.Input<unknown>> {
  return { markdown: w.markdown, background: w.background ?? "solid" };
}

const TYPE: Record<WidgetSpec["kind"], string> = {
  graph: "metric",
  query: "log",
  alarms: "alarm",
  contributors: "metric",
  text: "text",
};

/** The dashboard body of laid-out widgets, its leaves still Pulumi inputs (ARNs, names). */
export function bodyOf(
  placed: PlacedWidget[],
  opts: { region: string; start: string; periodOverride: string },
): pulumi.Output<unknown> {
  return pulumi.output({
    start: opts.start,
    periodOverride: opts.periodOverride,
    widgets: placed.map((p) => ({
      type: TYPE[p.widget.kind],
      x: p.box.x,
      y: p.box.y,
      width: p.box.width,
      height: p.box.height,
      properties: properties(p.widget, opts.region),
    })),
  });
}
