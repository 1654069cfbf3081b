import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("dynamodb-cmk", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("dynamodb-cmk:"))).to.deep.equal([]);
  });

  it("dynamodb-cmk: a table without a customer-managed key", () => {
    expect(violations(change("table", { serverSideEncryption: undefined }))[0]).to.match(/^dynamodb-cmk: /);
  });
});
