import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("sqs-encrypted", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("sqs-encrypted:"))).to.deep.equal([]);
  });

  it("sqs-encrypted: an unencrypted queue", () => {
    expect(violations(change("dlq", { kmsMasterKeyId: undefined }))).to.deep.equal([
      "sqs-encrypted: SQS queue is not encrypted: set kmsMasterKeyId.",
    ]);
  });
});
