import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { isStatistic } from "../metric";
import { joinPath, problem, type ArgumentProblem } from "../errors";
import { isOneOf, oneOfProblems } from "../shared/oneOf";
import { Metric, metricDataProblems, toMetric, type MetricData, type MetricUnit } from "../metric";

/**
 * An alarm shown by an alarm status widget: anything with the alarm's ARN. An AlertingPath's
 * alarms (`alerting.alarms[key]`, a `MetricAlarm` or `CompositeAlarm`) are ones; from another
 * language pass `{ arn: alarm.arn }`.
 */
export interface DashboardAlarm {
  /** The alarm's ARN. */
  arn: pulumi.Input<string>;
}

/**
 * A log group a query widget reads: anything with its name. A LogPipeline is one; from another
 * language pass `{ logGroupName: pipeline.logGroupName }` (or any log group's name).
 */
export interface LogGroupRef {
  /** The log group's name. */
  logGroupName: pulumi.Input<string>;
}

/**
 * A metric on a graph: the package's {@link Metric} (a LogPipeline filter's `pipeline.metric("X")`,
 * a ProcessingPath's `metrics.X`), or plain identifiers of a native AWS metric.
 * @deprecated use {@link MetricData}, which this is.
 */
export type MetricInput = MetricData;

/** The widget kinds. */
export const WidgetKind = {
  Graph: "graph",
  Query: "query",
  Alarms: "alarms",
  Contributors: "contributors",
  Text: "text",
} as const;
export type WidgetKind = (typeof WidgetKind)[keyof typeof WidgetKind];

/** How a metric graph is drawn. */
export const GraphView = {
  Line: "line",
  StackedArea: "stackedArea",
  Bar: "bar",
  Pie: "pie",
  SingleValue: "singleValue",
  Gauge: "gauge",
} as const;
export type GraphView = (typeof GraphView)[keyof typeof GraphView];

/** How a Logs Insights query widget is drawn. */
export const QueryView = { Table: "table", TimeSeries: "timeSeries", Bar: "bar", Pie: "pie" } as const;
export type QueryView = (typeof QueryView)[keyof typeof QueryView];

// written out, not spread from GraphView and QueryView: Pulumi's schema inference reads only literal members
/** How a widget is drawn: a `GraphView` for graphs, a `QueryView` for query widgets. */
export const WidgetView = {
  Line: "line",
  StackedArea: "stackedArea",
  Bar: "bar",
  Pie: "pie",
  SingleValue: "singleValue",
  Gauge: "gauge",
  Table: "table",
  TimeSeries: "timeSeries",
} as const;
export type WidgetView = (typeof WidgetView)[keyof typeof WidgetView];

/** The side of the y-axis a line is drawn against. */
export const YAxisSide = { Left: "left", Right: "right" } as const;
export type YAxisSide = (typeof YAxisSide)[keyof typeof YAxisSide];

/** The side of a horizontal line that is shaded. */
export const AnnotationFill = { Above: "above", Below: "below" } as const;
export type AnnotationFill = (typeof AnnotationFill)[keyof typeof AnnotationFill];

/** An alarm state, to filter an alarm status widget by. */
export const DashboardAlarmState = {
  Alarm: "ALARM",
  InsufficientData: "INSUFFICIENT_DATA",
  Ok: "OK",
} as const;
export type DashboardAlarmState = (typeof DashboardAlarmState)[keyof typeof DashboardAlarmState];

/** The order of an alarm status widget. */
export const AlarmSortBy = {
  Default: "default",
  StateUpdatedTimestamp: "stateUpdatedTimestamp",
  Timestamp: "timestamp",
} as const;
export type AlarmSortBy = (typeof AlarmSortBy)[keyof typeof AlarmSortBy];

/** The background of a text widget. */
export const TextBackground = { Solid: "solid", Transparent: "transparent" } as const;
export type TextBackground = (typeof TextBackground)[keyof typeof TextBackground];

/** How the graphs' periods follow the dashboard's time range. */
export const PeriodOverride = { Auto: "auto", Inherit: "inherit" } as const;
export type PeriodOverride = (typeof PeriodOverride)[keyof typeof PeriodOverride];

/**
 * One line of a graph, exactly one of: a metric given inline (`namespace`, `name`, … — a
 * `Metric` is one), `metric` (a metric with its own rendering), `expression` (metric math over
 * the series ids of the widget) or `alarmMetric` (the metric an alarm watches).
 */
export interface GraphSeries {
  /** Inline metric: its namespace, e.g. `SmartOrders` or `AWS/Lambda`. @default none */
  namespace?: pulumi.Input<string>;
  /** Inline metric: its name. @default none */
  name?: pulumi.Input<string>;
  /** Inline metric: its dimensions. @default none */
  dimensions?: Record<string, pulumi.Input<string>>;
  /** Inline metric: its statistic (`Sum`, `Average`, … or a percentile `p99`). @default "Sum" */
  statistic?: string;
  /** Inline metric: its period in seconds. @default 60 */
  periodSeconds?: number;
  /** Inline metric: its unit. @default none */
  unit?: MetricUnit;
  /** The metric, drawn with this series' rendering (`id`, `label`, `yAxis`, `visible`, `color`). @default none */
  metric?: MetricData;
  /** A metric math expression over the series ids of the widget, e.g. `100 * f / t` (needs `label`). @default none */
  expression?: string;
  /** The alarm whose metric is graphed (its namespace, name, dimensions, statistic, period). @default none */
  alarmMetric?: aws.cloudwatch.MetricAlarm;
  /** Id used by math expressions (starts with a lowercase letter). @default none; `e<position>` for an expression */
  id?: string;
  /** Legend label. Required for an expression. @default the metric's label, else its name */
  label?: string;
  /** Axis the line is drawn against. @default "left" */
  yAxis?: YAxisSide;
  /** Draw the line (false: only an input of an expression). @default true */
  visible?: boolean;
  /** Line colour, `#rrggbb`. @default CloudWatch's palette */
  color?: string;
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
  fill?: AnnotationFill;
}

/**
 * One widget. `kind` says which; each kind reads its own fields (listed per field) and rejects the
 * others' at construction:
 * - `graph`: `title`, `metrics`, `view`, `period`, `stat`, `yAxis`, `alarmThresholds`, `annotations`, `sparkline`;
 * - `query`: `title`, `query` or `queryString`, `logs`, `view`, `stacked`;
 * - `alarms`: `title`, `alarms`, `states`, `sortBy`;
 * - `contributors`: `title`, `rule`, `top`, `period`;
 * - `text`: `markdown`, `background`.
 * Every kind takes `width`, `height` and `newRow`. In TypeScript, `GraphWidget`,
 * `QueryWidget`, `AlarmStatusWidget`, `ContributorsWidget` and `TextWidget`
 * are the same widget typed per kind (required fields required).
 */
export interface WidgetSpec {
  /** Which widget this is. */
  kind: WidgetKind;
  /** Width in grid columns (1–24). @default by kind (`DASHBOARD_DEFAULTS.sizes`) */
  width?: number;
  /** Height in grid rows (1–1000). @default by kind (`DASHBOARD_DEFAULTS.sizes`) */
  height?: number;
  /** Start a new row with this widget, even if it fits on the current one. @default false */
  newRow?: boolean;
  /** Title; required by every kind but `text`. @default none */
  title?: string;
  /** `graph` (required): the lines — metrics, metric math expressions, alarms' metrics. @default none */
  metrics?: GraphSeries[];
  /** `graph`: how it is drawn (a GraphView); `query`: how results are drawn (a QueryView). @default "line" for a graph, "table" for a query */
  view?: WidgetView;
  /** `graph`: period in seconds (a multiple of 60); `contributors`: period in seconds. @default each metric's own period for a graph, 60 for contributors */
  period?: number;
  /** `graph`: statistic for every metric (`Sum`, `Average`, … or a percentile `p99`). @default each metric's own statistic */
  stat?: string;
  /** `graph`: y-axis bounds and labels. Required for a gauge (`left.min` and `left.max`). @default automatic */
  yAxis?: YAxis;
  /** `graph`: threshold lines taken from these alarms (their threshold and name). @default [] */
  alarmThresholds?: aws.cloudwatch.MetricAlarm[];
  /** `graph`: other horizontal lines (an SLO target). @default [] */
  annotations?: HorizontalLine[];
  /** `graph`: show a sparkline under a single value. @default false */
  sparkline?: boolean;
  /** `query`: a saved query (`pipeline.queries[name]`), which names its log groups; or give `queryString`. @default none */
  query?: aws.cloudwatch.QueryDefinition;
  /** `query`: the query text, read from the log groups of `logs`; or give `query`. @default none */
  queryString?: string;
  /** `query`: log groups queried (LogPipelines, or `{ logGroupName }`). Required with `queryString`. @default the saved query's log groups */
  logs?: LogGroupRef[];
  /** `query`: stack the bars or areas of a time series. @default false */
  stacked?: boolean;
  /** `alarms` (required): the alarms shown (`alerting.alarms[key]`). @default none */
  alarms?: DashboardAlarm[];
  /** `alarms`: only alarms in these states. @default every state */
  states?: DashboardAlarmState[];
  /** `alarms`: order. @default "stateUpdatedTimestamp" */
  sortBy?: AlarmSortBy;
  /** `contributors` (required): the rule (`pipeline.contributorRules[name]`). @default none */
  rule?: aws.cloudwatch.ContributorInsightRule;
  /** `contributors`: how many contributors are listed. @default 10 */
  top?: number;
  /** `text` (required): markdown. @default none */
  markdown?: string;
  /** `text`: transparent background (a heading). @default "solid" */
  background?: TextBackground;
}

/** A metric graph: line, stacked area, bar, pie, single value or gauge. */
export interface GraphWidget extends WidgetSpec {
  kind: typeof WidgetKind.Graph;
  title: string;
  metrics: GraphSeries[];
  /** How it is drawn. @default "line" */
  view?: GraphView;
}

/** A Logs Insights query widget: a saved `query`, or a `queryString` over `logs`. */
export interface QueryWidget extends WidgetSpec {
  kind: typeof WidgetKind.Query;
  title: string;
  /** How results are drawn. @default "table" */
  view?: QueryView;
}

/** Alarm status widget. */
export interface AlarmStatusWidget extends WidgetSpec {
  kind: typeof WidgetKind.Alarms;
  title: string;
  alarms: DashboardAlarm[];
}

/** The top contributors of a Contributor Insights rule. */
export interface ContributorsWidget extends WidgetSpec {
  kind: typeof WidgetKind.Contributors;
  title: string;
  rule: aws.cloudwatch.ContributorInsightRule;
}

/** A markdown text widget. */
export interface TextWidget extends WidgetSpec {
  kind: typeof WidgetKind.Text;
  markdown: string;
}

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
  periodOverride?: PeriodOverride;
}

export interface ResolvedDashboardArgs {
  dashboardName: string;
  sections: DashboardSection[];
  region: string;
  start: string;
  periodOverride: PeriodOverride;
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
  return w.kind === WidgetKind.Graph ? ((w.view as GraphView) ?? DASHBOARD_DEFAULTS.graphView) : w.kind;
}

/** The fields of a metric given inline in a series (a {@link MetricData}'s, `label` aside). */
const INLINE_METRIC_FIELDS = [
  "namespace",
  "name",
  "dimensions",
  "statistic",
  "periodSeconds",
  "unit",
] as const;

/** Whether a series is a metric given inline (a {@link Metric}, or `namespace` / `name`). */
function isInlineMetric(s: GraphSeries): boolean {
  return s instanceof Metric || s.namespace !== undefined || s.name !== undefined;
}

/** Reads a series' metric, when it has one (an inline metric or `metric`; not an expression or an alarm's). */
export function seriesMetric(s: GraphSeries): Metric | undefined {
  if (s.expression !== undefined || s.alarmMetric !== undefined) return undefined;
  if (s.metric !== undefined) return toMetric(s.metric);
  return toMetric(s as MetricData);
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

/** The problem of `at.field` when `value` is set and not one of `allowed`. */
function enumProblem(
  at: string,
  field: string,
  value: unknown,
  allowed: Record<string, string>,
): ArgumentProblem[] {
  return value === undefined ? [] : oneOfProblems(joinPath(at, field), value, allowed);
}

/** The fields each widget kind reads (besides `kind`, `width`, `height`, `newRow`). */
const KIND_FIELDS: Record<WidgetKind, readonly (keyof WidgetSpec)[]> = {
  graph: [
    "title",
    "metrics",
    "view",
    "period",
    "stat",
    "yAxis",
    "alarmThresholds",
    "annotations",
    "sparkline",
  ],
  query: ["title", "query", "queryString", "logs", "view", "stacked"],
  alarms: ["title", "alarms", "states", "sortBy"],
  contributors: ["title", "rule", "top", "period"],
  text: ["markdown", "background"],
};
const ALL_KIND_FIELDS = [...new Set(Object.values(KIND_FIELDS).flat())];

/** The problems of one series of a graph: exactly one form, the fields that form reads, their values. */
function seriesProblems(at: string, s: GraphSeries): ArgumentProblem[] {
  if (s === null || typeof s !== "object")
    return [
      problem(
        at,
        s,
        "must be a series",
        "give a metric ({ namespace, name, … }), { metric }, { expression, label } or { alarmMetric }",
      ),
    ];
  if (s instanceof Metric) return [];
  const p: ArgumentProblem[] = [];
  const forms = [
    isInlineMetric(s) ? "namespace/name" : undefined,
    s.metric !== undefined ? "metric" : undefined,
    s.expression !== undefined ? "expression" : undefined,
    s.alarmMetric !== undefined ? "alarmMetric" : undefined,
  ].filter((f): f is string => f !== undefined);
  if (forms.length !== 1) {
    p.push(
      forms.length === 0
        ? problem(
            at,
            undefined,
            "needs exactly one of a metric (`namespace` and `name`), `metric`, `expression` or `alarmMetric`; it has none",
            "add one of them",
          )
        : problem(
            at,
            forms,
            "is exactly one of a metric (`namespace` and `name`), `metric`, `expression` or `alarmMetric`, but has several",
            "split it into one series each",
          ),
    );
    return p;
  }
  const form = forms[0];
  const reads: Record<string, readonly (keyof GraphSeries)[]> = {
    "namespace/name": [...INLINE_METRIC_FIELDS, "id", "label", "yAxis", "visible", "color"],
    metric: ["metric", "id", "label", "yAxis", "visible", "color"],
    expression: ["expression", "id", "label", "yAxis"],
    alarmMetric: ["alarmMetric", "label"],
  };
  const all: (keyof GraphSeries)[] = [...INLINE_METRIC_FIELDS, "metric", "expression", "alarmMetric"];
  all.push("id", "label", "yAxis", "visible", "color");
  for (const f of all)
    if (s[f] !== undefined && !reads[form].includes(f))
      p.push(
        problem(
          `${at}.${f}`,
          s[f],
          `is not read by a series of the \`${form === "namespace/name" ? "metric" : form}\` form (it reads ${reads[form].join(", ")})`,
          "remove it",
        ),
      );
  if (form === "namespace/name") p.push(...metricDataProblems(at, s as MetricData));
  if (form === "metric") p.push(...metricDataProblems(`${at}.metric`, s.metric));
  if (form === "expression") {
    if (typeof s.expression !== "string" || s.expression.trim() === "")
      p.push(
        problem(`${at}.expression`, s.expression, "must be non-empty", "write the metric-math expression"),
      );
    if (typeof s.label !== "string" || s.label === "")
      p.push(problem(`${at}.label`, s.label, "is required for an expression", "give its legend label"));
  }
  if (s.id !== undefined && (typeof s.id !== "string" || !ID.test(s.id)))
    p.push(
      problem(
        `${at}.id`,
        s.id,
        "must start with a lowercase letter (a-z, 0-9, _)",
        'use an id such as "errors"',
      ),
    );
  if (s.label !== undefined && typeof s.label !== "string")
    p.push(problem(`${at}.label`, s.label, "must be a string", "write the label as text"));
  p.push(...enumProblem(at, "yAxis", s.yAxis, YAxisSide));
  return p;
}

function widgetProblems(at: string, w: WidgetSpec): ArgumentProblem[] {
  if (w === null || typeof w !== "object") return [problem(at, w, "must be a widget", "give { kind, … }")];
  if (!isOneOf(WidgetKind, w.kind))
    return [
      problem(
        `${at}.kind`,
        w.kind,
        "is not a widget kind",
        `use one of ${Object.values(WidgetKind).join(", ")}`,
      ),
    ];
  const p: ArgumentProblem[] = [];
  const d = DASHBOARD_DEFAULTS;
  for (const f of ALL_KIND_FIELDS)
    if (w[f] !== undefined && !KIND_FIELDS[w.kind].includes(f))
      p.push(
        problem(
          `${at}.${f}`,
          w[f],
          `is not read by a \`${w.kind}\` widget (it reads ${KIND_FIELDS[w.kind].join(", ")})`,
          "remove it",
        ),
      );
  if (w.width !== undefined && !isInt(w.width, 1, d.columns))
    p.push(
      problem(
        `${at}.width`,
        w.width,
        `must be an integer from 1 to ${d.columns}`,
        `use 1 to ${d.columns} columns`,
      ),
    );
  if (w.height !== undefined && !isInt(w.height, 1, d.maxHeight))
    p.push(
      problem(
        `${at}.height`,
        w.height,
        `must be an integer from 1 to ${d.maxHeight}`,
        `use 1 to ${d.maxHeight} rows`,
      ),
    );
  if (w.kind !== WidgetKind.Text && (typeof w.title !== "string" || w.title.trim() === ""))
    p.push(
      problem(
        `${at}.title`,
        w.title,
        `must be a non-empty string (a \`${w.kind}\` widget needs one)`,
        "give the widget a title",
      ),
    );
  switch (w.kind) {
    case WidgetKind.Graph: {
      if (!Array.isArray(w.metrics) || w.metrics.length === 0)
        p.push(
          problem(`${at}.metrics`, w.metrics, "must list at least one metric or expression", "add a series"),
        );
      else if (w.metrics.length > d.maxMetricsPerWidget)
        p.push(
          problem(
            `${at}.metrics`,
            w.metrics.length,
            `has more than ${d.maxMetricsPerWidget} series`,
            "split the series over several widgets",
          ),
        );
      p.push(...enumProblem(at, "view", w.view, GraphView));
      if (w.view === GraphView.Gauge && (w.yAxis?.left?.min === undefined || w.yAxis.left.max === undefined))
        p.push(
          problem(`${at}.yAxis`, w.yAxis, "must bound a gauge", "set `yAxis.left.min` and `yAxis.left.max`"),
        );
      if (w.period !== undefined && !(isInt(w.period, 60, 31536000) && w.period % 60 === 0))
        p.push(
          problem(
            `${at}.period`,
            w.period,
            "must be a multiple of 60 seconds",
            "use 60, 300 or another multiple of 60",
          ),
        );
      if (w.stat !== undefined && !(typeof w.stat === "string" && isStatistic(w.stat)))
        p.push(
          problem(
            `${at}.stat`,
            w.stat,
            "must be Sum, Average, Minimum, Maximum, SampleCount or a percentile like p99",
            "use one of those statistics",
          ),
        );
      (w.annotations ?? []).forEach((a, i) =>
        p.push(...enumProblem(`${at}.annotations[${i}]`, "fill", a?.fill, AnnotationFill)),
      );
      const series = Array.isArray(w.metrics) ? w.metrics : [];
      const ids = new Set<string>();
      series.forEach((s, i) => {
        const sAt = `${at}.metrics[${i}]`;
        p.push(...seriesProblems(sAt, s));
        const id = s instanceof Metric || s === null || typeof s !== "object" ? undefined : s.id;
        if (typeof id !== "string") return;
        if (ids.has(id))
          p.push(
            problem(
              `${sAt}.id`,
              id,
              "is used by another series of the widget",
              "give each series its own id",
            ),
          );
        ids.add(id);
      });
      series.forEach((s, i) => {
        if (s instanceof Metric || s === null || typeof s !== "object" || typeof s.expression !== "string")
          return;
        if (/^\s*(SEARCH|SELECT)\b/i.test(s.expression)) return;
        for (const ref of expressionIds(s.expression))
          if (!ids.has(ref))
            p.push(
              problem(
                `${at}.metrics[${i}].expression`,
                ref,
                "refers to an id no series of the widget has",
                `give a series that \`id\`, or refer to one of ${[...ids].join(", ") || "none"}`,
              ),
            );
      });
      break;
    }
    case WidgetKind.Query:
      if (typeof (w.query as unknown) === "string")
        p.push(
          problem(
            `${at}.query`,
            w.query,
            "is a saved query (aws.cloudwatch.QueryDefinition), not query text",
            "give the text as `queryString`, with `logs`",
          ),
        );
      else if ((w.query === undefined) === (w.queryString === undefined))
        p.push(
          problem(
            `${at}.query`,
            undefined,
            `needs exactly one of \`query\` (a saved query) and \`queryString\` (query text, with \`logs\`)${w.query === undefined ? "" : "; it has both"}`,
            "give one of them",
          ),
        );
      if (w.queryString !== undefined) {
        if (typeof w.queryString !== "string" || w.queryString.trim() === "")
          p.push(
            problem(`${at}.queryString`, w.queryString, "must be non-empty", "write the Logs Insights query"),
          );
        if (!w.logs || w.logs.length === 0)
          p.push(
            problem(
              `${at}.logs`,
              w.logs,
              "must name at least one log group when the widget has `queryString`",
              "list a LogPipeline or { logGroupName }",
            ),
          );
      }
      (w.logs ?? []).forEach((l, i) => {
        if (l === null || typeof l !== "object" || l.logGroupName === undefined || l.logGroupName === "")
          p.push(
            problem(`${at}.logs[${i}]`, l, "must be a log group", "give a LogPipeline or { logGroupName }"),
          );
      });
      p.push(...enumProblem(at, "view", w.view, QueryView));
      break;
    case WidgetKind.Alarms:
      if (!Array.isArray(w.alarms) || w.alarms.length === 0)
        p.push(
          problem(
            `${at}.alarms`,
            w.alarms,
            "must list at least one alarm",
            "add alarms from the AlertingPath",
          ),
        );
      else if (w.alarms.length > d.maxAlarmsPerWidget)
        p.push(
          problem(
            `${at}.alarms`,
            w.alarms.length,
            `lists more than ${d.maxAlarmsPerWidget} alarms`,
            "split them over several widgets",
          ),
        );
      else
        w.alarms.forEach((a, i) => {
          if (a === null || typeof a !== "object" || a.arn === undefined || a.arn === "")
            p.push(
              problem(
                `${at}.alarms[${i}]`,
                a,
                "must be an alarm",
                "give a MetricAlarm, a CompositeAlarm or { arn }",
              ),
            );
        });
      if (w.states !== undefined && !Array.isArray(w.states))
        p.push(
          problem(
            `${at}.states`,
            w.states,
            "must be a list",
            `list some of ${Object.values(DashboardAlarmState).join(", ")}`,
          ),
        );
      else
        (w.states ?? []).forEach((s, i) =>
          p.push(...enumProblem(at, `states[${i}]`, s, DashboardAlarmState)),
        );
      p.push(...enumProblem(at, "sortBy", w.sortBy, AlarmSortBy));
      break;
    case WidgetKind.Contributors:
      if (w.rule === undefined)
        p.push(
          problem(
            `${at}.rule`,
            undefined,
            "is required",
            "give the Contributor Insights rule (`pipeline.contributorRules[name]`)",
          ),
        );
      if (w.top !== undefined && !isInt(w.top, 1, 100))
        p.push(problem(`${at}.top`, w.top, "must be an integer from 1 to 100", "use 1 to 100"));
      if (w.period !== undefined && !isInt(w.period, 1, 31536000))
        p.push(
          problem(`${at}.period`, w.period, "must be a whole number of seconds", "use a period such as 300"),
        );
      break;
    case WidgetKind.Text:
      if (typeof w.markdown !== "string" || w.markdown.trim() === "")
        p.push(problem(`${at}.markdown`, w.markdown, "must be non-empty", "write the text"));
      p.push(...enumProblem(at, "background", w.background, TextBackground));
      break;
  }
  return p;
}

/** Every problem of the arguments, each naming the field, the value and the fix. */
export function validateDashboardArgs(args: DashboardArgs): ArgumentProblem[] {
  const p: ArgumentProblem[] = [];
  if (args.dashboardName !== undefined && !NAME.test(args.dashboardName))
    p.push(
      problem(
        "dashboardName",
        args.dashboardName,
        "must be 1–255 characters of A-Z, a-z, 0-9, - and _",
        'use a name such as "my-app-overview"',
      ),
    );
  if (args.start !== undefined && !START.test(args.start))
    p.push(
      problem(
        "start",
        args.start,
        "must be a relative range or an ISO 8601 time",
        "use a range like -PT3H or -P7D",
      ),
    );
  if (args.periodOverride !== undefined && !isOneOf(PeriodOverride, args.periodOverride))
    p.push(
      problem(
        "periodOverride",
        args.periodOverride,
        'must be "auto" or "inherit"',
        'use "auto" or "inherit"',
      ),
    );
  if (!Array.isArray(args.sections) || args.sections.length === 0) {
    p.push(problem("sections", args.sections, "must list at least one section of widgets", "add a section"));
    return p;
  }
  let count = 0;
  args.sections.forEach((s, i) => {
    if (!Array.isArray(s.widgets) || s.widgets.length === 0)
      p.push(
        problem(
          `sections[${i}].widgets`,
          s.widgets,
          "must list at least one widget",
          "add a widget, or remove the section",
        ),
      );
    (s.widgets ?? []).forEach((w, j) => p.push(...widgetProblems(`sections[${i}].widgets[${j}]`, w)));
    count += (s.widgets ?? []).length + (s.title ? 1 : 0);
  });
  if (count > DASHBOARD_DEFAULTS.maxWidgets)
    p.push(
      problem(
        "sections",
        count,
        `hold more widgets (headings included) than a dashboard's ${DASHBOARD_DEFAULTS.maxWidgets}`,
        "split the dashboard",
      ),
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
