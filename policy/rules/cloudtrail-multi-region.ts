import { TYPE } from "../../model/types";
import type { ResourceRule } from "../types";

/** CIS AWS Foundations 3.1: one trail records every region, including global services (IAM, STS). */
export const cloudtrailMultiRegion: ResourceRule = {
  kind: "resource",
  name: "cloudtrail-multi-region",
  description:
    "CloudTrail trails record every region and global service events: a single-region trail misses activity in the regions nobody watches.",
  enforcementLevel: "mandatory",
  types: [TYPE.trail],
  check: (r) => {
    const name = String(r.props.name ?? r.name);
    const out: string[] = [];
    if (r.props.isMultiRegionTrail !== true)
      out.push(`trail ${name} records one region only: set isMultiRegionTrail: true.`);
    if (r.props.includeGlobalServiceEvents === false)
      out.push(
        `trail ${name} excludes global service events (IAM, STS): set includeGlobalServiceEvents: true.`,
      );
    return out;
  },
};
