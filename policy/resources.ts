/** The resource types the rules look at, and helpers to read the policy documents they carry. */

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
} as const;

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
