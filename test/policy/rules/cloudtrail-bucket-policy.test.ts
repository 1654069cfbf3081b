import { expect } from "chai";
import {
  ACCOUNT,
  change,
  denyWithoutTls,
  fixture,
  TRAIL_ARN,
  TRAIL_BUCKET,
  TRAIL_BUCKET_STATEMENTS,
  violations,
} from "../fixture";

describe("cloudtrail-bucket-policy", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("cloudtrail-bucket-policy:"))).to.deep.equal([]);
  });

  const [acl, write] = TRAIL_BUCKET_STATEMENTS;
  const withStatements = (...statements: object[]) =>
    change("trail-bucket-policy", {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [...statements, denyWithoutTls(TRAIL_BUCKET)],
      }),
    });
  const ACL = `cloudtrail-bucket-policy: trail audit: the policy of bucket ${TRAIL_BUCKET} does not allow cloudtrail.amazonaws.com s3:GetBucketAcl on arn:aws:s3:::${TRAIL_BUCKET} with aws:SourceArn = ${TRAIL_ARN}.`;
  const PUT = `cloudtrail-bucket-policy: trail audit: the policy of bucket ${TRAIL_BUCKET} does not allow cloudtrail.amazonaws.com s3:PutObject on exactly arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/* with s3:x-amz-acl = bucket-owner-full-control and aws:SourceArn = ${TRAIL_ARN}.`;
  const other = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/other";

  it("a policy without the ACL check, or without the write statement", () => {
    expect(violations(withStatements(write))).to.deep.equal([ACL]);
    expect(violations(withStatements(acl))).to.deep.equal([PUT]);
  });

  it("statements bound to another trail", () => {
    expect(
      violations(withStatements({ ...acl, Condition: { StringEquals: { "aws:SourceArn": other } } }, write)),
    ).to.deep.equal([ACL]);
    expect(
      violations(
        withStatements(acl, {
          ...write,
          Condition: {
            StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": other },
          },
        }),
      ),
    ).to.deep.equal([PUT]);
  });

  it("a wildcard trail ARN", () => {
    const wildcard = { ArnLike: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/*" } };
    expect(violations(withStatements({ ...acl, Condition: wildcard }, write))).to.deep.equal([ACL]);
  });

  it("a write without the bucket-owner-full-control ACL", () => {
    expect(
      violations(
        withStatements(acl, { ...write, Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } }),
      ),
    ).to.deep.equal([PUT]);
  });

  it("a write beyond AWSLogs/<account>/", () => {
    expect(
      violations(withStatements(acl, { ...write, Resource: `arn:aws:s3:::${TRAIL_BUCKET}/*` })),
    ).to.deep.equal([PUT]);
  });

  it("derives the trail ARN from its key's region and account when the state has none", () => {
    expect(violations(change("trail", { arn: undefined }))).to.deep.equal([]);
  });

  it("a key prefix moves the write under <prefix>/AWSLogs/<account>/", () => {
    const rs = change("trail", { s3KeyPrefix: "audit" });
    expect(violations(rs)).to.deep.equal([PUT.replace("/AWSLogs/", "/audit/AWSLogs/")]);
  });
});
