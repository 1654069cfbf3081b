import { expect } from "chai";
import { change, fixture, violations } from "../fixture";

describe("cloudtrail-log-file-validation", () => {
  it("passes the compliant fixture", () => {
    expect(
      violations(fixture()).filter((v) => v.startsWith("cloudtrail-log-file-validation:")),
    ).to.deep.equal([]);
  });

  it("a trail without log file validation", () => {
    for (const enableLogFileValidation of [false, undefined])
      expect(violations(change("trail", { enableLogFileValidation }))).to.deep.equal([
        "cloudtrail-log-file-validation: trail audit does not validate its log files: set enableLogFileValidation: true.",
      ]);
  });
});
