import { accountRootAdmin, resourcePolicy, type ResourcePolicy, type ResourceStatement } from "./document";

export interface AccountContext {
  accountId: string;
  region: string;
  /** @default "aws" */
  partition?: string;
}

/**
 * The key policy CloudWatch Logs needs to encrypt log groups with a customer-managed key, as in the
 * AWS CloudWatch Logs guide "Encrypt log data in CloudWatch Logs using AWS KMS": the account root
 * administers the key, and the regional Logs service principal may use it only for the named log
 * groups, bound through the `kms:EncryptionContext:aws:logs:arn` condition.
 *
 * `logGroupArns` may hold exact ARNs (`ArnEquals`) or patterns with `*` (`ArnLike`).
 * With `anomalyDetectors`, the same service principal may use the key for this account's log
 * anomaly detectors in the region (their findings are encrypted with the log group's key), with
 * both statements of the guide's "Encrypt an anomaly detector and its results with AWS KMS": one
 * for `kms:EncryptionContext:aws:logs:arn` and one for
 * `kms:EncryptionContext:aws-crypto-ec:aws:logs:arn`; a request carrying only the latter would
 * otherwise be denied.
 *
 * The service principal is bound by the encryption context (which names this account's log
 * groups or detectors), the binding the guide documents for CloudWatch Logs, not by
 * `aws:SourceAccount`/`aws:SourceArn`.
 */
export function logsKeyPolicy(
  args: AccountContext & { logGroupArns: string[]; anomalyDetectors?: boolean },
): ResourcePolicy {
  const partition = args.partition ?? "aws";
  const exact = args.logGroupArns.filter((a) => !a.includes("*"));
  const patterns = args.logGroupArns.filter((a) => a.includes("*"));
  const detectors = `arn:${partition}:logs:${args.region}:${args.accountId}:anomaly-detector:*`;
  if (args.anomalyDetectors) patterns.push(detectors);
  const logsPrincipal = { Service: `logs.${args.region}.amazonaws.com` };
  const actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];
  const statements: ResourceStatement[] = [accountRootAdmin(args.accountId, partition)];
  if (exact.length > 0) {
    statements.push({
      Sid: "AllowCloudWatchLogsForTheseLogGroups",
      Effect: "Allow",
      Principal: logsPrincipal,
      Action: actions,
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": one(exact) } },
    });
  }
  if (patterns.length > 0) {
    statements.push({
      Sid: "AllowCloudWatchLogsForMatchingArns",
      Effect: "Allow",
      Principal: logsPrincipal,
      Action: actions,
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": one(patterns) } },
    });
  }
  if (args.anomalyDetectors) {
    statements.push({
      Sid: "AllowCloudWatchLogsAnomalyDetectorResults",
      Effect: "Allow",
      Principal: logsPrincipal,
      Action: actions,
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws-crypto-ec:aws:logs:arn": detectors } },
    });
  }
  return resourcePolicy(statements, "obskit-logs-key");
}

/**
 * The key policy for an SNS topic that CloudWatch alarms publish to. CloudWatch must be able to use
 * the key (`kms:Decrypt`, `kms:GenerateDataKey*`) or alarm notifications are silently dropped; the
 * AWS-managed `alias/aws/sns` key cannot be given this grant, so it must never be used for alarm topics.
 *
 * The grant holds only for this account's alarms in this region (`aws:SourceAccount` and
 * `aws:SourceArn` `arn:<partition>:cloudwatch:<region>:<account>:alarm:*`), so CloudWatch acting
 * for another account cannot use the key (IAM confused-deputy guidance). Each of
 * `extraServicePrincipals` gets its own statement, bound to this account by `aws:SourceAccount`:
 * pass only services whose KMS requests carry that key (AWS documents that EventBridge's do not,
 * so EventBridge cannot be given this grant). With `eventBridgePublishes`, EventBridge may use the
 * key only under the SNS encryption context of this account's topics in this region
 * (`kms:EncryptionContext:aws:sns:topicArn`).
 */
export function alarmTopicKeyPolicy(
  args: AccountContext & {
    extraServicePrincipals?: string[];
    /** Whether EventBridge rules publish to the topic. @default false */
    eventBridgePublishes?: boolean;
  },
): ResourcePolicy {
  const partition = args.partition ?? "aws";
  const actions = ["kms:Decrypt", "kms:GenerateDataKey*"];
  return resourcePolicy(
    [
      accountRootAdmin(args.accountId, partition),
      {
        Sid: "AllowCloudWatchAlarmsToUseTheKey",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: actions,
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": args.accountId },
          ArnLike: {
            "aws:SourceArn": `arn:${partition}:cloudwatch:${args.region}:${args.accountId}:alarm:*`,
          },
        },
      },
      ...(args.extraServicePrincipals ?? []).map((service, i): ResourceStatement => ({
        Sid: `AllowServiceToUseTheKey${i}`,
        Effect: "Allow",
        Principal: { Service: service },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
      })),
      // EventBridge rules publishing to the encrypted topic: SNS asks KMS for them with the topic's
      // encryption context, which binds the grant to this account's topics in this region (the key
      // exists before its topic, so not to the topic's own ARN); who may publish at all is the topic
      // policy's business: exactly the named rules, by aws:SourceArn
      ...(args.eventBridgePublishes
        ? [
            {
              Sid: "AllowEventBridgeToPublishToThisTopic",
              Effect: "Allow" as const,
              Principal: { Service: "events.amazonaws.com" },
              Action: actions,
              Resource: "*",
              Condition: {
                StringLike: {
                  "kms:EncryptionContext:aws:sns:topicArn": `arn:${partition}:sns:${args.region}:${args.accountId}:*`,
                },
              },
            },
          ]
        : []),
    ],
    "obskit-alarm-topic-key",
  );
}

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
