import { TYPE } from "../../model/types";
import type { StackRule } from "../types";

export const lambdaLogGroup: StackRule = {
  kind: "stack",
  name: "lambda-explicit-log-group",
  description:
    "Every Lambda function logs to a log group declared in the stack (retention + KMS), never the implicit never-expiring one.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const groups = new Set(
      resources.filter((r) => r.type === TYPE.logGroup).map((r) => String(r.props.name)),
    );
    return resources
      .filter((r) => r.type === TYPE.function)
      .filter((fn) => {
        const configured = (fn.props.loggingConfig as { logGroup?: string } | undefined)?.logGroup;
        return !(configured ? groups.has(configured) : groups.has(`/aws/lambda/${String(fn.props.name)}`));
      })
      .map((fn) => ({
        urn: fn.urn,
        message: `Lambda ${String(fn.props.name ?? fn.name)} has no log group declared in the stack: declare one and set loggingConfig.logGroup.`,
      }));
  },
};
