import { TYPE } from "../../model/types";
import { filterMetrics, taggedEmits } from "../resources";
import type { StackRule, ResourceView } from "../types";

function metricKeysOfAlarm(a: ResourceView): string[] {
  const p = a.props;
  if (p.metricName) return [`${String(p.namespace)}/${String(p.metricName)}`];
  return ((p.metricQueries as { metric?: { namespace?: string; metricName?: string } }[] | undefined) ?? [])
    .filter((q) => q.metric?.metricName)
    .map((q) => `${String(q.metric!.namespace)}/${String(q.metric!.metricName)}`);
}

export const alarmWatchesEmittedMetric: StackRule = {
  kind: "stack",
  name: "alarm-watches-emitted-metric",
  description:
    "An alarm on a custom metric watches a metric something in the stack emits: a metric filter, or a resource tagged obskit:emits. Otherwise it can never fire.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const emitted = new Set<string>();
    for (const r of resources) {
      if (r.type === TYPE.metricFilter) for (const m of filterMetrics(r)) emitted.add(m);
      for (const m of taggedEmits(r)) emitted.add(m);
    }
    const out: { urn: string; message: string }[] = [];
    for (const a of resources.filter((r) => r.type === TYPE.metricAlarm)) {
      for (const key of metricKeysOfAlarm(a)) {
        if (key.startsWith("AWS/") || emitted.has(key)) continue;
        out.push({
          urn: a.urn,
          message: `alarm ${String(a.props.name ?? a.name)} watches ${key}, which no metric filter or obskit:emits resource of this stack publishes: it can never fire.`,
        });
      }
    }
    return out;
  },
};
