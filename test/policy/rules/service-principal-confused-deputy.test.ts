import { expect } from "chai";
import type { ResourceView } from "../../../policy/rules";
import { fixture, violations, change } from "../fixture";

describe("service-principal-confused-deputy", () => {
  it("passes the compliant fixture", () => {
    expect(
      violations(fixture()).filter((v) => v.startsWith("service-principal-confused-deputy:")),
    ).to.deep.equal([]);
  });

  const keyPolicy = (statement: object) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Action: "kms:*",
          Resource: "*",
        },
        { Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*", ...statement },
      ],
    });
  const permission = (props: object): ResourceView => ({
    type: "aws:lambda/permission:Permission",
    name: "invoke",
    urn: "urn:pulumi:t::p::aws:lambda/permission:Permission::invoke",
    props: { action: "lambda:InvokeFunction", function: "fn", ...props },
  });

  it("accepts service principals bound by aws:SourceAccount or aws:SourceArn", () => {
    const bound = keyPolicy({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    expect(violations(change("key", { policy: bound }))).to.deep.equal([]);
    const byArn = keyPolicy({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*" } },
    });
    expect(violations(change("key", { policy: byArn }))).to.deep.equal([]);
    expect(
      violations([
        ...fixture(),
        permission({ principal: "logs.eu-west-1.amazonaws.com", sourceAccount: "123456789012" }),
      ]),
    ).to.deep.equal([]);
  });

  it("flags a key policy granting CloudWatch without a condition (finding 2)", () => {
    const open = keyPolicy({ Principal: { Service: "cloudwatch.amazonaws.com" } });
    expect(violations(change("key", { policy: open }))).to.deep.equal([
      "service-principal-confused-deputy: policy allows cloudwatch.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
    ]);
  });

  it("flags a trust policy without a binding (finding 4)", () => {
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
    const role: ResourceView = {
      type: "aws:iam/role:Role",
      name: "role",
      urn: "urn:pulumi:t::p::aws:iam/role:Role::role",
      props: { assumeRolePolicy: trust },
    };
    expect(violations([...fixture(), role])).to.deep.equal([
      "service-principal-confused-deputy: assumeRolePolicy allows ecs-tasks.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
    ]);
  });

  it("flags a Lambda permission for a service without sourceAccount or sourceArn", () => {
    expect(violations([...fixture(), permission({ principal: "events.amazonaws.com" })])).to.deep.equal([
      "service-principal-confused-deputy: Lambda permission for events.amazonaws.com has neither sourceAccount nor sourceArn: any account's events.amazonaws.com could invoke the function.",
    ]);
  });

  it("excepts CloudWatch Logs in a key policy only when bound by its encryption context", () => {
    const logs = { Service: "logs.eu-west-1.amazonaws.com" };
    const bound = keyPolicy({
      Principal: logs,
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*",
        },
      },
    });
    expect(violations(change("key", { policy: bound }))).to.deep.equal([]);
    expect(violations(change("key", { policy: keyPolicy({ Principal: logs }) }))).to.deep.equal([
      "service-principal-confused-deputy: policy allows logs.eu-west-1.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
    ]);
  });

  it("excepts EventBridge in a key policy only when bound by the SNS topic encryption context", () => {
    const events = { Service: "events.amazonaws.com" };
    const bound = keyPolicy({
      Principal: events,
      Condition: {
        StringLike: { "kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:eu-west-1:123456789012:*" },
      },
    });
    expect(violations(change("key", { policy: bound }))).to.deep.equal([]);
    expect(violations(change("key", { policy: keyPolicy({ Principal: events }) }))).to.deep.equal([
      "service-principal-confused-deputy: policy allows events.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
    ]);
  });

  it("excepts EC2 in a role's trust policy only (instance profiles), never in a resource policy", () => {
    const trustOf = (service: string): ResourceView => ({
      type: "aws:iam/role:Role",
      name: "role",
      urn: "urn:pulumi:t::p::aws:iam/role:Role::role",
      props: {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
        }),
      },
    });
    expect(violations([...fixture(), trustOf("ec2.amazonaws.com")])).to.deep.equal([]);
    expect(violations([...fixture(), trustOf("ec2.amazonaws.com.evil")])).to.have.length(1);
    const open = keyPolicy({ Principal: { Service: "ec2.amazonaws.com" } });
    expect(violations(change("key", { policy: open }))).to.deep.equal([
      "service-principal-confused-deputy: policy allows ec2.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
    ]);
  });

  it("ignores Deny statements and AWS principals", () => {
    const deny = keyPolicy({ Effect: "Deny", Principal: { Service: "cloudwatch.amazonaws.com" } });
    expect(violations(change("key", { policy: deny }))).to.deep.equal([]);
  });
});
