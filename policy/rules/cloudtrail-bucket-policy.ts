import { TYPE } from "../../model/types";
import {
  bucketName,
  BUCKET_TYPES,
  conditionValues,
  list,
  principals,
  statements,
  type Stmt,
} from "../resources";
import type { ResourceView, StackRule } from "../types";

const ARN_OPERATORS = ["StringEquals", "ArnEquals", "ArnLike", "StringLike"];

/** Whether `s` is bound to exactly this trail: `aws:SourceArn` = its ARN, no wildcard, no other value. */
function boundToTrail(s: Stmt, trailArn: string): boolean {
  const c = conditionValues(s, "aws:SourceArn");
  return (
    c.length > 0 &&
    c.every((x) => ARN_OPERATORS.includes(x.operator) && x.values.length === 1 && x.values[0] === trailArn)
  );
}

const allowsCloudTrail = (s: Stmt, action: string): boolean =>
  s.Effect === "Allow" &&
  principals(s, "Service").includes("cloudtrail.amazonaws.com") &&
  list(s.Action).some((a) => a.toLowerCase() === action.toLowerCase());

/**
 * The trail's ARN: its state's, or `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`
 * from its name and the region and account of its key or log group ARN.
 */
function trailArnOf(trail: ResourceView): string | undefined {
  if (typeof trail.props.arn === "string" && trail.props.arn.startsWith("arn:")) return trail.props.arn;
  const name = trail.props.name;
  for (const v of [trail.props.kmsKeyId, trail.props.cloudWatchLogsGroupArn]) {
    const m = typeof v === "string" ? /^arn:([^:]+):[^:]+:([a-z0-9-]+):(\d{12}):/.exec(v) : null;
    if (m && typeof name === "string") return `arn:${m[1]}:cloudtrail:${m[2]}:${m[3]}:trail/${name}`;
  }
  return undefined;
}

/**
 * What the CloudTrail user guide requires of a trail's bucket policy ("Amazon S3 bucket policy for
 * CloudTrail"): `s3:GetBucketAcl` on the bucket and `s3:PutObject` on
 * `[<prefix>/]AWSLogs/<account>/*` with `s3:x-amz-acl` = `bucket-owner-full-control`, each for
 * `cloudtrail.amazonaws.com` bound by `aws:SourceArn` = the trail's ARN. A trail writing to a bucket
 * this stack does not declare (brought from elsewhere) is not checked here: its policy lives there.
 */
export const cloudtrailBucketPolicy: StackRule = {
  kind: "stack",
  name: "cloudtrail-bucket-policy",
  description:
    "A trail's bucket policy lets cloudtrail.amazonaws.com GetBucketAcl on the bucket and PutObject (bucket-owner-full-control) under AWSLogs/<account>/, each only for that trail (aws:SourceArn).",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const out: { urn: string; message: string }[] = [];
    for (const trail of resources.filter((r) => r.type === TYPE.trail)) {
      const bucket = String(trail.props.s3BucketName ?? "");
      if (!resources.some((b) => BUCKET_TYPES.includes(b.type) && bucketName(b) === bucket)) continue;
      const name = String(trail.props.name ?? trail.name);
      const trailArn = trailArnOf(trail);
      if (trailArn === undefined) continue; // not known yet: checked when it is
      const account = trailArn.split(":")[4];
      const partition = trailArn.split(":")[1];
      const bucketArn = `arn:${partition}:s3:::${bucket}`;
      const prefix = trail.props.s3KeyPrefix ? `${String(trail.props.s3KeyPrefix)}/` : "";
      const logsArn = `${bucketArn}/${prefix}AWSLogs/${account}/*`;
      const st = resources
        .filter((r) => r.type === TYPE.bucketPolicy && String(r.props.bucket) === bucket)
        .flatMap((r) => statements(r.props.policy) ?? []);
      const aclOk = st.some(
        (s) =>
          allowsCloudTrail(s, "s3:GetBucketAcl") &&
          list(s.Resource).includes(bucketArn) &&
          boundToTrail(s, trailArn),
      );
      const putOk = st.some(
        (s) =>
          allowsCloudTrail(s, "s3:PutObject") &&
          list(s.Resource).length > 0 &&
          list(s.Resource).every((r) => r === logsArn) &&
          conditionValues(s, "s3:x-amz-acl").some(
            (c) =>
              c.operator === "StringEquals" &&
              c.values.length === 1 &&
              c.values[0] === "bucket-owner-full-control",
          ) &&
          boundToTrail(s, trailArn),
      );
      if (!aclOk)
        out.push({
          urn: trail.urn,
          message: `trail ${name}: the policy of bucket ${bucket} does not allow cloudtrail.amazonaws.com s3:GetBucketAcl on ${bucketArn} with aws:SourceArn = ${trailArn}.`,
        });
      if (!putOk)
        out.push({
          urn: trail.urn,
          message: `trail ${name}: the policy of bucket ${bucket} does not allow cloudtrail.amazonaws.com s3:PutObject on exactly ${logsArn} with s3:x-amz-acl = bucket-owner-full-control and aws:SourceArn = ${trailArn}.`,
        });
    }
    return out;
  },
};
