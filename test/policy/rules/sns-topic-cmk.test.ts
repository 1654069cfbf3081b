import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("sns-topic-cmk", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("sns-topic-cmk:"))).to.deep.equal([]);
  });

  it("sns-topic-cmk: alias/aws/sns, and no encryption at all", () => {
    expect(violations(change("topic", { kmsMasterKeyId: "alias/aws/sns" }))[0]).to.match(
      /^sns-topic-cmk: SNS topic uses alias\/aws\/sns/,
    );
    expect(violations(change("topic", { kmsMasterKeyId: undefined }))[0]).to.match(
      /^sns-topic-cmk: SNS topic is not encrypted/,
    );
  });
});
