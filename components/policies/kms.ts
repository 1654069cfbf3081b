import { accountRootAdmin, policy, type PolicyDocument, type Statement } from "./document";

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
 * anomaly detectors in the region (their findings are encrypted with the log group's key).
 */
export function logsKeyPolicy(
  args: AccountContext & { logGroupArns: string[]; anomalyDetectors?: boolean },
): PolicyDocument {
  const partition = args.partition ?? "aws";
  const exact = args.logGroupArns.filter((a) => !a.includes("*"));
  const patterns = args.logGroupArns.filter((a) => a.includes("*"));
  if (args.anomalyDetectors) {
    patterns.push(`arn:${partition}:logs:${args.region}:${args.accountId}:anomaly-detector:*`);
  }
  const logsPrincipal = { Service: `logs.${args.region}.amazonaws.com` };
  const actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];
  const statements: Statement[] = [accountRootAdmin(args.accountId, partition)];
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
  return policy(statements, "obskit-logs-key");
}

/**
 * The key policy for an SNS topic that CloudWatch alarms publish to. CloudWatch must be able to use
 * the key (`kms:Decrypt`, `kms:GenerateDataKey*`) or alarm notifications are silently dropped; the
 * AWS-managed `alias/aws/sns` key cannot be given this grant, so it must never be used for alarm topics.
 */
export function alarmTopicKeyPolicy(
  args: AccountContext & { extraServicePrincipals?: string[] },
): PolicyDocument {
  const services = ["cloudwatch.amazonaws.com", ...(args.extraServicePrincipals ?? [])];
  return policy(
    [
      accountRootAdmin(args.accountId, args.partition),
      {
        Sid: "AllowCloudWatchAlarmsToUseTheKey",
        Effect: "Allow",
        Principal: { Service: one(services) },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ],
    "obskit-alarm-topic-key",
  );
}

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
