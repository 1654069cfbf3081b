import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

export const logGroupRetention: ResourceRule = {
  kind: "resource",
  name: "log-group-retention",
  description: "Log groups expire their events: a group without retention keeps (and bills) logs forever.",
  enforcementLevel: "mandatory",
  types: [TYPE.logGroup],
  check: (r) =>
    typeof r.props.retentionInDays === "number" && r.props.retentionInDays > 0
      ? []
      : [`log group ${String(r.props.name ?? r.name)} has no retention: set retentionInDays (e.g. 30).`],
};
