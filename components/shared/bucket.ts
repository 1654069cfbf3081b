import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * S3 storage classes a lifecycle rule may move objects to (cheaper than STANDARD). TypeScript
 * callers write the value (`"GLACIER_IR"`) or the member (`TransitionStorageClass.GlacierIr`).
 */
export const TransitionStorageClass = {
  StandardIa: "STANDARD_IA",
  OnezoneIa: "ONEZONE_IA",
  IntelligentTiering: "INTELLIGENT_TIERING",
  GlacierIr: "GLACIER_IR",
  Glacier: "GLACIER",
  DeepArchive: "DEEP_ARCHIVE",
} as const;
export type TransitionStorageClass = (typeof TransitionStorageClass)[keyof typeof TransitionStorageClass];

/** Every {@link TransitionStorageClass}, in the order above (cheapest retrieval first). */
export const TRANSITION_STORAGE_CLASSES: readonly TransitionStorageClass[] =
  Object.values(TransitionStorageClass);

/** The controls every obskit bucket carries, and the resources they are. */
export interface PrivateBucketControls {
  ownership: aws.s3.BucketOwnershipControls;
  publicAccess: aws.s3.BucketPublicAccessBlock;
  versioning: aws.s3.BucketVersioning;
  encryption: aws.s3.BucketServerSideEncryptionConfiguration;
}

/**
 * Makes a bucket private and encrypted the one way obskit does it: bucket-owner-enforced
 * ownership (no ACLs), all four public-access blocks, versioning, and default encryption with a
 * customer-managed key. Children are named `<prefix>-ownership`, `-public-access`, `-versioning`,
 * `-encryption`. A bucket policy that reads the public-access block should depend on
 * `publicAccess`.
 */
export function privateBucketControls(
  prefix: string,
  bucket: aws.s3.Bucket,
  encryption: {
    /** The customer-managed key encrypting objects. */
    kmsKeyArn: pulumi.Input<string>;
    /** Whether S3 uses a Bucket Key (fewer KMS calls, under the bucket's encryption context). */
    bucketKeyEnabled: boolean;
  },
  opts: pulumi.CustomResourceOptions,
): PrivateBucketControls {
  return {
    ownership: new aws.s3.BucketOwnershipControls(
      `${prefix}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      opts,
    ),
    publicAccess: new aws.s3.BucketPublicAccessBlock(
      `${prefix}-public-access`,
      {
        bucket: bucket.bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      opts,
    ),
    versioning: new aws.s3.BucketVersioning(
      `${prefix}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      opts,
    ),
    encryption: new aws.s3.BucketServerSideEncryptionConfiguration(
      `${prefix}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: encryption.kmsKeyArn,
            },
            bucketKeyEnabled: encryption.bucketKeyEnabled,
          },
        ],
      },
      opts,
    ),
  };
}
