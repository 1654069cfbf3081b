import { expect } from "chai";
import { change, fixture, violations } from "../fixture";

describe("s3-encrypted", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("s3-encrypted:"))).to.deep.equal([]);
  });

  it("a bucket without a default-encryption resource", () => {
    const rs = fixture().filter((r) => r.name !== "bucket-sse");
    expect(violations(rs)).to.deep.equal([
      "s3-encrypted: bucket bucket has no default encryption: declare a BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms with a customer-managed key).",
    ]);
  });

  it("an encryption resource for another bucket, or without an algorithm", () => {
    expect(violations(change("bucket-sse", { bucket: "other-bucket" }))).to.have.length(1);
    expect(violations(change("bucket-sse", { rules: [{ bucketKeyEnabled: true }] }))).to.deep.equal([
      "s3-encrypted: bucket bucket has no default encryption: declare a BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms with a customer-managed key).",
    ]);
  });

  it("accepts the legacy inline block and SSE-S3", () => {
    const inline = fixture()
      .filter((r) => r.name !== "bucket-sse")
      .map((r) =>
        r.name === "bucket"
          ? {
              ...r,
              props: {
                ...r.props,
                serverSideEncryptionConfiguration: {
                  rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                },
              },
            }
          : r,
      );
    expect(violations(inline)).to.deep.equal([]);
  });
});
