import { expect } from "chai";
import type { ResourceView } from "../../../policy/rules";
import { fixture, violations, change } from "../fixture";

describe("policy-document-valid", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("policy-document-valid:"))).to.deep.equal([]);
  });

  const role = (assumeRolePolicy: unknown): ResourceView => ({
    type: "aws:iam/role:Role",
    name: "role",
    urn: "urn:pulumi:t::p::aws:iam/role:Role::role",
    props: { assumeRolePolicy },
  });
  const trust = (extra: object) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          ...extra,
        },
      ],
    });

  it("accepts a trust policy without Resource", () => {
    expect(violations([...fixture(), role(trust({}))])).to.deep.equal([]);
  });

  it("rejects a trust policy carrying Resource, as IAM's CreateRole does (finding 1)", () => {
    expect(violations([...fixture(), role(trust({ Resource: "*" }))])).to.deep.equal([
      "policy-document-valid: assumeRolePolicy is not a valid trust policy: Statement[0].#Resource: Resource is not allowed in a trust policy.",
    ]);
  });

  it("rejects an identity policy naming a principal, and a resource policy naming none", () => {
    const withPrincipal = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:PutItem", Resource: "arn:t" }],
    });
    expect(violations(change("policy", { policy: withPrincipal }))).to.deep.equal([
      "policy-document-valid: policy is not a valid identity policy: Statement[0].#Principal: Principal is not allowed in an identity policy statement.",
    ]);
    const noPrincipal = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }],
    });
    expect(violations(change("key", { policy: noPrincipal }))).to.deep.equal([
      "policy-document-valid: policy is not a valid resource policy: Statement[0]: a resource policy statement must name a Principal.",
    ]);
  });

  it("rejects text that is not JSON, and skips values not known yet", () => {
    expect(violations([...fixture(), role("{not json")])).to.deep.equal([
      "policy-document-valid: assumeRolePolicy is not a valid trust policy: is not valid JSON.",
    ]);
    expect(violations([...fixture(), role(undefined)])).to.deep.equal([]);
  });
});
