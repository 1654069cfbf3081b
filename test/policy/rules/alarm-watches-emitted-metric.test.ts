import { expect } from "chai";
import { fixture, violations, change } from "../fixture";

describe("alarm-watches-emitted-metric", () => {
  it("passes the compliant fixture", () => {
    expect(violations(fixture()).filter((v) => v.startsWith("alarm-watches-emitted-metric:"))).to.deep.equal(
      [],
    );
  });

  it("alarm-watches-emitted-metric: a retyped metric name that no filter emits", () => {
    expect(violations(change("errors", { metricName: "Error" }))).to.deep.equal([
      "alarm-watches-emitted-metric: alarm errors watches App/Error, which no metric filter or obskit:emits resource of this stack publishes: it can never fire.",
    ]);
  });

  it("alarm-watches-emitted-metric: a custom metric whose publisher is gone", () => {
    expect(violations(change("fn", { tags: {} }))).to.have.length(1);
  });
});
