import { policy, type PolicyDocument } from "./document";

/** The trust policy letting one AWS service assume a role, bound to this account. */
export function assumeRolePolicy(service: string, accountId?: string): PolicyDocument {
  return policy([
    {
      Sid: "TrustedService",
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Resource: "*",
      ...(accountId ? { Condition: { StringEquals: { "aws:SourceAccount": accountId } } } : {}),
    },
  ]);
}

/**
 * What an ECS task's execution role needs and nothing more: pull its image from one repository and
 * write container logs to one log group. `ecr:GetAuthorizationToken` has no resource-level
 * permissions in IAM, so it is the one action on `*`.
 */
export function ecsTaskExecutionPolicy(args: { repositoryArn: string; logGroupArn: string }): PolicyDocument {
  return policy([
    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PullTheImage",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: args.repositoryArn,
    },
    {
      Sid: "WriteContainerLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${args.logGroupArn}:log-stream:*`,
    },
  ]);
}
