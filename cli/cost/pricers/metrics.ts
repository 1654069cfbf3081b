import { TYPE } from "../../../model";
import { arr, num, obj, str } from "../read";
import type { CostResource, PricingContext } from "../pricing";

/** Custom metrics (one per name and dimension combination) and the alarms on them. */
export function priceMetricsAndAlarms(ctx: PricingContext): void {
  const { ofType, add, a } = ctx;
  // Custom metrics: one per metric name + dimension combination (metric filters, then alarms on
  // custom namespaces the stack's code publishes)
  const metrics = new Map<string, { res: string[]; combos: number; source: string }>();
  for (const f of ofType(TYPE.metricFilter)) {
    const t = obj(f.inputs.metricTransformation);
    const dims = Object.keys(obj(t.dimensions));
    const key = `${str(t.namespace)}/${str(t.name)}|${dims.sort().join(",")}`;
    const combos = dims.length === 0 ? 1 : a.dimensionValuesPerDimension ** dims.length;
    const m = metrics.get(key) ?? { res: [], combos, source: "metric filter" };
    m.res.push(f.name);
    metrics.set(key, m);
  }
  const awsNamespace = (ns: string | undefined): boolean => ns === undefined || ns.startsWith("AWS/");
  const alarmMetricRefs = (al: CostResource): { namespace?: string; name?: string; dims: string }[] => {
    const queries = arr(al.inputs.metricQueries).map(obj);
    if (queries.length === 0)
      return [
        {
          namespace: str(al.inputs.namespace),
          name: str(al.inputs.metricName),
          dims: JSON.stringify(obj(al.inputs.dimensions)),
        },
      ];
    return queries
      .filter((q) => q.metric !== undefined)
      .map((q) => {
        const m = obj(q.metric);
        return {
          namespace: str(m.namespace),
          name: str(m.metricName),
          dims: JSON.stringify(obj(m.dimensions)),
        };
      });
  };
  const alarms = ofType(TYPE.metricAlarm);
  for (const al of alarms)
    for (const ref of alarmMetricRefs(al)) {
      if (awsNamespace(ref.namespace) || ref.name === undefined) continue;
      const filterKey = [...metrics.keys()].find((k) => k.startsWith(`${ref.namespace}/${ref.name}|`));
      if (filterKey) continue;
      const key = `${ref.namespace}/${ref.name}|${ref.dims}`;
      const m = metrics.get(key) ?? {
        res: [],
        combos: 1,
        source: "published by the stack's code (its alarm names it)",
      };
      m.res.push(al.name);
      metrics.set(key, m);
    }
  for (const [key, m] of metrics) {
    const [metric, dims] = key.split("|");
    add(
      "CloudWatch metrics",
      `${metric}${dims && dims !== "{}" ? ` by ${dims}` : ""} (${m.source})`,
      m.res,
      "metrics.custom",
      m.combos,
      `${m.combos} metric${m.combos === 1 ? "" : "s"}`,
      m.combos > 1 ? [`${a.dimensionValuesPerDimension} values per dimension`] : [],
    );
  }

  // Alarms: per alarm metric, by resolution; anomaly detection bands count 3 metrics each
  for (const al of alarms) {
    const queries = arr(al.inputs.metricQueries).map(obj);
    const periods = [num(al.inputs.period), ...queries.map((q) => num(obj(q.metric).period))].filter(
      (p): p is number => p !== undefined,
    );
    const highRes = periods.some((p) => p < 60);
    const metricCount = queries.length === 0 ? 1 : queries.filter((q) => q.metric !== undefined).length;
    const anomaly = queries.some((q) => /ANOMALY_DETECTION_BAND/.test(str(q.expression) ?? ""));
    const billed = anomaly ? metricCount * 3 : metricCount;
    const kind = anomaly ? "anomaly detection" : queries.length > 0 ? "metric math" : "standard";
    add(
      "CloudWatch alarms",
      `${str(al.inputs.name) ?? al.name} (${kind}${highRes ? ", high resolution" : ""})`,
      [al.name],
      highRes ? "alarms.highResolution" : "alarms.standard",
      billed,
      anomaly
        ? `${metricCount} metric${metricCount === 1 ? "" : "s"} × 3 (band)`
        : `${billed} alarm metric${billed === 1 ? "" : "s"}`,
    );
  }
  for (const c of ofType(TYPE.compositeAlarm))
    add(
      "CloudWatch alarms",
      `${str(c.inputs.alarmName) ?? c.name} (composite)`,
      [c.name],
      "alarms.composite",
      1,
      "1 composite alarm",
    );
}
