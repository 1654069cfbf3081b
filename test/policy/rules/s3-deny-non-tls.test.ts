import { expect } from "chai";
import { change, denyWithoutTls, fixture, violations } from "../fixture";

describe("s3-deny-non-tls", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("s3-deny-non-tls:"))).to.deep.equal([]);
  });

  const withStatements = (...statements: object[]) =>
    change("bucket-policy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
  const MESSAGE =
    "s3-deny-non-tls: bucket bucket does not deny requests without TLS: add a BucketPolicy statement Deny * s3:* on the bucket and bucket/* when aws:SecureTransport is false.";

  it("a bucket without a policy", () => {
    expect(violations(fixture().filter((r) => r.name !== "bucket-policy"))).to.deep.equal([MESSAGE]);
  });

  it("a deny that misses the objects, some actions, or the condition", () => {
    const deny = denyWithoutTls("logs-bucket");
    expect(violations(withStatements({ ...deny, Resource: "arn:aws:s3:::logs-bucket" }))).to.deep.equal([
      MESSAGE,
    ]);
    expect(violations(withStatements({ ...deny, Action: "s3:GetObject" }))).to.deep.equal([MESSAGE]);
    expect(
      violations(withStatements({ ...deny, Condition: { Bool: { "aws:SecureTransport": "true" } } })),
    ).to.deep.equal([MESSAGE]);
  });

  it("a deny for one principal only", () => {
    const deny = denyWithoutTls("logs-bucket");
    expect(
      violations(withStatements({ ...deny, Principal: { AWS: "arn:aws:iam::123456789012:root" } })),
    ).to.deep.equal([MESSAGE]);
  });
});
