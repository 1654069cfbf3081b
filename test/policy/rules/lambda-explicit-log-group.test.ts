import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("lambda-explicit-log-group", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("lambda-explicit-log-group:"))).to.deep.equal([]);
  });

  it("lambda-explicit-log-group: a function logging to an undeclared group", () => {
    expect(violations(change("fn", { loggingConfig: undefined, name: "other" }))).to.deep.equal([
      "lambda-explicit-log-group: Lambda other has no log group declared in the stack: declare one and set loggingConfig.logGroup.",
    ]);
  });
});
