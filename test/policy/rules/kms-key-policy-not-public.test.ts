import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("kms-key-policy-not-public", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("kms-key-policy-not-public:"))).to.deep.equal([]);
  });

  it("kms-key-policy-not-public: a statement open to everyone", () => {
    const open = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }],
    });
    expect(violations(change("key", { policy: open }))).to.deep.equal([
      "kms-key-policy-not-public: KMS key policy allows any principal without a condition.",
    ]);
  });
});
