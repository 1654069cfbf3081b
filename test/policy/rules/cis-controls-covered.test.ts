import { expect } from "chai";
import { CIS_CONTROL_IDS, enabledControls } from "../../../policy/rules/cis-controls-covered";
import type { PolicyContext } from "../../../policy/rules";
import { change, fixture, violations } from "../fixture";

/** Audit settings enabling only the controls listed (every other one set to false). */
function only(...ids: string[]): PolicyContext {
  const cis = Object.fromEntries(CIS_CONTROL_IDS.map((id) => [id, ids.includes(id)]));
  return { settings: { audit: { enabled: true, cis } } };
}

describe("cis-controls-covered", () => {
  it("passes the compliant fixture: its one enabled control has a filter on the trail group and an alarm", () => {
    expect(violations(fixture(), only("root-account-usage"))).to.deep.equal([]);
  });

  it("reads the enabled set from the settings as the contract says", () => {
    expect(enabledControls({})).to.deep.equal([]); // no audit system in this program
    expect(enabledControls({ audit: { enabled: false } })).to.deep.equal([]);
    expect(enabledControls({ audit: { enabled: true } })).to.deep.equal([...CIS_CONTROL_IDS]);
    expect(enabledControls({ audit: { enabled: true, cis: { "vpc-changes": false } } })).to.have.length(14);
    expect(CIS_CONTROL_IDS).to.have.length(15);
  });

  it("an enabled control without an alarm", () => {
    expect(violations(fixture(), only("root-account-usage", "vpc-changes"))).to.deep.equal([
      "cis-controls-covered: CIS control vpc-changes is enabled but no alarm is tagged obskit:cis-control=vpc-changes.",
    ]);
  });

  it("every control of an audit section without cis map, when only one is covered", () => {
    expect(violations(fixture(), { settings: { audit: { enabled: true } } })).to.have.length(14);
  });

  it("an alarm whose filter is on another log group than the trail's", () => {
    expect(
      violations(change("cis-root", { logGroupName: "/app" }), only("root-account-usage")),
    ).to.deep.equal([
      "cis-controls-covered: CIS control root-account-usage: alarm cis-root-account-usage watches CISBenchmark/RootAccountUsage, which no metric filter on a trail's log group emits.",
    ]);
  });

  it("an alarm whose tag names another control", () => {
    expect(
      violations(
        change("cis-root-alarm", { tags: { "obskit:cis-control": "vpc-changes" } }),
        only("root-account-usage"),
      ),
    ).to.deep.equal([
      "cis-controls-covered: CIS control root-account-usage is enabled but no alarm is tagged obskit:cis-control=root-account-usage.",
    ]);
  });

  it("controls enabled in a stack that declares no trail", () => {
    const noTrail = fixture().filter((r) => r.name !== "trail");
    expect(violations(noTrail, only("root-account-usage"))).to.deep.equal([
      "cis-controls-covered: obskit:audit enables the CIS controls, but the stack declares no CloudTrail trail.",
      "cis-controls-covered: CIS control root-account-usage: alarm cis-root-account-usage watches CISBenchmark/RootAccountUsage, which no metric filter on a trail's log group emits.",
    ]);
  });

  it("nothing to check when audit is disabled", () => {
    const noTrail = fixture().filter((r) => r.name !== "trail");
    expect(violations(noTrail, { settings: { audit: { enabled: false } } })).to.deep.equal([]);
  });
});
