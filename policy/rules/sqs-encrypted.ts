import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

export const queueEncrypted: ResourceRule = {
  kind: "resource",
  name: "sqs-encrypted",
  description: "SQS queues are encrypted (a KMS key or SQS-managed SSE).",
  enforcementLevel: "mandatory",
  types: [TYPE.queue],
  check: (r) =>
    r.props.kmsMasterKeyId || r.props.sqsManagedSseEnabled === true
      ? []
      : ["SQS queue is not encrypted: set kmsMasterKeyId."],
};
