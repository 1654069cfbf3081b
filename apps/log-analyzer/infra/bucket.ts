import { privateBucketControls } from "../../../components/shared/bucket";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  accountRootAdmin,
  bucketReaderStatements,
  policy,
  tlsOnlyBucketPolicy,
  toJson,
} from "../../../components";
import type { IdentityStatement } from "../../../components/policies/document";
import type { AnalyzerContext } from "./args";

/**
 * The JSONL bucket the API and the scheduled run read: its own rotating key, versioning, every
 * public-access block, bucket-owner-enforced ownership, a TLS-only policy and lifecycle rules.
 * Returns the bucket and the statements that let a reader use it (and its key, only through S3).
 */
export function analyzerBucket(ctx: AnalyzerContext): {
  bucket: aws.s3.Bucket;
  readerStatements: pulumi.Output<IdentityStatement[]>;
} {
  const { name, parent, tags, protect } = ctx;
  const keep = { protect, retainOnDelete: protect };
  const bucketKey = new aws.kms.Key(
    `${name}-bucket-key`,
    {
      description: `obskit: ${name} JSONL log bucket`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: ctx.accountId.apply((acct) =>
        toJson(policy([accountRootAdmin(acct)], "obskit-analyzer-bucket-key")),
      ),
      tags,
    },
    { parent, ...keep },
  );
  const bucket = new aws.s3.Bucket(`${name}-logs`, { forceDestroy: !protect, tags }, { parent, ...keep });
  const { publicAccess } = privateBucketControls(
    `${name}-logs`,
    bucket,
    { kmsKeyArn: bucketKey.arn, bucketKeyEnabled: true },
    { parent },
  );
  new aws.s3.BucketPolicy(
    `${name}-logs-tls-only`,
    { bucket: bucket.id, policy: bucket.arn.apply((arn) => toJson(tlsOnlyBucketPolicy(arn))) },
    { parent, dependsOn: [publicAccess] },
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-logs-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire-old-versions",
          status: "Enabled",
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: 30 },
        },
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    { parent },
  );
  const readerStatements = pulumi
    .all([ctx.region, bucket.arn, bucketKey.arn])
    .apply(([r, bucketArn, bucketKeyArn]) => bucketReaderStatements({ region: r, bucketArn, bucketKeyArn }));
  return { bucket, readerStatements };
}
