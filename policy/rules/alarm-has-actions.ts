import { TYPE } from "../../model/types";
import { list } from "../resources";
import type { ResourceRule } from "../types";

export const alarmActions: ResourceRule = {
  kind: "resource",
  name: "alarm-has-actions",
  description: "Every alarm notifies someone.",
  enforcementLevel: "mandatory",
  types: [TYPE.metricAlarm],
  check: (r) =>
    list(r.props.alarmActions as string[] | undefined).length > 0
      ? []
      : [`alarm ${String(r.props.name ?? r.name)} has no alarmActions: nobody would be told.`],
};
