/**
 * The policy rules' shared test fixture: one compliant stack; each rule's test changes one thing in
 * it and expects exactly that rule's violation from the whole pack.
 */
import { evaluate, EMITS_TAG, type ResourceView } from "../../policy/rules";

export const GOOD_KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
  ],
});

/** One compliant stack; every test below changes one thing in it. */
export function fixture(): ResourceView[] {
  const r = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({
    type,
    name,
    urn: `urn:pulumi:t::p::${type}::${name}`,
    props,
  });
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
    r("aws:sns/topic:Topic", "topic", { kmsMasterKeyId: "arn:aws:kms:r:1:key/k" }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", {
      name: "errors",
      namespace: "App",
      metricName: "Errors",
      alarmActions: ["arn:topic"],
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "lambda", {
      name: "lambda",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      alarmActions: ["arn:topic"],
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "scheduled", {
      name: "scheduled",
      namespace: "Analyzer",
      metricName: "ErrorCount",
      alarmActions: ["arn:topic"],
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
    r("aws:s3/bucket:Bucket", "bucket", { bucket: "logs-bucket" }),
    r("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", {
      bucket: "logs-bucket",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
  ];
}

export function change(name: string, props: Record<string, unknown>): ResourceView[] {
  return fixture().map((r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));
}

export function violations(resources: ResourceView[]): string[] {
  return evaluate(resources).map((v) => `${v.policy}: ${v.message}`);
}
