import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("kms-key-rotation", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("kms-key-rotation:"))).to.deep.equal([]);
  });

  it("kms-key-rotation: a key that does not rotate", () => {
    expect(violations(change("key", { enableKeyRotation: false }))).to.deep.equal([
      "kms-key-rotation: KMS key does not rotate: set enableKeyRotation: true.",
    ]);
  });
});
