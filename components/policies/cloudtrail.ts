import {
  identityPolicy,
  resourcePolicy,
  type IdentityPolicy,
  type ResourcePolicy,
  type ResourceStatement,
} from "./document";
import { tlsOnlyBucketPolicy } from "./s3";

const CLOUDTRAIL = { Service: "cloudtrail.amazonaws.com" };

/** Managing a key without using it (the KMS guide's "key administrators" actions). */
const KEY_ADMINISTRATION = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

/**
 * The ARN a trail will have, computed from its explicit name so the bucket and key policies can
 * name it before the trail exists (the trail depends on them, never the other way round).
 */
export function trailArnOf(a: {
  partition: string;
  region: string;
  accountId: string;
  trailName: string;
}): string {
  return `arn:${a.partition}:cloudtrail:${a.region}:${a.accountId}:trail/${a.trailName}`;
}

/**
 * The bucket policy the AWS CloudTrail user guide requires ("Amazon S3 bucket policy for
 * CloudTrail"): CloudTrail may read the bucket ACL and write log files under
 * `AWSLogs/<account>/` with the `bucket-owner-full-control` ACL, both for this trail only
 * (`aws:SourceArn`), and nobody may use the bucket without TLS.
 */
export function cloudTrailBucketPolicy(a: {
  bucketArn: string;
  accountId: string;
  trailArn: string;
}): ResourcePolicy {
  const thisTrail = { "aws:SourceArn": a.trailArn };
  return resourcePolicy([
    {
      Sid: "AWSCloudTrailAclCheck",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "s3:GetBucketAcl",
      Resource: a.bucketArn,
      Condition: { StringEquals: thisTrail },
    },
    {
      Sid: "AWSCloudTrailWrite",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "s3:PutObject",
      Resource: `${a.bucketArn}/AWSLogs/${a.accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...thisTrail } },
    },
    ...tlsOnlyBucketPolicy(a.bucketArn).Statement,
  ]);
}

/**
 * The key policy the CloudTrail user guide requires for a trail's key ("Configure AWS KMS key
 * policies for CloudTrail"): the account administers the key (management actions only, so
 * no IAM policy can grant decryption around the condition below); CloudTrail may generate data keys
 * only for this trail (`kms:EncryptionContext:aws:cloudtrail:arn` and `aws:SourceArn` both the
 * trail's ARN) and describe the key for it; principals of this account (`kms:CallerAccount`) to
 * whom IAM grants `kms:Decrypt` may decrypt this trail's log files (the same encryption context),
 * and nothing else.
 */
export function cloudTrailKeyPolicy(a: {
  accountId: string;
  partition: string;
  trailArn: string;
}): ResourcePolicy {
  const statements: ResourceStatement[] = [
    {
      // The account administers the key (IAM policies of its admins apply), but reading the log
      // files goes through the decrypt statement below, never through this one.
      Sid: "EnableAccountAdministration",
      Effect: "Allow",
      Principal: { AWS: `arn:${a.partition}:iam::${a.accountId}:root` },
      Action: KEY_ADMINISTRATION,
      Resource: "*",
    },
    {
      Sid: "AllowCloudTrailToEncryptLogs",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:EncryptionContext:aws:cloudtrail:arn": a.trailArn,
          "aws:SourceArn": a.trailArn,
        },
      },
    },
    {
      Sid: "AllowCloudTrailToDescribeKey",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": a.trailArn } },
    },
    {
      Sid: "AllowPrincipalsInTheAccountToDecryptLogFiles",
      Effect: "Allow",
      Principal: { AWS: `arn:${a.partition}:iam::${a.accountId}:root` },
      Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": a.accountId,
          "kms:EncryptionContext:aws:cloudtrail:arn": a.trailArn,
        },
      },
    },
  ];
  return resourcePolicy(statements, "obskit-cloudtrail-key");
}

/**
 * The policy of the role CloudTrail assumes to deliver to CloudWatch Logs (the guide's "Role
 * policy document for CloudTrail to use CloudWatch Logs"): create and write the trail's streams
 * (`<account>_CloudTrail_<region>`, one per region of a multi-region trail) of one log group.
 */
export function cloudTrailLogsDeliveryPolicy(a: { logGroupArn: string; accountId: string }): IdentityPolicy {
  return identityPolicy([
    {
      Sid: "CreateAndWriteTheTrailStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${a.logGroupArn}:log-stream:${a.accountId}_CloudTrail_*`,
    },
  ]);
}
