import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("iam-no-wildcard-actions", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("iam-no-wildcard-actions:"))).to.deep.equal([]);
  });

  it("iam-no-wildcard-actions: `*`, `service:*` and NotAction", () => {
    const doc = (s: object) => JSON.stringify({ Statement: [{ Effect: "Allow", Resource: "*", ...s }] });
    expect(violations(change("policy", { policy: doc({ Action: "*" }) }))).to.deep.equal([
      "iam-no-wildcard-actions: IAM policy allows the wildcard action *.",
    ]);
    expect(violations(change("policy", { policy: doc({ Action: ["dynamodb:*"] }) }))).to.deep.equal([
      "iam-no-wildcard-actions: IAM policy allows the wildcard action dynamodb:*.",
    ]);
    expect(violations(change("policy", { policy: doc({ NotAction: "iam:*" }) }))).to.deep.equal([
      "iam-no-wildcard-actions: IAM policy uses NotAction in an Allow statement.",
    ]);
  });
});
