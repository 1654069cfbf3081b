import { expect } from "chai";
import { change, fixture, violations } from "../fixture";

describe("cloudtrail-kms", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("cloudtrail-kms:"))).to.deep.equal([]);
  });

  it("a trail whose logs are not KMS-encrypted", () => {
    expect(violations(change("trail", { kmsKeyId: undefined }))).to.deep.equal([
      "cloudtrail-kms: trail audit is not encrypted with a KMS key: set kmsKeyId.",
    ]);
  });
});
