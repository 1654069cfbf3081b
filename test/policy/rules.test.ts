import { expect } from "chai";
import { POLICIES } from "../../policy/policies";
import { planOf } from "../support/mocks";
import { change, fixture, violations } from "./fixture";

describe("policy pack rules", () => {
  it("the compliant fixture passes every rule", () => {
    expect(violations(fixture())).to.deep.equal([]);
  });

  it("the @pulumi/policy wrappers report the same violations", () => {
    const reported: { policy: string; message: string; urn?: string }[] = [];
    const rs = change("logs", { retentionInDays: undefined });
    for (const p of POLICIES) {
      if ("validateResource" in p && typeof p.validateResource === "function") {
        for (const r of rs) {
          void p.validateResource(
            { type: r.type, urn: r.urn, name: r.name, props: r.props } as never,
            (message: string) => reported.push({ policy: p.name, message }),
          );
        }
      }
    }
    expect(reported).to.deep.equal([
      {
        policy: "log-group-retention",
        message: "log group /app has no retention: set retentionInDays (e.g. 30).",
      },
    ]);
  });

  it("both real stacks pass every rule", async () => {
    for (const stack of ["dev", "prod"]) {
      expect((await planOf(stack)).json.policy.violations, stack).to.deep.equal([]);
    }
  });
});
