import { resourcePolicy, type ResourcePolicy } from "./document";
import type { AccountContext } from "./kms";

/**
 * The topic policy of an alarm topic: only this account's CloudWatch alarms may publish (bound by
 * `aws:SourceAccount` and `aws:SourceArn`), the account keeps management of the topic, and
 * publishing without TLS is denied. Same-account roles that must publish (an incident processor)
 * get `sns:Publish` from their own identity policy, never from this resource policy. EventBridge
 * rules named in `eventRuleArns` may publish too, each exactly (`aws:SourceArn` equal to its ARN).
 */
export function alarmTopicPolicy(
  args: AccountContext & { topicArn: string; eventRuleArns?: string[] },
): ResourcePolicy {
  const partition = args.partition ?? "aws";
  return resourcePolicy(
    [
      {
        Sid: "AccountManagesTheTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${args.accountId}:root` },
        Action: [
          "sns:GetTopicAttributes",
          "sns:SetTopicAttributes",
          "sns:AddPermission",
          "sns:RemovePermission",
          "sns:DeleteTopic",
          "sns:Subscribe",
          "sns:ListSubscriptionsByTopic",
        ],
        Resource: args.topicArn,
      },
      {
        Sid: "OnlyThisAccountsAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: args.topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": args.accountId },
          ArnLike: {
            "aws:SourceArn": `arn:${partition}:cloudwatch:${args.region}:${args.accountId}:alarm:*`,
          },
        },
      },
      ...(args.eventRuleArns?.length
        ? [
            {
              Sid: "OnlyTheseEventRulesPublish",
              Effect: "Allow" as const,
              Principal: { Service: "events.amazonaws.com" },
              Action: "sns:Publish",
              Resource: args.topicArn,
              Condition: {
                StringEquals: { "aws:SourceAccount": args.accountId },
                ArnEquals: { "aws:SourceArn": args.eventRuleArns },
              },
            },
          ]
        : []),
      {
        Sid: "DenyPublishWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: args.topicArn,
        Condition: { Bool: { "aws:SecureTransport": false } },
      },
    ],
    "obskit-alarm-topic",
  );
}
