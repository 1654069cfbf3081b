import { resourcePolicy, type ResourcePolicy } from "./document";

/** A bucket policy that denies every request not made over TLS (AWS's `aws:SecureTransport` pattern). */
export function tlsOnlyBucketPolicy(bucketArn: string): ResourcePolicy {
  return resourcePolicy([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
  ]);
}
