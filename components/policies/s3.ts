import { policy, type PolicyDocument } from "./document";

/** A bucket policy that denies every request not made over TLS (AWS's `aws:SecureTransport` pattern). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policy([
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
