import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

/** CIS AWS Foundations 3.4: trails deliver to CloudWatch Logs, where the monitoring controls run. */
export const cloudtrailCloudwatchLogs: ResourceRule = {
  kind: "resource",
  name: "cloudtrail-cloudwatch-logs",
  description:
    "CloudTrail trails deliver to a CloudWatch Logs group (with a role CloudTrail assumes), so metric filters and alarms can watch the API activity.",
  enforcementLevel: "mandatory",
  types: [TYPE.trail],
  check: (r) => {
    const name = String(r.props.name ?? r.name);
    const out: string[] = [];
    if (!r.props.cloudWatchLogsGroupArn)
      out.push(
        `trail ${name} does not deliver to CloudWatch Logs: set cloudWatchLogsGroupArn (the group's ARN ending :*).`,
      );
    if (!r.props.cloudWatchLogsRoleArn)
      out.push(`trail ${name} has no role to write to CloudWatch Logs: set cloudWatchLogsRoleArn.`);
    return out;
  },
};
