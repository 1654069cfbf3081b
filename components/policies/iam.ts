import {
  identityPolicy,
  trustPolicy,
  type Condition,
  type IdentityPolicy,
  type IdentityStatement,
  type TrustPolicy,
} from "./document";

/**
 * The trust policy letting one AWS service assume a role on behalf of this account only (the IAM
 * confused-deputy guidance): `aws:SourceAccount` must be `accountId`, and with `sourceArn` the
 * request must also come from a matching resource (`ArnLike`, so `*` patterns are allowed). A trust
 * policy has no `Resource` (IAM rejects one), which {@link TrustPolicy} makes impossible.
 */
export function assumeRolePolicy(service: string, accountId: string, sourceArn?: string): TrustPolicy {
  const condition: Condition = { StringEquals: { "aws:SourceAccount": accountId } };
  if (sourceArn !== undefined) condition.ArnLike = { "aws:SourceArn": sourceArn };
  return trustPolicy([
    {
      Sid: "TrustedService",
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: condition,
    },
  ]);
}

/**
 * The trust policy of an ECS task role or task execution role: `ecs-tasks.amazonaws.com`, bound
 * to this account and to ECS resources of this account in `region`, as the Amazon ECS guide's
 * confused-deputy example (`aws:SourceArn` `arn:aws:ecs:<region>:<account>:*`).
 */
export function ecsTasksTrustPolicy(args: {
  accountId: string;
  region: string;
  partition?: string;
}): TrustPolicy {
  const partition = args.partition ?? "aws";
  return assumeRolePolicy(
    "ecs-tasks.amazonaws.com",
    args.accountId,
    `arn:${partition}:ecs:${args.region}:${args.accountId}:*`,
  );
}

/**
 * What an ECS task's execution role needs and nothing more: pull its image from one repository and
 * write container logs to one log group. `ecr:GetAuthorizationToken` has no resource-level
 * permissions in IAM, so it is the one action on `*`.
 */
export function ecsTaskExecutionPolicy(args: { repositoryArn: string; logGroupArn: string }): IdentityPolicy {
  return identityPolicy([
    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PullTheImage",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: args.repositoryArn,
    },
    logWriteStatement(args.logGroupArn),
  ]);
}

/** Writing to one log group: what a Lambda whose log group is declared in the stack needs. */
export function logWriteStatement(logGroupArn: string): IdentityStatement {
  return {
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${logGroupArn}:log-stream:*`,
  };
}

export interface IncidentProcessorPolicyArgs {
  region: string;
  tableArn: string;
  /** Key of the table and the dead-letter queue. */
  dataKeyArn: string;
  deadLetterQueueArn: string;
  logGroupArn: string;
  /** Topic for high-severity notifications, and its key. @default none */
  notify?: { topicArn: string; topicKeyArn: string };
}

/**
 * Least privilege for the incident processor: read (idempotency check) and batch-write one table,
 * send to one dead-letter queue, write its own logs, optionally publish to one topic, and use the
 * KMS keys of exactly those resources, only through those services.
 */
export function incidentProcessorPolicy(a: IncidentProcessorPolicyArgs): IdentityPolicy {
  const via = (service: string): Condition => ({
    StringEquals: { "kms:ViaService": `${service}.${a.region}.amazonaws.com` },
  });
  const statements: IdentityStatement[] = [
    {
      Sid: "StoreIncidents",
      Effect: "Allow",
      // BatchGetItem: the idempotency look-up; BatchWriteItem: the writes. The handler calls nothing else.
      Action: ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"],
      Resource: a.tableArn,
    },
    { Sid: "ParkFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.deadLetterQueueArn },
    logWriteStatement(a.logGroupArn),
    {
      Sid: "UseTheTableKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
      Resource: a.dataKeyArn,
      Condition: via("dynamodb"),
    },
    {
      Sid: "UseTheQueueKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: a.dataKeyArn,
      Condition: via("sqs"),
    },
  ];
  if (a.notify) {
    statements.push(
      { Sid: "NotifyHighSeverity", Effect: "Allow", Action: "sns:Publish", Resource: a.notify.topicArn },
      {
        Sid: "UseTheTopicKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: a.notify.topicKeyArn,
        Condition: via("sns"),
      },
    );
  }
  return identityPolicy(statements);
}

/** The test emitter only writes its own logs. */
export function logWriterPolicy(logGroupArn: string): IdentityPolicy {
  return identityPolicy([logWriteStatement(logGroupArn)]);
}

/** Reading objects of one bucket (list + get), and decrypting them with its key through S3 only. */
export function bucketReaderStatements(a: {
  region: string;
  bucketArn: string;
  bucketKeyArn: string;
}): IdentityStatement[] {
  return [
    { Sid: "ListTheBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: a.bucketArn },
    { Sid: "ReadTheObjects", Effect: "Allow", Action: "s3:GetObject", Resource: `${a.bucketArn}/*` },
    {
      Sid: "DecryptTheObjects",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: a.bucketKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
    },
  ];
}

/**
 * Publishing custom metrics to one namespace. `cloudwatch:PutMetricData` has no resource-level
 * permissions, so the namespace is bound through the `cloudwatch:namespace` condition instead.
 */
export function putMetricDataStatement(namespace: string): IdentityStatement {
  return {
    Sid: "PublishOwnMetrics",
    Effect: "Allow",
    Action: "cloudwatch:PutMetricData",
    Resource: "*",
    Condition: { StringEquals: { "cloudwatch:namespace": namespace } },
  };
}
