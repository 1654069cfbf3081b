import { expect } from "chai";
import { validateIdentityPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import {
  assumeRolePolicy,
  ecsTasksTrustPolicy,
  ecsTaskExecutionPolicy,
} from "../../../components/policies/iam";
import type { TrustStatement } from "../../../components/policies/document";
import {
  ACCOUNT,
  ANONYMOUS,
  OTHER_ACCOUNT,
  assumeRole,
  expectAllowed,
  expectDenied,
} from "../../support/iam";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;
const assume = assumeRole(ROLE);

describe("IAM policy builders", () => {
  it("a trust policy is valid for IAM: it names the service and carries no Resource (finding 1)", () => {
    const doc = assumeRolePolicy("lambda.amazonaws.com", ACCOUNT);
    expect(validateTrustPolicy(doc)).to.deep.equal([]);
    expect(JSON.stringify(doc)).not.to.contain("Resource");
    const withResource = {
      Effect: "Allow",
      Principal: "*",
      Action: "sts:AssumeRole",
      Resource: "*",
    } as const;
    // @ts-expect-error a trust statement cannot carry Resource: this does not compile
    const invalid: TrustStatement = withResource;
    expect(invalid).to.have.property("Resource");
  });

  it("a Lambda trust policy lets the service assume the role for this account only", async () => {
    const trust = { resource: assumeRolePolicy("lambda.amazonaws.com", ACCOUNT) };
    await expectAllowed(assume("lambda.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), trust);
    await expectDenied(assume("lambda.amazonaws.com", { "aws:SourceAccount": OTHER_ACCOUNT }), trust);
    await expectDenied(assume("lambda.amazonaws.com"), trust);
    await expectDenied(assume("ec2.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), trust);
    await expectDenied(assume(`arn:aws:iam::${ACCOUNT}:role/someone`), trust);
    await expectDenied(assume(ANONYMOUS), trust);
  });

  it("an ECS trust policy binds the account and its ECS resources in the region (finding 4)", async () => {
    const doc = ecsTasksTrustPolicy({ accountId: ACCOUNT, region: "eu-west-1" });
    expect(validateTrustPolicy(doc)).to.deep.equal([]);
    const trust = { resource: doc };
    const from = (account: string, region = "eu-west-1") => ({
      "aws:SourceAccount": account,
      "aws:SourceArn": `arn:aws:ecs:${region}:${account}:task/cluster/0123456789abcdef`,
    });
    await expectAllowed(assume("ecs-tasks.amazonaws.com", from(ACCOUNT)), trust);
    await expectDenied(assume("ecs-tasks.amazonaws.com", from(OTHER_ACCOUNT)), trust);
    await expectDenied(assume("ecs-tasks.amazonaws.com", from(ACCOUNT, "us-east-1")), trust);
    await expectDenied(assume("ecs-tasks.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), trust);
    await expectDenied(assume("lambda.amazonaws.com", from(ACCOUNT)), trust);
    await expectDenied(assume(ANONYMOUS), trust);
  });

  it("the ECS execution policy may pull one repository and write one log group, nothing else", async () => {
    const repo = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/worker`;
    const group = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/smart-orders/processor`;
    const doc = ecsTaskExecutionPolicy({ repositoryArn: repo, logGroupArn: group });
    expect(validateIdentityPolicy(doc)).to.deep.equal([]);
    const role = `arn:aws:sts::${ACCOUNT}:assumed-role/exec/task`;
    const p = { identity: [doc] };
    const call = (action: string, resource: string) => ({ principal: role, action, resource });
    await expectAllowed(call("ecr:GetAuthorizationToken", "*"), p);
    for (const a of ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]) {
      await expectAllowed(call(a, repo), p);
      await expectDenied(call(a, `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/other`), p);
    }
    await expectDenied(call("ecr:PutImage", repo), p);
    await expectAllowed(call("logs:PutLogEvents", `${group}:log-stream:ecs/1`), p);
    await expectAllowed(call("logs:CreateLogStream", `${group}:log-stream:ecs/1`), p);
    await expectDenied(
      call("logs:PutLogEvents", `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/other:log-stream:s`),
      p,
    );
    await expectDenied(call("logs:DeleteLogGroup", group), p);
  });
});
