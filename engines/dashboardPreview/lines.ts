/**
 * The lines a metric widget draws from preview data: its metrics' datapoints, and its math
 * expressions evaluated with the alarm evaluator's metric math over the widget's timestamps,
 * `SEARCH` included (over the metrics the data holds, each aggregated to the search's period). An
 * expression that gives an array of time series (a search) draws one line per series, labelled by
 * the row's label with its dynamic `${PROP('…')}` parts filled in for each metric.
 */
import { metricKey } from "../../components/dashboard/body";
import {
  evaluateExpression,
  parseExpression,
  type ExpressionNode,
  type MathValue,
  type SearchRequest,
} from "../alarmEvaluation/math";
import { searchMetrics, type SearchableMetric } from "./search";

/** Datapoints by metric key: `[epoch milliseconds, value]`, oldest first. */
export type PointsByKey = Record<string, [number, number][]>;

/** One row of a metric widget, as the preview reads it. */
export interface WidgetRow {
  label: string;
  /** Its metric key. @default none, for an expression */
  key?: string;
  /** Its metric key with its statistic. @default none, for an expression */
  statKey?: string;
  /** Its math expression. @default none, for a metric */
  expression?: string;
  /** Its id in the widget. @default none */
  id?: string;
  /** Whether the row's explicit label was given (a search's lines then start with it). */
  labelled: boolean;
  visible: boolean;
}

/** One line to draw. */
export interface WidgetLine {
  /** The row it comes from (its index in the widget's rows). */
  row: number;
  label: string;
  points: [number, number][];
}

/** What the widget's rows gave: the lines, and a problem per row whose expression failed. */
export interface WidgetLines {
  lines: WidgetLine[];
  problems: Record<number, string>;
}

/** A metric the data holds, with its key (from {@link metricKey}). */
interface Catalogued extends SearchableMetric {
  key: string;
}

/** The metrics of preview data, read back from their keys (`Namespace/Name{Dim=v,…}`, `@Stat` aside). */
export function catalogue(data: PointsByKey): Catalogued[] {
  const out = new Map<string, Catalogued>();
  for (const key of Object.keys(data)) {
    const m = /^(.+)\/([^/{}@]+)(?:\{(.*)\})?(?:@[^@{}]+)?$/.exec(key);
    if (!m) continue;
    const dimensions: Record<string, string> = {};
    for (const pair of m[3] ? m[3].split(",") : []) {
      const eq = pair.indexOf("=");
      if (eq > 0) dimensions[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const plain = metricKey(m[1], m[2], dimensions);
    if (!out.has(plain)) out.set(plain, { namespace: m[1], name: m[2], dimensions, key: plain });
  }
  return [...out.values()];
}

/** Statistics whose value over a longer period is the sum of the shorter periods' values. */
const ADDITIVE = new Set(["Sum", "SampleCount"]);

/**
 * Points at `periodSeconds`, from points at a shorter period: sums for Sum and SampleCount, extremes
 * for Maximum and Minimum, the mean of the shorter periods' values otherwise (exact for equal counts).
 */
export function toPeriod(
  points: [number, number][],
  stat: string,
  periodSeconds: number,
): [number, number][] {
  const ms = periodSeconds * 1000;
  const buckets = new Map<number, number[]>();
  for (const [t, v] of points) {
    const at = Math.floor(t / ms) * ms;
    const b = buckets.get(at);
    if (b) b.push(v);
    else buckets.set(at, [v]);
  }
  const combine = (xs: number[]): number =>
    ADDITIVE.has(stat)
      ? xs.reduce((a, b) => a + b, 0)
      : stat === "Maximum"
        ? Math.max(...xs)
        : stat === "Minimum"
          ? Math.min(...xs)
          : xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, xs]) => [t, combine(xs)]);
}

/** A row's dynamic label for one metric: `${PROP('Dim.x')}`, `${PROP('MetricName')}`, `${PROP('Namespace')}`. */
export function dynamicLabel(
  label: string,
  m: SearchableMetric,
  stat: string,
  periodSeconds: number,
): string {
  return label.replace(/\$\{PROP\('([^']+)'\)\}/g, (_, prop: string) => {
    if (prop.startsWith("Dim.")) return m.dimensions[prop.slice(4)] ?? "";
    if (prop === "MetricName") return m.name;
    if (prop === "Namespace") return m.namespace;
    if (prop === "Stat") return stat;
    if (prop === "Period") return String(periodSeconds);
    return "";
  });
}

/** Every `SEARCH` call of a tree with literal arguments. */
function searchesIn(node: ExpressionNode, defaultPeriod: number): SearchRequest[] {
  const out: SearchRequest[] = [];
  const walk = (n: ExpressionNode): void => {
    if (n.t === "call") {
      const [q, s, p] = n.args;
      if (n.fn === "SEARCH" && q?.t === "str" && s?.t === "str")
        out.push({ query: q.v, stat: s.v, periodSeconds: p?.t === "num" ? p.v : defaultPeriod });
      n.args.forEach(walk);
    } else if (n.t === "bin") {
      walk(n.a);
      walk(n.b);
    } else if (n.t === "unary") walk(n.a);
    else if (n.t === "list") n.items.forEach(walk);
  };
  walk(node);
  return out;
}

const requestKey = (r: SearchRequest) => `${r.stat}\0${r.periodSeconds}\0${r.query}`;

/**
 * The lines of a widget's rows over `data`. `periodSeconds` is the widget's period (a search
 * without its own period uses it).
 */
export function widgetLines(
  rows: readonly WidgetRow[],
  data: PointsByKey,
  periodSeconds: number,
): WidgetLines {
  const problems: Record<number, string> = {};
  const metricPoints = rows.map((r) => (r.key ? (data[r.statKey!] ?? data[r.key]) : undefined));
  const trees = rows.map((r, i): ExpressionNode | undefined => {
    if (r.expression === undefined) return undefined;
    try {
      return parseExpression(r.expression, { search: true });
    } catch (error) {
      problems[i] = (error as Error).message;
      return undefined;
    }
  });

  // what each search finds, at its period: the metrics and their points
  const metrics = catalogue(data);
  const found = new Map<string, { metric: Catalogued; points: [number, number][] }[]>();
  const rejected = new Map<string, Error>();
  for (const tree of trees)
    for (const r of tree ? searchesIn(tree, periodSeconds) : []) {
      if (found.has(requestKey(r))) continue;
      let matches: Catalogued[] = [];
      try {
        matches = searchMetrics(r.query, metrics);
      } catch (error) {
        rejected.set(requestKey(r), error as Error); // reported when the expression is evaluated
      }
      found.set(
        requestKey(r),
        matches
          .map((metric) => {
            const source =
              data[metricKey(metric.namespace, metric.name, metric.dimensions, r.stat)] ?? data[metric.key];
            return { metric, points: toPeriod(source ?? [], r.stat, r.periodSeconds) };
          })
          .filter((x) => x.points.length > 0),
      );
    }

  // the widget's timestamps: every datapoint of its metrics and of what its searches found
  const times = new Set<number>();
  for (const p of metricPoints) for (const [t] of p ?? []) times.add(t);
  for (const list of found.values()) for (const x of list) for (const [t] of x.points) times.add(t);
  const grid = [...times].sort((a, b) => a - b);
  const index = new Map(grid.map((t, i) => [t, i]));
  const onGrid = (points: [number, number][]): Float64Array => {
    const s = new Float64Array(grid.length).fill(NaN);
    for (const [t, v] of points) s[index.get(t)!] = v;
    return s;
  };
  const fromGrid = (s: Float64Array): [number, number][] =>
    grid.flatMap((t, i): [number, number][] => (Number.isFinite(s[i]) ? [[t, s[i]]] : []));

  // a search's series carry their metric, for their labels
  const metricOf = new WeakMap<Float64Array, { metric: SearchableMetric; stat: string; period: number }>();
  const search = (r: SearchRequest): Float64Array[] => {
    const error = rejected.get(requestKey(r));
    if (error) throw error;
    const list = found.get(requestKey(r));
    if (list === undefined) throw new Error(`SEARCH arguments must be literals: ${r.query}`);
    return list.map((x) => {
      const s = onGrid(x.points);
      metricOf.set(s, { metric: x.metric, stat: r.stat, period: r.periodSeconds });
      return s;
    });
  };
  const byId = new Map<string, number>();
  rows.forEach((r, i) => r.id !== undefined && byId.set(r.id, i));
  const values = new Map<number, MathValue | undefined>();
  const evaluating = new Set<number>();
  const step = grid.length > 1 ? Math.min(...grid.slice(1).map((t, i) => t - grid[i])) / 1000 : periodSeconds;
  const valueOf = (i: number): MathValue | undefined => {
    if (values.has(i)) return values.get(i);
    const r = rows[i];
    let v: MathValue | undefined;
    if (r.expression === undefined) v = metricPoints[i] ? onGrid(metricPoints[i]!) : undefined;
    else if (trees[i] !== undefined && !evaluating.has(i)) {
      evaluating.add(i);
      try {
        v = evaluateExpression(r.expression, trees[i]!, {
          series: (id) => {
            const at = byId.get(id);
            const x = at === undefined ? undefined : valueOf(at);
            return typeof x === "number" ? new Float64Array(grid.length).fill(x) : x;
          },
          metricIds: () =>
            rows
              .flatMap((x) => (x.expression === undefined && x.id ? [x.id] : []))
              .filter((id) => valueOf(byId.get(id)!) !== undefined),
          periodSeconds: step,
          length: grid.length,
          timestamps: grid,
          search,
        });
      } catch (error) {
        problems[i] = (error as Error).message;
      }
      evaluating.delete(i);
    }
    values.set(i, v);
    return v;
  };

  const lines: WidgetLine[] = [];
  rows.forEach((r, i) => {
    if (!r.visible) return;
    const v = valueOf(i);
    if (v === undefined) return;
    if (typeof v === "number") lines.push({ row: i, label: r.label, points: grid.map((t) => [t, v]) });
    else if (!Array.isArray(v)) lines.push({ row: i, label: r.label, points: fromGrid(v) });
    else
      v.forEach((s, k) => {
        const m = metricOf.get(s);
        const own = m
          ? m.metric.name +
            Object.values(m.metric.dimensions)
              .map((d) => ` ${d}`)
              .join("")
          : `${k + 1}`;
        const label = !r.labelled
          ? own
          : /\$\{PROP\(/.test(r.label)
            ? m
              ? dynamicLabel(r.label, m.metric, m.stat, m.period)
              : `${r.label} ${k + 1}`
            : `${r.label} ${own}`;
        lines.push({ row: i, label, points: fromGrid(s) });
      });
  });
  return { lines: lines.filter((l) => l.points.length > 0), problems };
}
