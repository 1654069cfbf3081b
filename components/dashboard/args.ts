import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { LogPipeline } from "../logPipeline";
import { Metric, type MetricProps, type Statistic } from "../metric";

/** An alarm of an AlertingPath (`alerting.alarms[key]`): metric or composite. */
export type DashboardAlarm = aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm;

/**
 * A metric on a graph: the package's {@link Metric} (a LogPipeline filter's `pipeline.metric("X")`,
 * a ProcessingPath's `metrics.X`), or plain identifiers of a native AWS metric.
 */
export type MetricInput = Metric | MetricProps;

/** One line of a graph: a metric with its own rendering, a math expression, or an alarm's metric. */
export type GraphSeries =
  | MetricInput
  | {
      /** The metric. */
      metric: MetricInput;
      /** Id used by math expressions (starts with a lowercase letter). @default none */
      id?: string;
      /** Legend label. @default the metric's label, else its name */
      label?: string;
      /** Axis the line is drawn against. @default "left" */
      yAxis?: "left" | "right";
      /** Draw the line (false: only an input of an expression). @default true */
      visible?: boolean;
      /** Line colour, `#rrggbb`. @default CloudWatch's palette */
      color?: string;
    }
  | {
      /** A metric math expression over the series ids of the widget, e.g. `100 * f / t`. */
      expression: string;
      /** Id of the expression. @default `e<position>` */
      id?: string;
      /** Legend label. */
      label: string;
      /** Axis the line is drawn against. @default "left" */
      yAxis?: "left" | "right";
    }
  | {
      /** The alarm whose metric is graphed (its namespace, name, dimensions, statistic, period). */
      alarmMetric: aws.cloudwatch.MetricAlarm;
      /** Legend label. @default the alarm's metric name */
      label?: string;
    };

/** How a metric graph is drawn. */
export type GraphView = "line" | "stackedArea" | "bar" | "pie" | "singleValue" | "gauge";
/** How a Logs Insights query widget is drawn. */
export type QueryView = "table" | "timeSeries" | "bar" | "pie";

/** Size and placement of one widget on the 24-column grid. */
export interface WidgetPlacement {
  /** Width in grid columns (1–24). @default by kind (`DASHBOARD_DEFAULTS.sizes`) */
  width?: number;
  /** Height in grid rows (1–1000). @default by kind (`DASHBOARD_DEFAULTS.sizes`) */
  height?: number;
  /** Start a new row with this widget, even if it fits on the current one. @default false */
  newRow?: boolean;
}

/** One side of a graph's y-axis. */
export interface AxisSide {
  /** Lowest value shown. @default automatic */
  min?: number;
  /** Highest value shown. @default automatic */
  max?: number;
  /** Axis label. @default none */
  label?: string;
  /** Show the unit next to the label. @default true */
  showUnits?: boolean;
}

/** The two sides of a graph's y-axis. */
export interface YAxis {
  /** Left axis. @default automatic */
  left?: AxisSide;
  /** Right axis. @default automatic */
  right?: AxisSide;
}

/** A horizontal line on a graph (an SLO target). */
export interface HorizontalLine {
  /** Where the line is drawn. */
  value: number;
  /** Its label. */
  label: string;
  /** Colour, `#rrggbb`. @default "#2ca02c" */
  color?: string;
  /** Shade the side beyond the line. @default none */
  fill?: "above" | "below";
}

/** A metric graph: line, stacked area, bar, pie, single value or gauge. */
export interface GraphWidget extends WidgetPlacement {
  kind: "graph";
  /** Title. */
  title: string;
  /** The lines: metrics, metric math expressions, alarms' metrics. */
  metrics: GraphSeries[];
  /** How it is drawn. @default "line" */
  view?: GraphView;
  /** Period in seconds (a multiple of 60). @default each metric's own period */
  period?: number;
  /** Statistic for every metric. @default each metric's own statistic */
  stat?: Statistic;
  /** Y-axis bounds and labels. Required for a gauge (`left.min` and `left.max`). @default automatic */
  yAxis?: YAxis;
  /** Threshold lines taken from these alarms (their threshold and name). @default [] */
  alarmThresholds?: aws.cloudwatch.MetricAlarm[];
  /** Other horizontal lines (an SLO target). @default [] */
  annotations?: HorizontalLine[];
  /** Show a sparkline under a single value. @default false */
  sparkline?: boolean;
}

/** A Logs Insights query widget. */
export interface QueryWidget extends WidgetPlacement {
  kind: "query";
  /** Title. */
  title: string;
  /**
   * The query: a saved query (`pipeline.queries[name]`, which names its log groups), or the query
   * text, read from the log groups of `logs`.
   */
  query: aws.cloudwatch.QueryDefinition | string;
  /** Log groups queried (pipelines or names). Required when `query` is text. @default the saved query's log groups */
  logs?: (LogPipeline | pulumi.Input<string>)[];
  /** How results are drawn. @default "table" */
  view?: QueryView;
  /** Stack the bars or areas of a time series. @default false */
  stacked?: boolean;
}

/** Alarm status widget. */
export interface AlarmStatusWidget extends WidgetPlacement {
  kind: "alarms";
  /** Title. */
  title: string;
  /** The alarms shown (`alerting.alarms[key]`). */
  alarms: DashboardAlarm[];
  /** Only alarms in these states. @default every state */
  states?: ("ALARM" | "INSUFFICIENT_DATA" | "OK")[];
  /** Order. @default "stateUpdatedTimestamp" */
  sortBy?: "default" | "stateUpdatedTimestamp" | "timestamp";
}

/** The top contributors of a Contributor Insights rule. */
export interface ContributorsWidget extends WidgetPlacement {
  kind: "contributors";
  /** Title. */
  title: string;
  /** The rule (`pipeline.contributorRules[name]`). */
  rule: aws.cloudwatch.ContributorInsightRule;
  /** How many contributors are listed. @default 10 */
  top?: number;
  /** Period in seconds. @default 60 */
  period?: number;
}

/** A markdown text widget. */
export interface TextWidget extends WidgetPlacement {
  kind: "text";
  /** Markdown. */
  markdown: string;
  /** Transparent background (a heading). @default "solid" */
  background?: "solid" | "transparent";
}

export type WidgetSpec = GraphWidget | QueryWidget | AlarmStatusWidget | ContributorsWidget | TextWidget;
export type WidgetKind = WidgetSpec["kind"];

/** A section: a markdown heading over its widgets, laid out in rows. */
export interface DashboardSection {
  /** Heading text (a `##` heading across the grid). @default no heading */
  title?: string;
  /** A line of markdown under the heading. @default none */
  description?: string;
  /** The widgets, in reading order. */
  widgets: WidgetSpec[];
}

export interface DashboardArgs {
  /** Physical dashboard name (`A-Za-z0-9-_`, ≤ 255). @default the component name */
  dashboardName?: string;
  /** The sections, top to bottom. */
  sections: DashboardSection[];
  /** Region of the metrics and queries. @default the `aws:region` of the stack */
  region?: string;
  /** Time range when the dashboard opens (`-PT3H`, `-P1D`). @default "-PT3H" */
  start?: string;
  /** `inherit`: every graph keeps its period; `auto`: periods follow the time range. @default "inherit" */
  periodOverride?: "auto" | "inherit";
}

export interface ResolvedDashboardArgs {
  dashboardName: string;
  sections: DashboardSection[];
  region: string;
  start: string;
  periodOverride: "auto" | "inherit";
}

/** The defaults of a Dashboard, written once. */
export const DASHBOARD_DEFAULTS = {
  /** Columns of CloudWatch's grid. */
  columns: 24,
  /** Rows a widget may span. */
  maxHeight: 1000,
  /** Widgets in one dashboard body. */
  maxWidgets: 500,
  /** Series in one `metrics` array. */
  maxMetricsPerWidget: 500,
  /** Alarms in one alarm status widget. */
  maxAlarmsPerWidget: 100,
  start: "-PT3H",
  periodOverride: "inherit" as const,
  /** Height of a section heading. */
  headingHeight: 1,
  /** Widget size by kind (graphs by view). */
  sizes: {
    line: { width: 8, height: 6 },
    stackedArea: { width: 8, height: 6 },
    bar: { width: 8, height: 6 },
    pie: { width: 6, height: 6 },
    singleValue: { width: 6, height: 3 },
    gauge: { width: 6, height: 6 },
    query: { width: 12, height: 6 },
    alarms: { width: 12, height: 4 },
    contributors: { width: 12, height: 6 },
    text: { width: 24, height: 2 },
  },
  graphView: "line" as GraphView,
  queryView: "table" as QueryView,
  contributorsTop: 10,
  contributorsPeriod: 60,
  alarmSortBy: "stateUpdatedTimestamp" as const,
} as const;

export type SizeKey = keyof typeof DASHBOARD_DEFAULTS.sizes;

/** The default-size key of a widget. */
export function sizeKeyOf(w: WidgetSpec): SizeKey {
  return w.kind === "graph" ? (w.view ?? DASHBOARD_DEFAULTS.graphView) : w.kind;
}

/** Reads a series' metric, when it has one. */
export function seriesMetric(s: GraphSeries): Metric | undefined {
  if (s instanceof Metric) return s;
  if ("expression" in s || "alarmMetric" in s) return undefined;
  if ("metric" in s) return s.metric instanceof Metric ? s.metric : new Metric(s.metric);
  return new Metric(s);
}

const ID = /^[a-z][a-zA-Z0-9_]*$/;
const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const START = /^(-P(T\d+[MH]|\d+[DWM]|\d+[DW]T\d+[HM])|\d{4}-\d\d-\d\dT[\d:.]+Z)$/;
/** Words of metric math that are not series ids. */
const MATH_WORDS = new Set(["and", "or", "not", "e", "pi"]);

function isInt(n: unknown, min: number, max: number): boolean {
  return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
}

/** The series ids an expression refers to (lowercase identifiers not called as functions, outside quotes). */
export function expressionIds(expression: string): string[] {
  const unquoted = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, " ");
  const ids: string[] = [];
  for (const m of unquoted.matchAll(/\b([a-z][a-zA-Z0-9_]*)\b(\s*\()?/g))
    if (!m[2] && !MATH_WORDS.has(m[1])) ids.push(m[1]);
  return ids;
}

function widgetProblems(at: string, w: WidgetSpec): string[] {
  const p: string[] = [];
  const d = DASHBOARD_DEFAULTS;
  if (w.width !== undefined && !isInt(w.width, 1, d.columns))
    p.push(`\`${at}\`: \`width\` ${String(w.width)} must be an integer from 1 to ${d.columns}.`);
  if (w.height !== undefined && !isInt(w.height, 1, d.maxHeight))
    p.push(`\`${at}\`: \`height\` ${String(w.height)} must be an integer from 1 to ${d.maxHeight}.`);
  const titled = (t: unknown) => {
    if (typeof t !== "string" || t.trim() === "") p.push(`\`${at}\`: \`title\` must be a non-empty string.`);
  };
  switch (w.kind) {
    case "graph": {
      titled(w.title);
      if (!Array.isArray(w.metrics) || w.metrics.length === 0)
        p.push(`\`${at}\` (${w.title}): \`metrics\` must list at least one metric or expression.`);
      else if (w.metrics.length > d.maxMetricsPerWidget)
        p.push(
          `\`${at}\` (${w.title}): \`metrics\` has ${w.metrics.length} series; at most ${d.maxMetricsPerWidget}.`,
        );
      const views: GraphView[] = ["line", "stackedArea", "bar", "pie", "singleValue", "gauge"];
      if (w.view !== undefined && !views.includes(w.view))
        p.push(
          `\`${at}\` (${w.title}): \`view\` ${JSON.stringify(w.view)} must be one of ${views.join(", ")}.`,
        );
      if (w.view === "gauge" && (w.yAxis?.left?.min === undefined || w.yAxis.left.max === undefined))
        p.push(`\`${at}\` (${w.title}): \`yAxis\` a gauge needs \`yAxis.left.min\` and \`yAxis.left.max\`.`);
      if (w.period !== undefined && !(isInt(w.period, 60, 31536000) && w.period % 60 === 0))
        p.push(`\`${at}\` (${w.title}): \`period\` ${String(w.period)} must be a multiple of 60 seconds.`);
      const ids = new Set<string>();
      (w.metrics ?? []).forEach((s, i) => {
        const id = s instanceof Metric ? undefined : "id" in s ? s.id : undefined;
        if (id === undefined) return;
        if (!ID.test(id))
          p.push(
            `\`${at}.metrics[${i}]\` (${w.title}): \`id\` ${JSON.stringify(id)} must start with a lowercase letter (a-z, 0-9, _).`,
          );
        if (ids.has(id))
          p.push(`\`${at}.metrics[${i}]\` (${w.title}): \`id\` ${JSON.stringify(id)} is used twice.`);
        ids.add(id);
      });
      (w.metrics ?? []).forEach((s, i) => {
        if (s instanceof Metric || !("expression" in s)) return;
        if (typeof s.expression !== "string" || s.expression.trim() === "") {
          p.push(`\`${at}.metrics[${i}]\` (${w.title}): \`expression\` must be non-empty.`);
          return;
        }
        if (/^\s*(SEARCH|SELECT)\b/i.test(s.expression)) return;
        for (const ref of expressionIds(s.expression))
          if (!ids.has(ref))
            p.push(
              `\`${at}.metrics[${i}]\` (${w.title}): \`expression\` refers to ${JSON.stringify(ref)}, which no series of the widget has as \`id\` (known: ${[...ids].join(", ") || "none"}).`,
            );
      });
      break;
    }
    case "query":
      titled(w.title);
      if (typeof w.query === "string") {
        if (w.query.trim() === "") p.push(`\`${at}\` (${w.title}): \`query\` must be non-empty.`);
        if (!w.logs || w.logs.length === 0)
          p.push(
            `\`${at}\` (${w.title}): \`logs\` a query widget must name at least one log group (a LogPipeline or a name).`,
          );
      }
      if (w.view !== undefined && !["table", "timeSeries", "bar", "pie"].includes(w.view))
        p.push(
          `\`${at}\` (${w.title}): \`view\` ${JSON.stringify(w.view)} must be table, timeSeries, bar or pie.`,
        );
      break;
    case "alarms":
      titled(w.title);
      if (!Array.isArray(w.alarms) || w.alarms.length === 0)
        p.push(`\`${at}\` (${w.title}): \`alarms\` must list at least one alarm (from the AlertingPath).`);
      else if (w.alarms.length > d.maxAlarmsPerWidget)
        p.push(
          `\`${at}\` (${w.title}): \`alarms\` lists ${w.alarms.length}; at most ${d.maxAlarmsPerWidget}.`,
        );
      break;
    case "contributors":
      titled(w.title);
      if (w.top !== undefined && !isInt(w.top, 1, 100))
        p.push(`\`${at}\` (${w.title}): \`top\` ${String(w.top)} must be an integer from 1 to 100.`);
      break;
    case "text":
      if (typeof w.markdown !== "string" || w.markdown.trim() === "")
        p.push(`\`${at}\`: \`markdown\` must be non-empty.`);
      break;
    default:
      p.push(
        `\`${at}\`: \`kind\` ${JSON.stringify((w as { kind: unknown }).kind)} is not a widget kind (graph, query, alarms, contributors, text).`,
      );
  }
  return p;
}

/** Every problem of the arguments, each naming the field, the value and the fix. */
export function validateDashboardArgs(args: DashboardArgs): string[] {
  const p: string[] = [];
  if (args.dashboardName !== undefined && !NAME.test(args.dashboardName))
    p.push(
      `\`dashboardName\` ${JSON.stringify(args.dashboardName)} must be 1–255 characters of A-Z, a-z, 0-9, - and _.`,
    );
  if (args.start !== undefined && !START.test(args.start))
    p.push(
      `\`start\` ${JSON.stringify(args.start)} must be a relative range like -PT3H or -P7D, or an ISO 8601 time.`,
    );
  if (args.periodOverride !== undefined && !["auto", "inherit"].includes(args.periodOverride))
    p.push(`\`periodOverride\` ${JSON.stringify(args.periodOverride)} must be "auto" or "inherit".`);
  if (!Array.isArray(args.sections) || args.sections.length === 0) {
    p.push("`sections` must list at least one section of widgets.");
    return p;
  }
  let count = 0;
  args.sections.forEach((s, i) => {
    if (!Array.isArray(s.widgets) || s.widgets.length === 0)
      p.push(`\`sections[${i}]\` (${s.title ?? "untitled"}): \`widgets\` must list at least one widget.`);
    (s.widgets ?? []).forEach((w, j) => p.push(...widgetProblems(`sections[${i}].widgets[${j}]`, w)));
    count += (s.widgets ?? []).length + (s.title ? 1 : 0);
  });
  if (count > DASHBOARD_DEFAULTS.maxWidgets)
    p.push(
      `\`sections\` hold ${count} widgets (headings included); a dashboard has at most ${DASHBOARD_DEFAULTS.maxWidgets}: split it.`,
    );
  return p;
}

/** Applies the defaults (`region` is the stack's, passed by the component). */
export function resolveDashboardArgs(
  name: string,
  args: DashboardArgs,
  stackRegion: string,
): ResolvedDashboardArgs {
  return {
    dashboardName: args.dashboardName ?? name,
    sections: args.sections,
    region: args.region ?? stackRegion,
    start: args.start ?? DASHBOARD_DEFAULTS.start,
    periodOverride: args.periodOverride ?? DASHBOARD_DEFAULTS.periodOverride,
  };
}
