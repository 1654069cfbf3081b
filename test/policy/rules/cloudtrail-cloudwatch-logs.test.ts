import { expect } from "chai";
import { change, fixture, violations } from "../fixture";

describe("cloudtrail-cloudwatch-logs", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("cloudtrail-cloudwatch-logs:"))).to.deep.equal(
      [],
    );
  });

  it("a trail without a CloudWatch Logs group", () => {
    // the CIS alarm then watches a metric no trail group emits: that is the CIS rule's finding, and
    // it is not evaluated without audit settings
    expect(violations(change("trail", { cloudWatchLogsGroupArn: undefined }))).to.deep.equal([
      "cloudtrail-cloudwatch-logs: trail audit does not deliver to CloudWatch Logs: set cloudWatchLogsGroupArn (the group's ARN ending :*).",
    ]);
  });

  it("a trail without the role CloudTrail writes with", () => {
    expect(violations(change("trail", { cloudWatchLogsRoleArn: undefined }))).to.deep.equal([
      "cloudtrail-cloudwatch-logs: trail audit has no role to write to CloudWatch Logs: set cloudWatchLogsRoleArn.",
    ]);
  });
});
