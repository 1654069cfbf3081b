import { expect } from "chai";
import { fixture, violations } from "../fixture";

describe("s3-public-access-blocked", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("s3-public-access-blocked:"))).to.deep.equal([]);
  });

  it("s3-public-access-blocked: a bucket with one block off", () => {
    const rs = fixture().map((r) =>
      r.name === "bucket-pab" ? { ...r, props: { ...r.props, restrictPublicBuckets: false } } : r,
    );
    expect(violations(rs)).to.deep.equal([
      "s3-public-access-blocked: bucket bucket has no BucketPublicAccessBlock with all four blocks on.",
    ]);
  });
});
