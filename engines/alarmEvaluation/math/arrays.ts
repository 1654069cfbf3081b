/**
 * Functions that pick series of an array: METRICS (the widget's or alarm's metric queries, by id
 * substring), REMOVE_EMPTY, SORT (by AVG, MIN, MAX or SUM, ASC or DESC, with a limit), SLICE, and
 * SEARCH (the series a search query finds, where the context can search: dashboards).
 */
import { arity, arrayArgument, onlyArgument, present, sum, type MathFunction } from "./values";

/** One series' statistic, as SORT ranks by it. */
function statOf(s: Float64Array, how: string): number {
  const xs = present(s);
  if (xs.length === 0) return NaN;
  if (how === "AVG") return sum(xs) / xs.length;
  if (how === "MIN") return Math.min(...xs);
  if (how === "MAX") return Math.max(...xs);
  return sum(xs);
}

export const ARRAY_FUNCTIONS: Record<string, MathFunction> = {
  METRICS: (n, ev) => {
    arity(ev, n, 0, 1);
    const filter = n.args[0];
    if (filter && filter.t !== "str") return ev.fail(n.pos, "METRICS takes a string");
    return ev.ctx
      .metricIds()
      .filter((id) => !filter || (filter.t === "str" && id.includes(filter.v)))
      .map((id) => ev.ctx.series(id) as Float64Array);
  },
  REMOVE_EMPTY: (n, ev) => {
    const v = onlyArgument(ev, n);
    return Array.isArray(v)
      ? v.filter((s) => present(s).length > 0)
      : ev.fail(n.pos, "REMOVE_EMPTY takes an array of time series");
  },
  SORT: (n, ev) => {
    arity(ev, n, 3, 4);
    const [, how, order] = n.args;
    const v = arrayArgument(ev, n, ev.run(n.args[0]));
    if (how.t !== "id" || !["AVG", "MIN", "MAX", "SUM"].includes(how.id))
      return ev.fail(n.pos, "SORT sorts by AVG, MIN, MAX or SUM");
    if (order.t !== "id" || (order.id !== "ASC" && order.id !== "DESC"))
      return ev.fail(n.pos, "SORT order is ASC or DESC");
    const sorted = v
      .map((s) => ({ s, k: statOf(s, how.id) }))
      .sort((x, y) => (order.id === "ASC" ? x.k - y.k : y.k - x.k))
      .map((x) => x.s);
    if (n.args.length === 4) {
      const limit = ev.run(n.args[3]);
      if (typeof limit !== "number") return ev.fail(n.pos, "SORT's limit is a scalar");
      return sorted.slice(0, limit);
    }
    return sorted;
  },
  SLICE: (n, ev) => {
    arity(ev, n, 2, 3);
    const v = arrayArgument(ev, n, ev.run(n.args[0]));
    const from = ev.run(n.args[1]);
    const to = n.args.length === 3 ? ev.run(n.args[2]) : v.length;
    if (typeof from !== "number" || typeof to !== "number")
      return ev.fail(n.pos, "SLICE's bounds are scalars");
    return v.slice(from, to);
  },
  SEARCH: (n, ev) => {
    arity(ev, n, 2, 3);
    const [query, stat, period] = n.args;
    if (query.t !== "str" || stat.t !== "str")
      return ev.fail(n.pos, "SEARCH takes a quoted search query and a quoted statistic");
    const periodSeconds = period === undefined ? ev.ctx.periodSeconds : ev.run(period);
    if (typeof periodSeconds !== "number" || !(periodSeconds > 0))
      return ev.fail(n.pos, "SEARCH's period is a number of seconds");
    if (!ev.ctx.search) return ev.fail(n.pos, "SEARCH is evaluated in dashboard graphs only, not in alarms");
    return ev.ctx.search({ query: query.v, stat: stat.v, periodSeconds });
  },
};
