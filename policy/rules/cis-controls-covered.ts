import { TYPE } from "../../model/types";
import { CIS_CONTROL_IDS, CIS_CONTROL_TAG } from "../../components/auditTrail/cis";
import { filterMetrics } from "../resources";
import type { ResourceView, StackRule } from "../types";

export { CIS_CONTROL_IDS, CIS_CONTROL_TAG };

/**
 * The controls the stack's settings enable: none without an audit system (`settings.audit` absent),
 * none when `audit.enabled` is false, else every control not set to false in `audit.cis`.
 */
export function enabledControls(settings: Record<string, unknown>): string[] {
  const audit = settings.audit as { enabled?: unknown; cis?: Record<string, unknown> } | undefined;
  if (audit === undefined || audit === null || audit.enabled === false || audit.enabled === "false")
    return [];
  const cis = audit.cis ?? {};
  return CIS_CONTROL_IDS.filter((id) => cis[id] !== false && cis[id] !== "false");
}

/** `arn:…:log-group:<name>[:*]` → `<name>`. */
const groupOfArn = (arn: unknown): string | undefined =>
  typeof arn === "string" ? /:log-group:([^:]+)(:\*)?$/.exec(arn)?.[1] : undefined;

const metricKey = (namespace: unknown, name: unknown) => `${String(namespace)}/${String(name)}`;

/**
 * Every CIS control the stack's settings enable has its metric filter on a CloudTrail log group
 * (a group a trail of the stack delivers to) and an alarm tagged `obskit:cis-control` = the control
 * id watching that filter's metric (the CIS contract).
 */
export const cisControlsCovered: StackRule = {
  kind: "stack",
  name: "cis-controls-covered",
  description:
    "Every CIS monitoring control enabled in obskit:audit has a metric filter on the trail's log group and an alarm (tagged obskit:cis-control) on that filter's metric.",
  enforcementLevel: "mandatory",
  check: (resources, ctx) => {
    const enabled = enabledControls(ctx.settings);
    if (enabled.length === 0) return [];
    const trails = resources.filter((r) => r.type === TYPE.trail);
    const trailGroups = new Set(
      trails.map((t) => groupOfArn(t.props.cloudWatchLogsGroupArn)).filter(Boolean),
    );
    const emitted = new Set<string>();
    for (const f of resources.filter(
      (r) => r.type === TYPE.metricFilter && trailGroups.has(String(r.props.logGroupName)),
    ))
      for (const m of filterMetrics(f)) emitted.add(m);
    const alarmsOf = (id: string): ResourceView[] =>
      resources.filter(
        (r) =>
          r.type === TYPE.metricAlarm &&
          (r.props.tags as Record<string, string> | undefined)?.[CIS_CONTROL_TAG] === id,
      );
    const urn = trails[0]?.urn ?? "";
    const out: { urn: string; message: string }[] = [];
    if (trails.length === 0)
      out.push({
        urn,
        message: "obskit:audit enables the CIS controls, but the stack declares no CloudTrail trail.",
      });
    for (const id of enabled) {
      const alarms = alarmsOf(id);
      if (alarms.length === 0) {
        out.push({
          urn,
          message: `CIS control ${id} is enabled but no alarm is tagged ${CIS_CONTROL_TAG}=${id}.`,
        });
        continue;
      }
      if (!alarms.some((a) => emitted.has(metricKey(a.props.namespace, a.props.metricName))))
        out.push({
          urn: alarms[0].urn,
          message: `CIS control ${id}: alarm ${String(alarms[0].props.name ?? alarms[0].name)} watches ${metricKey(alarms[0].props.namespace, alarms[0].props.metricName)}, which no metric filter on a trail's log group emits.`,
        });
    }
    return out;
  },
};
