import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

export const topicCmk: ResourceRule = {
  kind: "resource",
  name: "sns-topic-cmk",
  description:
    "SNS topics are encrypted with a customer-managed key; never alias/aws/sns, which CloudWatch alarms cannot use (their notifications are silently dropped).",
  enforcementLevel: "mandatory",
  types: [TYPE.topic],
  check: (r) => {
    const key = r.props.kmsMasterKeyId;
    if (!key) return ["SNS topic is not encrypted: set kmsMasterKeyId to a customer-managed key."];
    return /alias\/aws\/sns$/.test(String(key))
      ? ["SNS topic uses alias/aws/sns: CloudWatch alarms cannot publish to it. Use a customer-managed key."]
      : [];
  },
};
