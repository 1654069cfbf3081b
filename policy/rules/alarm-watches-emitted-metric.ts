import { EMITS_TAG } from "../../components/tags";
import { T } from "../resources";
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
      if (r.type === T.filter) {
        const t = r.props.metricTransformation as
          { namespace?: string; name?: string } | { namespace?: string; name?: string }[] | undefined;
        for (const m of Array.isArray(t) ? t : t ? [t] : [])
          emitted.add(`${String(m.namespace)}/${String(m.name)}`);
      }
      const tags = r.props.tags as Record<string, string> | undefined;
      for (const m of (tags?.[EMITS_TAG] ?? "").split(/\s+/).filter(Boolean)) emitted.add(m);
    }
    const out: { urn: string; message: string }[] = [];
    for (const a of resources.filter((r) => r.type === T.alarm)) {
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
