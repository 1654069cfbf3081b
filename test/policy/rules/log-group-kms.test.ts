import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("log-group-kms", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("log-group-kms:"))).to.deep.equal([]);
  });

  it("log-group-kms: an unencrypted group", () => {
    expect(violations(change("logs", { kmsKeyId: undefined }))).to.deep.equal([
      "log-group-kms: log group /app is not encrypted with a KMS key: set kmsKeyId.",
    ]);
  });
});
