/** The resource types the rules look at, and helpers to read the policy documents they carry. */

import { EMITS_TAG } from "../components/tags";

export const T = {
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  lambda: "aws:lambda/function:Function",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  queue: "aws:sqs/queue:Queue",
  table: "aws:dynamodb/table:Table",
  role: "aws:iam/role:Role",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  lambdaPermission: "aws:lambda/permission:Permission",
  trail: "aws:cloudtrail/trail:Trail",
  compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  contributorRule: "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
  topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketEncryptionV2:
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
} as const;

/** The S3 bucket resource types (aws v7 keeps both; settings live in separate resources). */
export const BUCKET_TYPES: readonly string[] = [T.bucket, T.bucketV2];

/** A bucket's name as its settings resources refer to it (`bucket`), in inputs or state. */
export const bucketName = (b: { name: string; props: Record<string, unknown> }): string =>
  String(b.props.bucket ?? b.props.id ?? b.name);

/** `Namespace/Name` of each metric a metric filter publishes (its `metricTransformation`, one or a list). */
export function filterMetrics(filter: { props: Record<string, unknown> }): string[] {
  const t = filter.props.metricTransformation as MetricTransformation | MetricTransformation[] | undefined;
  return (Array.isArray(t) ? t : t ? [t] : []).map((m) => `${String(m.namespace)}/${String(m.name)}`);
}
interface MetricTransformation {
  namespace?: string;
  name?: string;
}

/** `Namespace/Name` of each metric a resource says it publishes (its `obskit:emits` tag). */
export function taggedEmits(r: { props: Record<string, unknown> }): string[] {
  const tags = r.props.tags as Record<string, string> | undefined;
  return (tags?.[EMITS_TAG] ?? "").split(/\s+/).filter(Boolean);
}

/** The value of a condition key in a statement (any operator), case-insensitively by key. */
export function conditionValues(s: Stmt, key: string): { operator: string; values: string[] }[] {
  if (typeof s.Condition !== "object" || s.Condition === null) return [];
  const out: { operator: string; values: string[] }[] = [];
  for (const [operator, byKey] of Object.entries(s.Condition as Record<string, unknown>)) {
    if (typeof byKey !== "object" || byKey === null) continue;
    for (const [k, v] of Object.entries(byKey as Record<string, unknown>))
      if (k.toLowerCase() === key.toLowerCase())
        out.push({ operator, values: (Array.isArray(v) ? v : [v]).map((x) => String(x)) });
  }
  return out;
}

/** The principals of a statement of the given kind (`Service`, `AWS`), `*` for everyone. */
export function principals(s: Stmt, kind: "Service" | "AWS"): string[] {
  if (s.Principal === "*") return ["*"];
  if (typeof s.Principal !== "object" || s.Principal === null) return [];
  return list((s.Principal as Record<string, string | string[] | undefined>)[kind]);
}

export interface Stmt {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

/** The statements of a policy document (JSON text or object), or undefined when it has none. */
export function statements(policy: unknown): Stmt[] | undefined {
  try {
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as { Statement?: Stmt | Stmt[] };
    if (!doc || doc.Statement === undefined) return undefined;
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  } catch {
    return undefined;
  }
}

export const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
