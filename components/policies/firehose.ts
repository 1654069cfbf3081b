import {
  identityPolicy,
  trustPolicy,
  type IdentityPolicy,
  type IdentityStatement,
  type TrustPolicy,
} from "./document";

/**
 * The trust policy of the role CloudWatch Logs assumes to deliver one log group's subscription to a
 * Firehose stream (the CloudWatch Logs guide's "Subscription filters with Amazon Data Firehose"):
 * the Logs service principal (global and regional names), for this account only (`aws:SourceAccount`)
 * and only on behalf of `logGroupArn` (`aws:SourceArn`, with or without the trailing `:*`), so a
 * subscription of another group or another account cannot use the role (confused deputy).
 */
export function logsToFirehoseTrustPolicy(args: {
  accountId: string;
  region: string;
  /** The subscribed log group's ARN, without the trailing `:*`. */
  logGroupArn: string;
}): TrustPolicy {
  return trustPolicy([
    {
      Sid: "LogsDeliverThisGroup",
      Effect: "Allow",
      Principal: { Service: ["logs.amazonaws.com", `logs.${args.region}.amazonaws.com`] },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": args.accountId },
        ArnLike: { "aws:SourceArn": [args.logGroupArn, `${args.logGroupArn}:*`] },
      },
    },
  ]);
}

/** What CloudWatch Logs needs to deliver a subscription to one Firehose stream, and nothing more. */
export function logsToFirehosePolicy(streamArn: string): IdentityPolicy {
  return identityPolicy([
    {
      Sid: "PutRecordsOnTheArchiveStream",
      Effect: "Allow",
      Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
      Resource: streamArn,
    },
  ]);
}

/** The fixed part of a Firehose prefix: everything before its first `!{…}` expression. */
export function staticPrefix(prefix: string): string {
  const i = prefix.indexOf("!{");
  return i < 0 ? prefix : prefix.slice(0, i);
}

/**
 * Least privilege for a Firehose stream delivering to one bucket (the Firehose guide's "Grant
 * Firehose access to an Amazon S3 destination"): the bucket-level reads it makes on `bucketArn`,
 * object writes only under the static parts of its delivery and error prefixes, and the bucket's
 * key only through S3 in `region` and only for objects of this bucket (`kms:EncryptionContext:aws:s3:arn`
 * is the bucket's ARN with S3 Bucket Keys, an object's ARN without).
 */
export function firehoseToS3Policy(args: {
  region: string;
  bucketArn: string;
  keyArn: string;
  /** Delivery and error prefixes (Firehose expressions allowed); objects are writable only under them. */
  prefixes: string[];
}): IdentityPolicy {
  const objects = [...new Set(args.prefixes.map((p) => `${args.bucketArn}/${staticPrefix(p)}*`))];
  const statements: IdentityStatement[] = [
    {
      Sid: "LocateAndListTheBucket",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: args.bucketArn,
    },
    {
      Sid: "WriteArchiveObjects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      Resource: objects.length === 1 ? objects[0] : objects,
    },
    {
      Sid: "EncryptThroughS3ForThisBucket",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: args.keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [args.bucketArn, `${args.bucketArn}/*`] },
      },
    },
  ];
  return identityPolicy(statements);
}
