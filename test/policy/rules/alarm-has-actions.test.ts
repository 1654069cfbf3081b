import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("alarm-has-actions", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("alarm-has-actions:"))).to.deep.equal([]);
  });

  it("alarm-has-actions: an alarm that tells nobody", () => {
    expect(violations(change("lambda", { alarmActions: [] }))).to.deep.equal([
      "alarm-has-actions: alarm lambda has no alarmActions: nobody would be told.",
    ]);
  });
});
