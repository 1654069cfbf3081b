/**
 * The one table of the resource types obskit plans, and what every reader of a plan needs to know
 * about each: its short kind, the AWS service, where its physical name sits, the policy documents
 * it carries, how the cost estimate treats it, and the settings worth showing in a plan. The stack
 * model, the replay, verify, the cost estimate, the plan renderer and the policy pack all read types
 * from here; a type added with `registerResourceType` is seen by all of them.
 */

/** The kind of a policy document a resource carries: IAM grammar differs for each. */
export type PolicyDocumentKind = "identity" | "resource" | "trust";

/** How the cost estimate treats a type. */
export type Pricing =
  /** Has a pricer in the estimate. */
  | "priced"
  /** Costs nothing by itself (IAM, configuration resources, wiring). */
  | "free"
  /** Costs money the estimate does not price, and why: stated, never silently left out. */
  | { unpriced: string };

export interface ResourceTypeInfo {
  /** The Pulumi type token, e.g. `aws:cloudwatch/logGroup:LogGroup`. */
  token: string;
  /** The short name readers use, e.g. `logGroup`. Unique in the table. */
  kind: string;
  /** The AWS service, as in ARNs and IAM actions (`logs`, `cloudwatch`, `sns`, …). */
  service: string;
  /**
   * The properties holding the physical name, first present wins (in the state, then the inputs).
   * @default ["name"]
   */
  nameProperties?: readonly string[];
  /** The policy documents the type carries: the property and the document's kind. @default none */
  documents?: readonly { property: string; kind: PolicyDocumentKind }[];
  /** How the cost estimate treats the type. @default "free" */
  pricing?: Pricing;
  /**
   * The settings worth seeing at a glance in `obskit plan`, as label → value (absent values are left
   * out). @default the physical name
   */
  summary?: (inputs: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

const s = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));
const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const BUILT_IN = [
  {
    token: "aws:cloudwatch/logGroup:LogGroup",
    kind: "logGroup",
    service: "logs",
    pricing: "priced",
    summary: (i) => ({
      name: i.name,
      retention: i.retentionInDays === undefined ? "never" : `${s(i.retentionInDays)}d`,
      class: i.logGroupClass,
      kms: i.kmsKeyId ? "cmk" : "none",
    }),
  },
  {
    token: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    kind: "metricFilter",
    service: "logs",
    pricing: "priced",
    summary: (i) => {
      const t = rec(i.metricTransformation);
      return { pattern: i.pattern, metric: `${s(t.namespace)}/${s(t.name)}`, value: t.value };
    },
  },
  {
    token: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    kind: "subscriptionFilter",
    service: "logs",
    pricing: "priced",
  },
  {
    token: "aws:cloudwatch/queryDefinition:QueryDefinition",
    kind: "queryDefinition",
    service: "logs",
  },
  {
    token: "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector",
    kind: "anomalyDetector",
    service: "logs",
    nameProperties: ["detectorName"],
    pricing: "priced",
  },
  {
    token: "aws:cloudwatch/metricAlarm:MetricAlarm",
    kind: "metricAlarm",
    service: "cloudwatch",
    pricing: "priced",
    summary: (i) => ({
      name: i.name,
      metric: i.metricName ? `${s(i.namespace)}/${s(i.metricName)}` : undefined,
      when: `${s(i.statistic ?? i.extendedStatistic ?? "")} ${s(i.comparisonOperator)} ${s(i.threshold ?? "band")}`,
      period: i.period === undefined ? undefined : `${s(i.period)}s`,
      datapoints: `${s(i.datapointsToAlarm ?? i.evaluationPeriods)}/${s(i.evaluationPeriods)}`,
      missing: i.treatMissingData,
    }),
  },
  {
    token: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    kind: "compositeAlarm",
    service: "cloudwatch",
    nameProperties: ["alarmName"],
    pricing: "priced",
  },
  {
    token: "aws:cloudwatch/dashboard:Dashboard",
    kind: "dashboard",
    service: "cloudwatch",
    nameProperties: ["dashboardName"],
    pricing: "priced",
  },
  {
    token: "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
    kind: "insightRule",
    service: "cloudwatch",
    nameProperties: ["ruleName"],
    pricing: "priced",
  },
  { token: "aws:cloudwatch/eventRule:EventRule", kind: "eventRule", service: "events" },
  { token: "aws:cloudwatch/eventTarget:EventTarget", kind: "eventTarget", service: "events" },
  {
    token: "aws:cloudtrail/trail:Trail",
    kind: "trail",
    service: "cloudtrail",
    pricing: "priced",
  },
  {
    token: "aws:sns/topic:Topic",
    kind: "topic",
    service: "sns",
    documents: [{ property: "policy", kind: "resource" }],
    pricing: "priced",
    summary: (i) => ({ kms: i.kmsMasterKeyId ? "cmk" : "none" }),
  },
  {
    token: "aws:sns/topicPolicy:TopicPolicy",
    kind: "topicPolicy",
    service: "sns",
    nameProperties: ["arn"],
    documents: [{ property: "policy", kind: "resource" }],
  },
  {
    token: "aws:sns/topicSubscription:TopicSubscription",
    kind: "topicSubscription",
    service: "sns",
    nameProperties: ["endpoint"],
    pricing: "priced",
    summary: (i) => ({ protocol: i.protocol, endpoint: i.endpoint }),
  },
  {
    token: "aws:sqs/queue:Queue",
    kind: "queue",
    service: "sqs",
    documents: [{ property: "policy", kind: "resource" }],
    pricing: "priced",
  },
  {
    token: "aws:sqs/queuePolicy:QueuePolicy",
    kind: "queuePolicy",
    service: "sqs",
    nameProperties: ["queueUrl"],
    documents: [{ property: "policy", kind: "resource" }],
  },
  {
    token: "aws:lambda/function:Function",
    kind: "function",
    service: "lambda",
    pricing: "priced",
  },
  {
    token: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    kind: "functionEventInvokeConfig",
    service: "lambda",
    nameProperties: ["functionName"],
  },
  {
    token: "aws:lambda/permission:Permission",
    kind: "lambdaPermission",
    service: "lambda",
    nameProperties: ["function"],
  },
  {
    token: "aws:dynamodb/table:Table",
    kind: "table",
    service: "dynamodb",
    pricing: "priced",
  },
  {
    token: "aws:kms/key:Key",
    kind: "key",
    service: "kms",
    nameProperties: ["description"],
    documents: [{ property: "policy", kind: "resource" }],
    pricing: "priced",
    summary: (i) => ({
      rotation: i.enableKeyRotation ? "on" : "off",
      deletionWindow: `${s(i.deletionWindowInDays ?? 30)}d`,
    }),
  },
  {
    token: "aws:kms/keyPolicy:KeyPolicy",
    kind: "keyPolicy",
    service: "kms",
    nameProperties: ["keyId"],
    documents: [{ property: "policy", kind: "resource" }],
  },
  {
    token: "aws:iam/role:Role",
    kind: "role",
    service: "iam",
    documents: [{ property: "assumeRolePolicy", kind: "trust" }],
  },
  {
    token: "aws:iam/rolePolicy:RolePolicy",
    kind: "rolePolicy",
    service: "iam",
    documents: [{ property: "policy", kind: "identity" }],
  },
  {
    token: "aws:iam/policy:Policy",
    kind: "iamPolicy",
    service: "iam",
    documents: [{ property: "policy", kind: "identity" }],
  },
  {
    token: "aws:iam/userPolicy:UserPolicy",
    kind: "userPolicy",
    service: "iam",
    documents: [{ property: "policy", kind: "identity" }],
  },
  {
    token: "aws:iam/groupPolicy:GroupPolicy",
    kind: "groupPolicy",
    service: "iam",
    documents: [{ property: "policy", kind: "identity" }],
  },
  {
    token: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    kind: "rolePolicyAttachment",
    service: "iam",
    nameProperties: ["policyArn"],
  },
  { token: "aws:iam/instanceProfile:InstanceProfile", kind: "instanceProfile", service: "iam" },
  {
    token: "aws:s3/bucket:Bucket",
    kind: "bucket",
    service: "s3",
    nameProperties: ["bucket", "id"],
    documents: [{ property: "policy", kind: "resource" }],
    pricing: "priced",
  },
  {
    token: "aws:s3/bucketV2:BucketV2",
    kind: "bucketV2",
    service: "s3",
    nameProperties: ["bucket", "id"],
    documents: [{ property: "policy", kind: "resource" }],
    pricing: "priced",
  },
  {
    token: "aws:s3/bucketPolicy:BucketPolicy",
    kind: "bucketPolicy",
    service: "s3",
    nameProperties: ["bucket"],
    documents: [{ property: "policy", kind: "resource" }],
  },
  {
    token: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    kind: "bucketPublicAccessBlock",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    kind: "bucketEncryption",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    kind: "bucketEncryptionV2",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    kind: "bucketLifecycle",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    kind: "bucketObjectLock",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    kind: "bucketOwnershipControls",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:s3/bucketVersioning:BucketVersioning",
    kind: "bucketVersioning",
    service: "s3",
    nameProperties: ["bucket"],
  },
  {
    token: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    kind: "firehose",
    service: "firehose",
    pricing: "priced",
  },
  { token: "aws:ssm/parameter:Parameter", kind: "ssmParameter", service: "ssm" },
  { token: "aws:ecs/cluster:Cluster", kind: "ecsCluster", service: "ecs" },
  { token: "aws:ecs/service:Service", kind: "ecsService", service: "ecs", pricing: "priced" },
  {
    token: "aws:ecs/taskDefinition:TaskDefinition",
    kind: "ecsTaskDefinition",
    service: "ecs",
    nameProperties: ["family"],
  },
  {
    token: "aws:ecr/repository:Repository",
    kind: "ecrRepository",
    service: "ecr",
    pricing: { unpriced: "ECR image storage ($0.10/GB-month): a few hundred MB per repository" },
  },
  { token: "aws:ec2/instance:Instance", kind: "instance", service: "ec2", pricing: "priced" },
  { token: "aws:ec2/securityGroup:SecurityGroup", kind: "securityGroup", service: "ec2" },
  {
    token: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    kind: "securityGroupIngressRule",
    service: "ec2",
    nameProperties: ["securityGroupId"],
  },
  {
    token: "aws:lb/loadBalancer:LoadBalancer",
    kind: "loadBalancer",
    service: "elasticloadbalancing",
    pricing: "priced",
  },
  { token: "aws:lb/listener:Listener", kind: "listener", service: "elasticloadbalancing" },
  { token: "aws:lb/listenerRule:ListenerRule", kind: "listenerRule", service: "elasticloadbalancing" },
  { token: "aws:lb/targetGroup:TargetGroup", kind: "targetGroup", service: "elasticloadbalancing" },
  {
    token: "aws:cloudfront/distribution:Distribution",
    kind: "distribution",
    service: "cloudfront",
    nameProperties: ["comment"],
    pricing: {
      unpriced:
        "CloudFront requests and data transfer out depend on traffic (1 TB/month and 10M requests are free)",
    },
  },
  {
    token: "aws:cloudfront/vpcOrigin:VpcOrigin",
    kind: "vpcOrigin",
    service: "cloudfront",
    pricing: { unpriced: "priced with its CloudFront distribution" },
  },
] as const satisfies readonly ResourceTypeInfo[];

/** The kinds of the built-in table: `Kind` is one of these or a registered kind. */
export type BuiltInKind = (typeof BUILT_IN)[number]["kind"];

/** Type tokens by kind: `TYPE.logGroup` is `"aws:cloudwatch/logGroup:LogGroup"`. */
export const TYPE = Object.fromEntries(BUILT_IN.map((t) => [t.kind, t.token])) as {
  readonly [K in BuiltInKind]: Extract<(typeof BUILT_IN)[number], { kind: K }>["token"];
};

const byToken = new Map<string, ResourceTypeInfo>();
const byKind = new Map<string, ResourceTypeInfo>();
for (const t of BUILT_IN) add(t);

function add(t: ResourceTypeInfo): void {
  byToken.set(t.token, t);
  byKind.set(t.kind, t);
}

/** The table entry of a type token, or undefined for a type the table does not know. */
export function resourceType(token: string): ResourceTypeInfo | undefined {
  return byToken.get(token);
}

/** The table entry of a kind, or undefined. */
export function resourceTypeOfKind(kind: string): ResourceTypeInfo | undefined {
  return byKind.get(kind);
}

/** Every type in the table, built-in and registered, in registration order. */
export function resourceTypes(): ResourceTypeInfo[] {
  return [...byToken.values()];
}

/** The type tokens that carry policy documents, with where and of which kind. */
export function documentProperties(token: string): readonly { property: string; kind: PolicyDocumentKind }[] {
  return byToken.get(token)?.documents ?? [];
}

/**
 * Adds a type to the table (a provider type obskit did not plan before, or a test's own). Every
 * reader sees it from then on. Returns a function that removes it again. Throws when the token or
 * the kind is taken.
 */
export function registerResourceType(t: ResourceTypeInfo): () => void {
  if (byToken.has(t.token)) throw new Error(`resource type ${t.token} is already in the table`);
  if (byKind.has(t.kind))
    throw new Error(`resource kind ${t.kind} is already used by ${byKind.get(t.kind)?.token ?? "?"}`);
  add(t);
  return () => {
    byToken.delete(t.token);
    byKind.delete(t.kind);
  };
}
