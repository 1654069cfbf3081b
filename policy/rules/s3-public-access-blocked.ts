import { TYPE } from "../../model/types";
import type { StackRule } from "../types";

export const bucketPublicAccess: StackRule = {
  kind: "stack",
  name: "s3-public-access-blocked",
  description: "Every S3 bucket has all four public-access blocks on.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const blocked = new Set(
      resources
        .filter((r) => r.type === TYPE.bucketPublicAccessBlock)
        .filter((r) =>
          ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(
            (k) => r.props[k] === true,
          ),
        )
        .map((r) => String(r.props.bucket)),
    );
    return resources
      .filter((r) => r.type === TYPE.bucket || r.type === TYPE.bucketV2)
      .filter((b) => !blocked.has(String(b.props.bucket ?? b.props.id ?? b.name)))
      .map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} has no BucketPublicAccessBlock with all four blocks on.`,
      }));
  },
};
