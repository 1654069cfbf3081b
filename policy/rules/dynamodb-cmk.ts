import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

export const tableCmk: ResourceRule = {
  kind: "resource",
  name: "dynamodb-cmk",
  description: "DynamoDB tables are encrypted with a customer-managed key.",
  enforcementLevel: "mandatory",
  types: [TYPE.table],
  check: (r) => {
    const sse = r.props.serverSideEncryption as { enabled?: boolean; kmsKeyArn?: string } | undefined;
    return sse?.enabled && sse.kmsKeyArn
      ? []
      : [
          "DynamoDB table is not encrypted with a customer-managed key: set serverSideEncryption { enabled, kmsKeyArn }.",
        ];
  },
};
