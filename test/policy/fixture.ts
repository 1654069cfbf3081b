/**
 * The policy rules' shared test fixture: one compliant stack; each rule's test changes one thing in
 * it and expects exactly that rule's violation from the whole pack.
 */
import {
  evaluate,
  EMITS_TAG,
  EMPTY_CONTEXT,
  type PolicyContext,
  type ResourceView,
} from "../../policy/rules";

export const GOOD_KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
  ],
});

export const ACCOUNT = "123456789012";
export const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
export const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/audit`;
export const TRAIL_BUCKET = "audit-trail-bucket";
export const TRAIL_GROUP = "/aws/cloudtrail/audit";

/** The statements the CloudTrail user guide requires of a trail's bucket, bound to this trail. */
export const TRAIL_BUCKET_STATEMENTS = [
  {
    Sid: "AWSCloudTrailAclCheck",
    Effect: "Allow",
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "s3:GetBucketAcl",
    Resource: `arn:aws:s3:::${TRAIL_BUCKET}`,
    Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
  },
  {
    Sid: "AWSCloudTrailWrite",
    Effect: "Allow",
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/*`,
    Condition: {
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN },
    },
  },
];

const r = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({
  type,
  name,
  urn: `urn:pulumi:t::p::${type}::${name}`,
  props,
});

/** The TLS-only deny every bucket's policy carries. */
export const denyWithoutTls = (bucket: string) => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

/** A bucket as aws v7 models it: the bucket, then its settings as separate resources. */
function bucket(name: string, physical: string, statements: object[]): ResourceView[] {
  return [
    r("aws:s3/bucket:Bucket", name, { bucket: physical }),
    r("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-pab`, {
      bucket: physical,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    r(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      `${name}-sse`,
      {
        bucket: physical,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: "arn:aws:kms:r:1:key/k",
            },
          },
        ],
      },
    ),
    r("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, {
      bucket: physical,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [...statements, denyWithoutTls(physical)] }),
    }),
  ];
}

/** One compliant stack; every test changes one thing in it. */
export function fixture(): ResourceView[] {
  return [
    r("aws:kms/key:Key", "key", { enableKeyRotation: true, policy: GOOD_KEY_POLICY }),
    r("aws:cloudwatch/logGroup:LogGroup", "logs", {
      name: "/app",
      retentionInDays: 30,
      kmsKeyId: "arn:aws:kms:r:1:key/k",
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "fn-logs", {
      name: "/aws/lambda/fn",
      retentionInDays: 30,
      kmsKeyId: "arn:aws:kms:r:1:key/k",
    }),
    r("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter", {
      metricTransformation: { namespace: "App", name: "Errors", value: "1" },
    }),
    r("aws:sns/topic:Topic", "topic", { kmsMasterKeyId: "arn:aws:kms:r:1:key/k", arn: TOPIC_ARN }),
    r("aws:sns/topicSubscription:TopicSubscription", "subscription", {
      topic: TOPIC_ARN,
      protocol: "email",
      endpoint: "ops@example.com",
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", {
      name: "errors",
      namespace: "App",
      metricName: "Errors",
      alarmActions: [TOPIC_ARN],
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "lambda", {
      name: "lambda",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      alarmActions: [TOPIC_ARN],
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "scheduled", {
      name: "scheduled",
      namespace: "Analyzer",
      metricName: "ErrorCount",
      alarmActions: [TOPIC_ARN],
    }),
    r("aws:lambda/function:Function", "fn", {
      name: "fn",
      loggingConfig: { logGroup: "/aws/lambda/fn", logFormat: "JSON" },
      tags: { [EMITS_TAG]: "Analyzer/ErrorCount" },
    }),
    r("aws:iam/rolePolicy:RolePolicy", "policy", {
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: "arn:t" }],
      }),
    }),
    r("aws:sqs/queue:Queue", "dlq", { kmsMasterKeyId: "arn:aws:kms:r:1:key/k" }),
    r("aws:dynamodb/table:Table", "table", {
      serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:r:1:key/k" },
    }),
    ...bucket("bucket", "logs-bucket", []),
    ...bucket("trail-bucket", TRAIL_BUCKET, TRAIL_BUCKET_STATEMENTS),
    r("aws:cloudtrail/trail:Trail", "trail", {
      name: "audit",
      arn: TRAIL_ARN,
      s3BucketName: TRAIL_BUCKET,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/trail",
      cloudWatchLogsGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${TRAIL_GROUP}:*`,
      cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-to-logs`,
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "trail-logs", {
      name: TRAIL_GROUP,
      retentionInDays: 30,
      kmsKeyId: "arn:aws:kms:r:1:key/k",
    }),
    r("aws:cloudwatch/logMetricFilter:LogMetricFilter", "cis-root", {
      logGroupName: TRAIL_GROUP,
      metricTransformation: { namespace: "CISBenchmark", name: "RootAccountUsage", value: "1" },
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "cis-root-alarm", {
      name: "cis-root-account-usage",
      namespace: "CISBenchmark",
      metricName: "RootAccountUsage",
      alarmActions: [TOPIC_ARN],
      tags: { "obskit:cis-control": "root-account-usage" },
    }),
  ];
}

export function change(name: string, props: Record<string, unknown>): ResourceView[] {
  return fixture().map((r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));
}

export function violations(resources: ResourceView[], ctx: PolicyContext = EMPTY_CONTEXT): string[] {
  return evaluate(resources, undefined, resources, ctx).map((v) => `${v.policy}: ${v.message}`);
}
