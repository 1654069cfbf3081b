import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DASHBOARD_DEFAULTS } from "../../components/dashboard/args";
import { metricKey, THRESHOLD_COLOR } from "../../components/dashboard/body";
import { metricRowsOf } from "../../components/dashboard/metricRows";
import type { BodyWidget, DashboardBody } from "../../components/dashboard/validate";
import { widgetLines } from "./lines";

/**
 * Datapoints by {@link metricKey}: `[epoch milliseconds, value]`, oldest first. A series drawn
 * with a statistic reads the key with that statistic (`metricKey(ns, name, dims, "p99")`) when the
 * data has it, else the metric's plain key.
 */
export type PreviewData = Record<string, [number, number][]>;

/** One state change of an alarm. */
export interface PreviewTransition {
  /** When (epoch milliseconds). */
  at: number;
  /** The state entered. */
  to: string;
  /** Why (shown when hovering the change). @default none */
  reason?: string;
}

/** An alarm's states (replayed or observed), shown by the alarm-status widgets. */
export interface PreviewAlarmState {
  /** The alarm's state at the end. */
  state: "OK" | "ALARM" | "INSUFFICIENT_DATA";
  /** Its state changes, oldest first. @default [] */
  transitions?: PreviewTransition[];
  /** Why it has no state (e.g. it cannot be evaluated offline); shown instead of the state. @default none */
  note?: string;
}

/** A Contributor Insights rule's top contributors, shown by its widgets. */
export interface PreviewContributors {
  /** What a contributor's value counts: events (`Count`) or the sum of the rule's `ValueOf`. */
  aggregateOn: "Count" | "Sum";
  /** The rule's key fields, in order. */
  keys: string[];
  /** Top contributors, largest first: the values of the keys and the contributor's value. */
  top: { keys: string[]; value: number }[];
  /** Where the figures come from (e.g. "over the replay"), shown with them. @default none */
  note?: string;
}

export interface PreviewOptions {
  /** Title of the page (the dashboard's name). @default "dashboard" */
  title?: string;
  /** Width of one grid column in CSS pixels. @default 56 */
  columnPx?: number;
  /** Height of one grid row in CSS pixels. @default 40 */
  rowPx?: number;
  /** States by alarm name for the alarm-status widgets; an alarm without one says "no data yet". @default {} */
  alarms?: Record<string, PreviewAlarmState>;
  /** Top contributors by rule name for the Contributor Insights widgets; a rule without any says "no data yet". @default {} */
  contributors?: Record<string, PreviewContributors>;
}

/** What the widgets are filled with. */
interface Fill {
  data: PreviewData;
  alarms: Record<string, PreviewAlarmState>;
  contributors: Record<string, PreviewContributors>;
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

let chartJs: string | undefined;
/** Chart.js's UMD build, inlined so the page needs no network. */
function chartLibrary(): string {
  if (chartJs !== undefined) return chartJs;
  let entry: string;
  try {
    entry = require.resolve("chart.js");
  } catch (error) {
    throw new Error(
      "The dashboard preview inlines Chart.js, an optional peer dependency of obskit: install it next to obskit (npm install chart.js@^4).",
      { cause: error },
    );
  }
  // the UMD build is not in the package's exports map: it sits beside the CommonJS entry
  chartJs = readFileSync(path.join(path.dirname(entry), "chart.umd.min.js"), "utf8");
  return chartJs;
}

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/** One line of a metric widget, resolved: a metric (with its data key) or an expression. */
interface Series {
  label: string;
  /** Its {@link metricKey}. @default none, for an expression */
  key?: string;
  /** Its math expression. @default none, for a metric */
  expression?: string;
  /** Its id in the widget. @default none */
  id?: string;
  /** Its statistic. @default none, for an expression */
  stat?: string;
  /** Its {@link metricKey} with its statistic. @default none, for an expression */
  statKey?: string;
  /** Whether the row gives its own label. */
  labelled: boolean;
  visible: boolean;
  yAxis: "left" | "right";
  /** Its colour. @default the palette's */
  color?: string;
}

function seriesOf(w: BodyWidget): Series[] {
  return metricRowsOf(w.properties.metrics).map(({ options: o, expression, strings }): Series => {
    const common = {
      id: typeof o.id === "string" ? o.id : undefined,
      visible: o.visible !== false,
      yAxis: o.yAxis === "right" ? ("right" as const) : ("left" as const),
      color: typeof o.color === "string" ? o.color : undefined,
      labelled: typeof o.label === "string",
    };
    if (expression !== undefined)
      return { ...common, expression, label: typeof o.label === "string" ? o.label : expression };
    const dims: Record<string, string> = {};
    for (let i = 2; i + 1 < strings.length; i += 2) dims[strings[i]] = strings[i + 1];
    const stat =
      typeof o.stat === "string"
        ? o.stat
        : typeof w.properties.stat === "string"
          ? w.properties.stat
          : "Average";
    return {
      ...common,
      key: metricKey(strings[0], strings[1], dims),
      stat,
      statKey: metricKey(strings[0], strings[1], dims, stat),
      label: typeof o.label === "string" ? o.label : strings[1],
    };
  });
}

interface Threshold {
  label: string;
  value: number;
  color: string;
}

function thresholdsOf(w: BodyWidget): Threshold[] {
  const h = (w.properties.annotations as { horizontal?: unknown[] } | undefined)?.horizontal ?? [];
  return h
    .flatMap((a) => (Array.isArray(a) ? a : [a]) as { value?: unknown; label?: unknown; color?: unknown }[])
    .filter((a) => typeof a.value === "number")
    .map((a) => ({
      value: a.value as number,
      label: typeof a.label === "string" ? a.label : String(a.value),
      color: typeof a.color === "string" ? a.color : THRESHOLD_COLOR,
    }));
}

const VIEW_LABEL: Record<string, string> = {
  timeSeries: "line",
  bar: "bar",
  pie: "pie",
  singleValue: "single value",
  gauge: "gauge",
  table: "table",
};

/** The kind shown on a widget's badge. */
export function widgetKind(w: BodyWidget): string {
  const p = w.properties;
  switch (w.type) {
    case "metric":
      if (p.insightRule) return "contributor insights";
      if (p.view === "timeSeries" || p.view === undefined) return p.stacked ? "stacked area" : "line";
      return VIEW_LABEL[String(p.view)] ?? String(p.view);
    case "log":
      return `logs insights · ${String(p.view ?? "table")}`;
    case "alarm":
      return "alarm status";
    case "text":
      return "text";
    case "explorer":
      return "metrics explorer";
  }
}

/** A small markdown subset: headings, lists, bold, code, links as text, paragraphs. */
function markdown(md: string): string {
  const inline = (s: string) =>
    esc(s)
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\[([^\]]+)\]\([^)]+\)/g, "<u>$1</u>");
  const out: string[] = [];
  let list = false;
  for (const line of md.split("\n")) {
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const li = /^\s*[-*]\s+(.*)$/.exec(line);
    if (!li && list) {
      out.push("</ul>");
      list = false;
    }
    if (h) out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
    else if (li) {
      if (!list) out.push("<ul>");
      list = true;
      out.push(`<li>${inline(li[1])}</li>`);
    } else if (line.trim() !== "") out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push("</ul>");
  return out.join("");
}

const NO_DATA = '<div class="nodata" data-nodata="true"><span>no data yet</span></div>';

/** A line drawn, with its row and colour. */
interface Drawn {
  s: Series;
  label: string;
  d: [number, number][];
  color: string;
}

/** The lines of a metric widget (metrics and evaluated expressions), with their colours. */
function drawnOf(
  w: BodyWidget,
  series: Series[],
  data: PreviewData,
): { drawn: Drawn[]; problems: Record<number, string> } {
  const period = typeof w.properties.period === "number" ? w.properties.period : 300;
  const { lines, problems } = widgetLines(series, data, period);
  const firstOfRow = new Set<number>();
  const drawn = lines.map((l, i) => {
    const s = series[l.row];
    const own = s.color !== undefined && !firstOfRow.has(l.row);
    firstOfRow.add(l.row);
    return { s, label: l.label, d: l.points, color: own ? s.color! : PALETTE[i % PALETTE.length] };
  });
  return { drawn, problems };
}

/** The chart configuration (Chart.js) of a metric widget with data, or undefined without any. */
function chartOf(w: BodyWidget, shown: Drawn[]): Record<string, unknown> | undefined {
  if (shown.length === 0) return undefined;
  const view = String(w.properties.view ?? "timeSeries");
  const colour = (i: number) => shown[i].color;
  const lastOf = (d: [number, number][]) => d[d.length - 1][1];
  const yAxis = (w.properties.yAxis ?? {}) as { left?: { min?: number; max?: number } };
  if (view === "pie")
    return {
      type: "pie",
      data: {
        labels: shown.map((x) => x.label),
        datasets: [
          {
            data: shown.map((x) => x.d!.reduce((a, [, v]) => a + v, 0)),
            backgroundColor: shown.map((_x, i) => colour(i)),
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
      },
    };
  if (view === "singleValue")
    return { singleValue: shown.map((x) => ({ label: x.label, value: lastOf(x.d!) })) };
  if (view === "gauge") {
    const min = yAxis.left?.min ?? 0;
    const max = yAxis.left?.max ?? 100;
    const v = Math.min(Math.max(lastOf(shown[0].d!), min), max);
    return {
      type: "doughnut",
      gauge: { value: lastOf(shown[0].d!), min, max },
      data: {
        labels: [shown[0].label, ""],
        datasets: [{ data: [v - min, max - v], backgroundColor: [colour(0), "#e5e5e5"] }],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        rotation: -90,
        circumference: 180,
        plugins: { legend: { display: false } },
      },
    };
  }
  const times = shown.flatMap((x) => x.d!.map(([t]) => t));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const stacked = w.properties.stacked === true;
  const allTimes = [...new Set(times)].sort((a, b) => a - b);
  const valueAt = (d: [number, number][], t: number): number => d.find(([x]) => x === t)?.[1] ?? 0;
  const datasets: Record<string, unknown>[] = shown.map((x, i) => ({
    label: x.label,
    // stacked areas add up per timestamp: a series without a datapoint there adds 0
    data: (stacked ? allTimes.map((t) => [t, valueAt(x.d, t)] as const) : x.d).map(([t, v]) => ({
      x: t,
      y: v,
    })),
    borderColor: colour(i),
    backgroundColor: colour(i) + (stacked ? "88" : ""),
    fill: stacked,
    pointRadius: 0,
    yAxisID: x.s.yAxis === "right" ? "right" : "y",
  }));
  for (const th of thresholdsOf(w))
    datasets.push({
      label: `${th.label} (${th.value})`,
      data: [
        { x: t0, y: th.value },
        { x: t1, y: th.value },
      ],
      borderColor: th.color,
      borderDash: [6, 4],
      pointRadius: 0,
      fill: false,
      threshold: true,
    });
  return {
    type: view === "bar" ? "bar" : "line",
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: true,
      scales: {
        x: { type: "linear", stacked, ticks: { maxTicksLimit: 6 }, time: true },
        y: { stacked, min: yAxis.left?.min, max: yAxis.left?.max, beginAtZero: true },
        ...(shown.some((x) => x.s.yAxis === "right")
          ? { right: { position: "right", beginAtZero: true } }
          : {}),
      },
      // the legend is the HTML list below the canvas (bounded, scrolling): inside the canvas a
      // long legend takes the plot's height
      plugins: { legend: { display: false } },
    },
  };
}

const hhmm = (at: number) => new Date(at).toISOString().slice(11, 16);

/** The top contributors of a rule as a table with a bar per value, or "no data yet". */
function contributorsBody(r: { ruleName?: string; maxContributorCount?: number }, fill: Fill): string {
  const max = r.maxContributorCount ?? 10;
  const meta = `<div class="meta">rule <code>${esc(r.ruleName)}</code> · top ${esc(max)} contributors</div>`;
  const c = r.ruleName === undefined ? undefined : fill.contributors[r.ruleName];
  if (!c || c.top.length === 0) return `${meta}${NO_DATA}`;
  const top = c.top.slice(0, max);
  const peak = Math.max(...top.map((x) => x.value), 0);
  const rows = top
    .map(
      (x) =>
        `<tr class="contributor">${x.keys.map((k) => `<td>${esc(k)}</td>`).join("")}<td class="value"><span class="bar" style="width:${peak > 0 ? Math.round((x.value / peak) * 70) : 0}%"></span>${esc(Math.round(x.value * 100) / 100)}</td></tr>`,
    )
    .join("");
  const head = `<tr>${c.keys.map((k) => `<th>${esc(k)}</th>`).join("")}<th>${c.aggregateOn === "Sum" ? "sum" : "events"}</th></tr>`;
  const note = c.note ? `<div class="meta">${esc(c.note)}</div>` : "";
  return `${meta}<div class="contributors-box"><table class="contributors">${head}${rows}</table></div>${note}`;
}

/** Transitions shown per alarm at most (the latest ones). */
const SHOWN_TRANSITIONS = 8;

/** One alarm of an alarm-status widget: its state and its transitions with their times (UTC). */
function alarmRow(name: string, fill: Fill): string {
  const a = fill.alarms[name];
  if (!a) return `<li><span class="state">no data yet</span> ${esc(name)}</li>`;
  if (a.note !== undefined)
    return `<li data-state="none"><span class="state">not evaluated</span> ${esc(name)} <span class="transitions">${esc(a.note)}</span></li>`;
  const all = a.transitions ?? [];
  const shown = all.slice(-SHOWN_TRANSITIONS);
  const earlier = all.length - shown.length;
  const steps = shown
    .map(
      (t) =>
        `<span class="step" title="${esc(t.reason ?? "")}">${esc(hhmm(t.at))} <b class="to ${esc(t.to)}">${esc(t.to)}</b></span>`,
    )
    .join(" → ");
  const history =
    all.length === 0 ? "no transition" : `${earlier > 0 ? `${earlier} earlier … ` : ""}${steps}`;
  return `<li data-state="${esc(a.state)}"><span class="state ${esc(a.state)}">${esc(a.state)}</span> ${esc(name)} <span class="transitions">${history}</span></li>`;
}

function metricBody(w: BodyWidget, fill: Fill, index: number): { html: string; chart?: unknown } {
  const p = w.properties;
  if (p.insightRule)
    return {
      html: contributorsBody(p.insightRule as { ruleName?: string; maxContributorCount?: number }, fill),
    };
  const series = seriesOf(w);
  const { drawn, problems } = drawnOf(w, series, fill.data);
  const items = series
    .map((s, i) => {
      const what = s.expression
        ? `<code>${esc(s.expression)}</code>`
        : `<code>${esc(s.key)}</code> ${esc(s.stat)}`;
      const problem = problems[i] === undefined ? "" : ` <span class="problem">${esc(problems[i])}</span>`;
      return `<li class="series${s.visible ? "" : " hidden"}">${esc(s.label)}: ${what}${s.visible ? "" : " (input, hidden)"}${problem}</li>`;
    })
    .join("");
  const thresholds = thresholdsOf(w)
    .map(
      (t) => `<li class="threshold" style="color:${esc(t.color)}">── ${esc(t.label)}: ${esc(t.value)}</li>`,
    )
    .join("");
  const chart = chartOf(w, drawn);
  const legend =
    chart && !("singleValue" in chart) && !("gauge" in chart)
      ? `<ul class="legend">${drawn.map((d) => `<li><i style="background:${esc(d.color)}"></i>${esc(d.label)}</li>`).join("")}</ul>`
      : "";
  const area = chart ? `<div class="chart"><canvas id="chart-${index}"></canvas></div>${legend}` : NO_DATA;
  return { html: `${area}<ul class="meta">${items}${thresholds}</ul>`, chart };
}

function widgetBody(w: BodyWidget, fill: Fill, index: number): { html: string; chart?: unknown } {
  const p = w.properties;
  switch (w.type) {
    case "metric":
      return metricBody(w, fill, index);
    case "log": {
      const query = String(p.query ?? "");
      const groups = [...query.matchAll(/SOURCE\s+'([^']+)'/g)].map((m) => m[1]);
      const text = query.replace(/^(\s*SOURCE\s+'[^']+'\s*\|)+\s*/, "");
      return {
        html: `<div class="meta">log groups: ${groups.map((g) => `<code>${esc(g)}</code>`).join(", ")}</div><pre class="query">${esc(text)}</pre>${NO_DATA}`,
      };
    }
    case "alarm": {
      const alarms = (Array.isArray(p.alarms) ? p.alarms : []) as string[];
      const rows = alarms.map((a) => alarmRow(a.replace(/^.*:alarm:/, ""), fill)).join("");
      return { html: `<ul class="alarms">${rows}</ul>` };
    }
    case "text":
      return { html: `<div class="markdown">${markdown(String(p.markdown ?? ""))}</div>` };
    case "explorer": {
      const metrics = (Array.isArray(p.metrics) ? p.metrics : []) as {
        metricName?: string;
        resourceType?: string;
      }[];
      return {
        html: `<ul class="meta">${metrics.map((m) => `<li>${esc(m.resourceType)} ${esc(m.metricName)}</li>`).join("")}</ul>${NO_DATA}`,
      };
    }
  }
}

/** Grid boxes of a body; widgets without x/y go below the others, as CloudWatch places them. */
function boxesOf(body: DashboardBody): { x: number; y: number; width: number; height: number }[] {
  let bottom = 0;
  for (const w of body.widgets)
    if (w.x !== undefined && w.y !== undefined) bottom = Math.max(bottom, w.y + (w.height ?? 6));
  let x = 0;
  let rowHeight = 0;
  return body.widgets.map((w) => {
    const width = w.width ?? 6;
    const height = w.height ?? 6;
    if (w.x !== undefined && w.y !== undefined) return { x: w.x, y: w.y, width, height };
    if (x + width > DASHBOARD_DEFAULTS.columns) {
      bottom += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    const box = { x, y: bottom, width, height };
    x += width;
    rowHeight = Math.max(rowHeight, height);
    return box;
  });
}

/**
 * A self-contained HTML page (Chart.js inlined, no network) showing a dashboard body as
 * CloudWatch lays it out on its 24-column grid: each widget at its position and size with its
 * title, kind, metrics, queries and alarm thresholds. Metric graphs are drawn where `data`
 * holds datapoints for their metrics (keyed by {@link metricKey}; math expressions over them are
 * computed), alarm-status widgets show the `alarms` states given, Contributor Insights widgets the
 * `contributors` given; every other widget says "no data yet".
 */
export function renderPreview(
  body: string | DashboardBody,
  data: PreviewData = {},
  options: PreviewOptions = {},
): string {
  const b = (typeof body === "string" ? JSON.parse(body) : body) as DashboardBody;
  const col = options.columnPx ?? 56;
  const row = options.rowPx ?? 40;
  const title = options.title ?? "dashboard";
  const boxes = boxesOf(b);
  const fill: Fill = { data, alarms: options.alarms ?? {}, contributors: options.contributors ?? {} };
  const charts: Record<string, unknown> = {};
  const widgets = b.widgets
    .map((w, i) => {
      const box = boxes[i];
      const { html, chart } = widgetBody(w, fill, i);
      if (chart) charts[`chart-${i}`] = chart;
      const kind = widgetKind(w);
      const heading =
        w.type === "text"
          ? ""
          : `<header><span class="title">${esc(w.properties.title ?? "")}</span><span class="kind">${esc(kind)}</span></header>`;
      const style = `left:${box.x * col}px;top:${box.y * row}px;width:${box.width * col - 8}px;height:${box.height * row - 8}px`;
      const transparent =
        w.type === "text" && w.properties.background === "transparent" ? " transparent" : "";
      return `<section class="widget ${esc(w.type)}${transparent}" data-index="${i}" data-kind="${esc(kind)}" data-x="${box.x}" data-y="${box.y}" data-width="${box.width}" data-height="${box.height}" style="${style}">${heading}<div class="content">${html}</div></section>`;
    })
    .join("\n");
  const rows = Math.max(0, ...boxes.map((x) => x.y + x.height));
  const hasData = Object.keys(charts).length > 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} — dashboard preview</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>
body{margin:0;padding:16px;font:13px/1.35 "Amazon Ember",Helvetica,Arial,sans-serif;background:#f2f3f3;color:#16191f}
h1{font-size:18px;margin:0 0 4px}
.sub{color:#545b64;margin:0 0 12px}
#grid{position:relative;width:${DASHBOARD_DEFAULTS.columns * col}px;height:${rows * row}px;background-image:linear-gradient(to right,#e6e8e8 1px,transparent 1px);background-size:${col}px ${row}px}
.widget{position:absolute;box-sizing:border-box;margin:4px;background:#fff;border:1px solid #d5dbdb;border-radius:2px;display:flex;flex-direction:column;overflow:hidden}
.widget.transparent{background:transparent;border-color:transparent}
header{display:flex;justify-content:space-between;gap:6px;padding:6px 8px 2px;font-weight:bold}
.title{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.kind{font-weight:normal;font-size:10px;color:#fff;background:#687078;border-radius:8px;padding:1px 7px;white-space:nowrap;height:14px}
.content{flex:1;display:flex;flex-direction:column;min-height:0;padding:2px 8px 6px}
.chart{position:relative;flex:1 1 0;min-height:60%}
.legend{flex:0 1 auto;max-height:18%;overflow:auto;margin:2px 0 0;padding:0;list-style:none;font-size:10.5px;color:#16191f;display:flex;flex-wrap:wrap;gap:0 10px}
.legend li{white-space:nowrap}.legend i{display:inline-block;width:9px;height:9px;margin-right:3px;vertical-align:middle}
.problem{color:#d13212}
.nodata{flex:1;display:flex;align-items:center;justify-content:center;border:1px dashed #aab7b8;background:repeating-linear-gradient(45deg,#fafafa,#fafafa 8px,#f2f3f3 8px,#f2f3f3 16px);color:#687078;font-weight:bold;min-height:24px;margin:2px 0}
.meta{flex:0 1 auto;margin:2px 0;padding:0;list-style:none;font-size:11px;color:#545b64;max-height:18%;overflow:auto}
.meta li.hidden{opacity:.65}
.threshold{font-weight:bold}
pre.query{margin:2px 0;padding:4px;background:#f8f8f8;border:1px solid #eaeded;font-size:10.5px;white-space:pre-wrap;overflow:auto;max-height:45%}
code{font-size:10.5px}
.alarms{list-style:none;margin:0;padding:0}.alarms li{padding:2px 0}
.state{display:inline-block;font-size:10px;background:#eaeded;color:#545b64;border-radius:8px;padding:0 6px;margin-right:4px}
.state.ALARM{background:#d13212;color:#fff}.state.OK{background:#1d8102;color:#fff}.state.INSUFFICIENT_DATA{background:#879596;color:#fff}
.transitions{font-size:10.5px;color:#545b64}.to.ALARM{color:#d13212}.to.OK{color:#1d8102}.to.INSUFFICIENT_DATA{color:#687078}
.contributors-box{flex:1;min-height:0;overflow:auto}
table.contributors{border-collapse:collapse;width:100%;font-size:11px}.contributors th{text-align:left;color:#545b64;font-weight:normal;border-bottom:1px solid #eaeded}
.contributors td{padding:1px 4px 1px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:200px}
.contributors td.value{position:relative;width:40%}.contributors .bar{display:inline-block;height:8px;background:#1f77b4;margin-right:4px;vertical-align:middle}
.markdown h2{font-size:16px;margin:4px 0 2px}.markdown p{margin:2px 0;color:#545b64}
.single{display:flex;gap:16px;align-items:center;justify-content:center;flex:1}.single b{font-size:28px;display:block}
.gauge-value{text-align:center;font-weight:bold}
</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="sub">Preview of the CloudWatch dashboard on its ${DASHBOARD_DEFAULTS.columns}-column grid · ${b.widgets.length} widgets · ${hasData ? "graphs drawn from the datapoints given" : "no data yet: graphs fill in once datapoints are given"}</p>
<div id="grid">
${widgets}
</div>
<script>${chartLibrary().replace(/<\/script/gi, "<\\/script")}</script>
<script type="application/json" id="charts">${scriptJson(charts)}</script>
<script>
(function () {
  var configs = JSON.parse(document.getElementById("charts").textContent);
  var time = function (v) { var d = new Date(v); return d.toISOString().slice(11, 16); };
  Object.keys(configs).forEach(function (id) {
    var cfg = configs[id];
    var canvas = document.getElementById(id);
    if (cfg.singleValue) {
      var box = canvas.parentNode;
      box.className = "single";
      box.innerHTML = cfg.singleValue.map(function (s) {
        var span = document.createElement("span");
        span.textContent = s.label;
        var b = document.createElement("b");
        b.textContent = String(Math.round(s.value * 100) / 100);
        return '<div>' + b.outerHTML + span.outerHTML + '</div>';
      }).join("");
      return;
    }
    if (cfg.options && cfg.options.scales && cfg.options.scales.x && cfg.options.scales.x.time) {
      delete cfg.options.scales.x.time;
      cfg.options.scales.x.ticks.callback = time;
      cfg.options.plugins.tooltip = { callbacks: { title: function (items) { return items.length ? time(items[0].parsed.x) : ""; } } };
    }
    new Chart(canvas, cfg);
    if (cfg.gauge) {
      var v = document.createElement("div");
      v.className = "gauge-value";
      v.textContent = cfg.gauge.value + " (" + cfg.gauge.min + "–" + cfg.gauge.max + ")";
      canvas.parentNode.parentNode.insertBefore(v, canvas.parentNode.nextSibling);
    }
  });
})();
</script>
</body></html>
`;
}
