import { privateBucketControls } from "../shared/bucket";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Metric } from "../metric";
import { accountRootAdmin, policy, toJson } from "../policies/document";
import { firehoseToS3Policy, logsToFirehosePolicy, logsToFirehoseTrustPolicy } from "../policies/firehose";
import { assumeRolePolicy } from "../policies/iam";
import { tlsOnlyBucketPolicy } from "../policies/s3";
import type { ResolvedLogArchive } from "./args";

/** A log group's S3 archive: what a LogPipeline with `archive` creates. */
export interface PipelineArchive {
  /** The archive bucket. */
  bucket: aws.s3.Bucket;
  /** The bucket's name. */
  bucketName: pulumi.Output<string>;
  /** The bucket's ARN. */
  bucketArn: pulumi.Output<string>;
  /** ARN of the KMS key encrypting the bucket's objects. */
  keyArn: pulumi.Output<string>;
  /** The Firehose delivery stream. */
  stream: aws.kinesis.FirehoseDeliveryStream;
  /** The stream's name. */
  streamName: pulumi.Output<string>;
  /** The stream's ARN. */
  streamArn: pulumi.Output<string>;
  /** The subscription filter feeding the stream (one of the group's two). */
  subscription: aws.cloudwatch.LogSubscriptionFilter;
  /**
   * Age in seconds of the oldest record not yet delivered to S3 (`AWS/Firehose`
   * `DeliveryToS3.DataFreshness`, Maximum): alarm on it to learn that archival stalled.
   */
  freshness: Metric;
  /** The archive as configured, defaults resolved. */
  spec: ResolvedLogArchive;
}

interface ArchiveContext {
  name: string;
  parent: pulumi.Resource;
  logGroup: aws.cloudwatch.LogGroup;
  logGroupArn: pulumi.Output<string>;
  protect: boolean;
  tags: Record<string, string>;
}

/**
 * The archive of one log group: bucket key, bucket (versioned, public access blocked, owner
 * enforced, SSE-KMS with bucket keys, TLS-only, lifecycle), the Firehose role and stream, and the
 * CloudWatch Logs role and subscription filter. Children are `<name>-archive-*` of `parent`.
 */
export function createArchive(ctx: ArchiveContext, a: ResolvedLogArchive): PipelineArchive {
  const { name, parent, tags } = ctx;
  const n = `${name}-archive`;
  const keep = { protect: ctx.protect, retainOnDelete: ctx.protect };
  const identity = aws.getCallerIdentityOutput({}, { parent });
  const region = aws.getRegionOutput({}, { parent });

  const key = new aws.kms.Key(
    `${n}-key`,
    {
      description: `obskit: S3 archive of ${ctx.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // Only the account administers the key; IAM policies decide who uses it (through S3 only).
      policy: identity.accountId.apply((acct) =>
        toJson(policy([accountRootAdmin(acct)], "obskit-archive-key")),
      ),
      tags,
    },
    { parent, ...keep },
  );

  const bucket = new aws.s3.Bucket(n, { forceDestroy: !ctx.protect, tags }, { parent, ...keep });
  const { publicAccess } = privateBucketControls(
    n,
    bucket,
    { kmsKeyArn: key.arn, bucketKeyEnabled: true },
    { parent },
  );
  new aws.s3.BucketPolicy(
    `${n}-tls-only`,
    { bucket: bucket.id, policy: bucket.arn.apply((arn) => toJson(tlsOnlyBucketPolicy(arn))) },
    { parent, dependsOn: [publicAccess] },
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${n}-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "archive-to-cheaper-storage",
          status: "Enabled",
          filter: {},
          transitions: [{ days: a.transitionDays, storageClass: a.storageClass }],
          ...(a.expirationDays !== undefined ? { expiration: { days: a.expirationDays } } : {}),
        },
        {
          id: "expire-old-versions",
          status: "Enabled",
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: a.noncurrentVersionDays },
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

  const deliveryRole = new aws.iam.Role(
    `${n}-delivery-role`,
    {
      description: `obskit: Firehose delivering ${ctx.name}'s archive to S3`,
      assumeRolePolicy: identity.accountId.apply((acct) =>
        toJson(assumeRolePolicy("firehose.amazonaws.com", acct)),
      ),
      tags,
    },
    { parent },
  );
  const deliveryPolicy = new aws.iam.RolePolicy(
    `${n}-delivery-policy`,
    {
      role: deliveryRole.id,
      policy: pulumi
        .all([region.region, bucket.arn, key.arn])
        .apply(([r, bucketArn, keyArn]) =>
          toJson(firehoseToS3Policy({ region: r, bucketArn, keyArn, prefixes: [a.prefix, a.errorPrefix] })),
        ),
    },
    { parent },
  );

  const processors = a.extractMessages
    ? [
        {
          type: "Decompression",
          parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }],
        },
        {
          type: "CloudWatchLogProcessing",
          parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }],
        },
      ]
    : [];
  const stream = new aws.kinesis.FirehoseDeliveryStream(
    `${n}-stream`,
    {
      destination: "extended_s3",
      // Records wait in Firehose's buffer encrypted at rest with a Firehose-owned key.
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      extendedS3Configuration: {
        roleArn: deliveryRole.arn,
        bucketArn: bucket.arn,
        kmsKeyArn: key.arn,
        prefix: a.prefix,
        errorOutputPrefix: a.errorPrefix,
        bufferingInterval: a.bufferingIntervalSeconds,
        bufferingSize: a.bufferingSizeMb,
        // CloudWatch Logs delivers gzipped envelopes: compress again only what was decompressed.
        compressionFormat: a.extractMessages ? "GZIP" : "UNCOMPRESSED",
        processingConfiguration: { enabled: a.extractMessages, processors },
      },
      tags,
    },
    { parent, dependsOn: [deliveryPolicy] },
  );

  const subscriptionRole = new aws.iam.Role(
    `${n}-subscription-role`,
    {
      description: `obskit: CloudWatch Logs delivering ${ctx.name}'s subscription to Firehose`,
      assumeRolePolicy: pulumi
        .all([identity.accountId, region.region, ctx.logGroupArn])
        .apply(([accountId, r, logGroupArn]) =>
          toJson(logsToFirehoseTrustPolicy({ accountId, region: r, logGroupArn })),
        ),
      tags,
    },
    { parent },
  );
  const subscriptionPolicy = new aws.iam.RolePolicy(
    `${n}-subscription-policy`,
    { role: subscriptionRole.id, policy: stream.arn.apply((arn) => toJson(logsToFirehosePolicy(arn))) },
    { parent },
  );
  const subscription = new aws.cloudwatch.LogSubscriptionFilter(
    `${n}-subscription`,
    {
      name: `${name}-to-archive`,
      logGroup: ctx.logGroup.name,
      filterPattern: a.filterPattern,
      destinationArn: stream.arn,
      roleArn: subscriptionRole.arn,
    },
    // CloudWatch Logs test-delivers when the filter is created: the role must already work.
    { parent, dependsOn: [subscriptionPolicy] },
  );

  const freshness = new Metric({
    namespace: "AWS/Firehose",
    name: "DeliveryToS3.DataFreshness",
    dimensions: { DeliveryStreamName: stream.name },
    statistic: "Maximum",
    periodSeconds: 300,
    unit: "Seconds",
    emittedBy: stream,
  });

  return {
    bucket,
    bucketName: bucket.bucket,
    bucketArn: bucket.arn,
    keyArn: key.arn,
    stream,
    streamName: stream.name,
    streamArn: stream.arn,
    subscription,
    freshness,
    spec: a,
  };
}
