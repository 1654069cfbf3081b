import { expect } from "chai";
import { change, fixture, violations } from "../fixture";

describe("cloudtrail-multi-region", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("cloudtrail-multi-region:"))).to.deep.equal([]);
  });

  it("a single-region trail", () => {
    expect(violations(change("trail", { isMultiRegionTrail: false }))).to.deep.equal([
      "cloudtrail-multi-region: trail audit records one region only: set isMultiRegionTrail: true.",
    ]);
    expect(violations(change("trail", { isMultiRegionTrail: undefined }))).to.have.length(1);
  });

  it("a trail excluding global service events", () => {
    expect(violations(change("trail", { includeGlobalServiceEvents: false }))).to.deep.equal([
      "cloudtrail-multi-region: trail audit excludes global service events (IAM, STS): set includeGlobalServiceEvents: true.",
    ]);
  });
});
