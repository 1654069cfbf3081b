import { expect } from "chai";
import { assumeRolePolicy, ecsTaskExecutionPolicy } from "../../../components/policies/iam";

describe("IAM policy builders", () => {
  it("a trust policy names one service and can be bound to the account", () => {
    const doc = assumeRolePolicy("lambda.amazonaws.com", "111122223333");
    expect(doc.Statement).to.have.length(1);
    expect(doc.Statement[0]).to.deep.include({
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { Service: "lambda.amazonaws.com" },
    });
    expect(doc.Statement[0].Condition).to.deep.equal({
      StringEquals: { "aws:SourceAccount": "111122223333" },
    });
    expect(assumeRolePolicy("ecs-tasks.amazonaws.com").Statement[0].Condition).to.equal(undefined);
  });

  it("the ECS execution policy may pull one repository and write one log group, nothing else", () => {
    const repo = "arn:aws:ecr:eu-west-1:111122223333:repository/worker";
    const group = "arn:aws:logs:eu-west-1:111122223333:log-group:/smart-orders/processor";
    const doc = ecsTaskExecutionPolicy({ repositoryArn: repo, logGroupArn: group });
    const byResource = Object.fromEntries(doc.Statement.map((s) => [String(s.Resource), s.Action]));
    expect(byResource).to.deep.equal({
      "*": "ecr:GetAuthorizationToken",
      [repo]: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      [`${group}:log-stream:*`]: ["logs:CreateLogStream", "logs:PutLogEvents"],
    });
    for (const s of doc.Statement) expect(String(s.Action)).not.to.contain("*");
  });
});
