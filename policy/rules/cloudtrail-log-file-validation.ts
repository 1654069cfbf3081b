import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

/** CIS AWS Foundations 3.2: digest files prove the delivered log files were not altered. */
export const cloudtrailLogFileValidation: ResourceRule = {
  kind: "resource",
  name: "cloudtrail-log-file-validation",
  description:
    "CloudTrail trails validate their log files (signed hourly digests), so a changed or deleted log file can be detected.",
  enforcementLevel: "mandatory",
  types: [TYPE.trail],
  check: (r) =>
    r.props.enableLogFileValidation === true
      ? []
      : [
          `trail ${String(r.props.name ?? r.name)} does not validate its log files: set enableLogFileValidation: true.`,
        ],
};
