import { expect } from "chai";
import { planStack, type Plan } from "../../../cli/plan/plan";
import {
  alarmInputs,
  BUILT_IN_SCENARIOS,
  DERIVED_RECORDS,
  resolveExpectations,
  scenariosFor,
  STANDARD_SCENARIOS,
  type Scenario,
} from "../../../cli/replay/scenarios";
import { CIS_CONTROLS, CIS_CONTROL_IDS } from "../../../components/auditTrail";
import { compileFilterPattern } from "../../../components/filterPattern";
import { controlEventLine, ROUTINE_RECORDS } from "../../../cli/replay/scenarios/audit";
import { recordLine } from "../../../components/auditTrail";
import { breaches, scenarioMetrics, type ScenarioMetrics } from "./scenarioCheck";

const START = Date.UTC(2026, 2, 2, 8, 0);

describe("replay scenarios", function () {
  this.timeout(120_000);

  it("have unique names, and the standard set is the issue's list", () => {
    const names = BUILT_IN_SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(STANDARD_SCENARIOS.map((s) => s.name)).to.include.members([
      "orders: normal rate",
      "orders: payment-failure spike",
      "errors: ERROR pipeline burst",
      "cafe: 404 storm",
      "cafe: menu.php 500 incident",
      "audit: root console login",
      "audit: CMK deletion",
      "platform: Lambda error burst",
    ]);
  });

  it("trigger each CIS control with a documented record, or a record derived from a named documented one", () => {
    for (const id of CIS_CONTROL_IDS) {
      const { line, source } = controlEventLine(id);
      const matcher = compileFilterPattern(CIS_CONTROLS[id].pattern);
      expect(matcher(line).matched, `${id} (${source})`).to.equal(true);
      const derived = DERIVED_RECORDS.find((d) => d.control === id);
      if (CIS_CONTROLS[id].samples.match.length > 0) expect(derived, id).to.equal(undefined);
      else expect(source, id).to.equal(`derived from ${derived!.derivedFrom}`);
      // a derived record triggers its own control only
      if (derived)
        for (const other of CIS_CONTROL_IDS.filter((o) => o !== id))
          expect(
            compileFilterPattern(CIS_CONTROLS[other].pattern)(line).matched,
            `${id} → ${other}`,
          ).to.equal(false);
    }
    for (const r of ROUTINE_RECORDS)
      for (const id of CIS_CONTROL_IDS)
        expect(
          compileFilterPattern(CIS_CONTROLS[id].pattern)(recordLine(r)).matched,
          `${r} → ${id}`,
        ).to.equal(false);
  });

  for (const stack of ["dev", "prod"]) {
    describe(`on the ${stack} plan`, () => {
      let plan: Plan;
      let applicable: Scenario[];
      const metrics = new Map<string, ScenarioMetrics>();
      before(async () => {
        plan = await planStack(stack);
        applicable = scenariosFor(plan.run.outputs);
        for (const s of applicable) metrics.set(s.name, await scenarioMetrics(plan, s, START));
      });

      it("every applicable scenario's traffic, through the plan's metric filters, crosses the threshold of each alarm it fires and stays under those it keeps quiet", () => {
        const problems: string[] = [];
        for (const s of applicable) {
          const e = resolveExpectations(s, plan.run.outputs);
          const m = metrics.get(s.name)!;
          for (const key of e.fires) {
            const b = breaches(m, alarmInputs(plan.run, key));
            if (b && !b.breached) problems.push(`${s.name}: ${key} does not breach`);
          }
          for (const key of e.quiet) {
            const b = breaches(m, alarmInputs(plan.run, key));
            if (b?.breached) problems.push(`${s.name}: ${key} breaches but must stay quiet`);
            if (b && !b.hasData)
              problems.push(`${s.name}: ${key} gets no datapoint (quiet only because it is not driven)`);
          }
        }
        expect(problems).to.deep.equal([]);
      });

      it("every alarm of the plan is expected to fire in one scenario and to stay quiet in another", () => {
        const keys = Object.keys(plan.run.outputs.alarmNames as Record<string, string>);
        const resolved = applicable.map((s) => resolveExpectations(s, plan.run.outputs));
        const neverFired = keys.filter((k) => !resolved.some((e) => e.fires.includes(k)));
        const neverQuiet = keys.filter((k) => !resolved.some((e) => e.quiet.includes(k)));
        expect(neverFired, "alarms no scenario fires").to.deep.equal([]);
        expect(neverQuiet, "alarms no scenario keeps quiet").to.deep.equal([]);
      });
    });
  }
});
