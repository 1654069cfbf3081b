import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("log-group-retention", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("log-group-retention:"))).to.deep.equal([]);
  });

  it("log-group-retention: a group that never expires", () => {
    expect(violations(change("logs", { retentionInDays: undefined }))).to.deep.equal([
      "log-group-retention: log group /app has no retention: set retentionInDays (e.g. 30).",
    ]);
  });
});
