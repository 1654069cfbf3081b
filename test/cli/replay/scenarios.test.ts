import { expect } from "chai";
import type { Plan } from "../../../cli/plan/plan";
import {
  alarmInputs,
  alarmMetric,
  BUILT_IN_SCENARIOS,
  logGroup,
  orderWorkerRate,
  ScenarioPlanError,
  scenarioNamed,
  DERIVED_RECORDS,
  resolveExpectations,
  scenariosFor,
  STANDARD_SCENARIOS,
  type Scenario,
} from "../../../cli/replay/scenarios";
import { CIS_CONTROLS, CIS_CONTROL_IDS } from "../../../components/auditTrail";
import { compileFilterPattern } from "../../../components/filterPattern";
import { controlEventLine, ROUTINE_RECORDS } from "../../../cli/replay/scenarios/audit";
import { PAYMENT_SPIKE } from "../../../cli/replay/scenarios/orders";
import { recordLine } from "../../../components/auditTrail";
import { breaches, scenarioMetrics, type ScenarioMetrics } from "./scenarioCheck";
import { replayModel } from "../../../cli/replay/model";
import { replayScenarios, type ScenarioRun } from "../../../cli/replay/run";
import { metricKey } from "../../../components/dashboard/body";
import { planOf } from "../../support/mocks";

const START = Date.UTC(2026, 2, 2, 8, 0);
const MINUTE = 60_000;

/** The metrics an alarm reads (its own, or its metric-math queries'). */
function alarmMetrics(inputs: Record<string, unknown>): string[] {
  if (typeof inputs.namespace === "string" && typeof inputs.metricName === "string")
    return [
      metricKey(inputs.namespace, inputs.metricName, (inputs.dimensions ?? {}) as Record<string, string>),
    ];
  return (
    (inputs.metricQueries ?? []) as {
      metric?: { namespace: string; metricName: string; dimensions?: Record<string, string> };
    }[]
  )
    .filter((q) => q.metric)
    .map((q) => metricKey(q.metric!.namespace, q.metric!.metricName, q.metric!.dimensions ?? {}));
}

/** What went wrong with one scenario's expectations on the engine (empty: all held). */
function engineProblems(plan: Plan, run: ScenarioRun): string[] {
  const start = run.result.startMs;
  const driven = new Set(Object.keys(run.result.series));
  const e = resolveExpectations(run.scenario, plan.run.outputs);
  const problems: string[] = [];
  const byKey = new Map(run.result.alarms.filter((a) => a.key).map((a) => [a.key!, a]));
  const minute = (at: number) => `+${(at - start) / MINUTE}m`;
  for (const key of e.fires) {
    const a = byKey.get(key);
    const fired = a?.transitions.find((t) => t.to === "ALARM");
    if (!a || !fired) {
      problems.push(`${key} did not fire${a && !a.evaluable ? ` (not evaluable: ${a.note})` : ""}`);
      continue;
    }
    const t = e.timing[key];
    if (t && fired.at > start + t.byMinute * MINUTE)
      problems.push(`${key} fired at ${minute(fired.at)}, later than +${t.byMinute}m`);
    if (t?.recoversByMinute !== undefined) {
      const ok = a.transitions.find((x) => x.at > fired.at && x.from === "ALARM" && x.to === "OK");
      if (!ok || ok.at > start + t.recoversByMinute * MINUTE)
        problems.push(
          `${key} was not back in OK by +${t.recoversByMinute}m${ok ? ` (at ${minute(ok.at)})` : ""}`,
        );
    }
  }
  for (const key of e.quiet) {
    const fired = byKey.get(key)?.transitions.find((t) => t.to === "ALARM");
    if (fired) problems.push(`${key} fired at ${minute(fired.at)} but must stay quiet`);
    if (!alarmMetrics(alarmInputs(plan.run, key)).some((m) => driven.has(m)))
      problems.push(`${key} got no datapoint: quiet only because nothing drives it`);
  }
  if (e.incidentsAtLeast !== undefined && run.result.incidents.length < e.incidentsAtLeast)
    problems.push(`${run.result.incidents.length} incidents stored, expected at least ${e.incidentsAtLeast}`);
  return problems;
}

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

  it("read what they need from the plan, and say what is missing instead of guessing", () => {
    const outputs = {
      logGroupNames: { orders: "/smart-orders/processor" },
      alarmNames: { PaymentFailures: "x-PaymentFailures" },
    };
    expect(logGroup({ outputs }, "orders")).to.equal("/smart-orders/processor");
    expect(() => logGroup({ outputs }, "cafeAccess")).to.throw(
      ScenarioPlanError,
      /logGroupNames has no "cafeAccess"/,
    );
    expect(() => alarmMetric({ outputs, resources: [] }, "DeadLetters")).to.throw(
      ScenarioPlanError,
      /alarmNames has no "DeadLetters"/,
    );
    expect(() => alarmMetric({ outputs, resources: [] }, "PaymentFailures")).to.throw(
      ScenarioPlanError,
      /no metric alarm named "x-PaymentFailures"/,
    );
    expect(() => orderWorkerRate({ resources: [] })).to.throw(ScenarioPlanError, /ORDER_WORKER_RATE/);
    expect(() => scenarioNamed("orders: nope")).to.throw(/the built-in scenarios are: orders: normal rate/);
    expect(scenarioNamed("ORDERS: Normal Rate").name).to.equal("orders: normal rate");
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
      let runs: ScenarioRun[];
      before(async () => {
        plan = await planOf(stack);
        applicable = scenariosFor(plan.run.outputs);
        for (const s of applicable) metrics.set(s.name, await scenarioMetrics(plan, s, START));
        // the replay engine, exactly as `obskit replay` runs scenarios: one after another, each in its own Replay
        runs = await replayScenarios(replayModel(plan.model), applicable, { startMs: START });
      });

      it("every applicable scenario's expectations hold on the replay engine (alarm transitions with their times, incidents stored)", () => {
        const problems = runs.flatMap((r) => engineProblems(plan, r).map((p) => `${r.scenario.name}: ${p}`));
        expect(problems).to.deep.equal([]);
      });

      it("the payment-failure spike: PaymentFailures fires within the period after the spike starts and is back in OK after it", () => {
        const run = runs.find((r) => r.scenario.name === "orders: payment-failure spike")!;
        const alarm = run.result.alarms.find((a) => a.key === "PaymentFailures")!;
        const period = Number(alarmInputs(plan.run, "PaymentFailures").period) * 1000;
        const spikeAt = run.result.startMs + PAYMENT_SPIKE.afterMinutes * MINUTE;
        const spikeEnd = spikeAt + PAYMENT_SPIKE.minutes * MINUTE;
        const fired = alarm.transitions.find((t) => t.to === "ALARM")!;
        expect(fired.at)
          .to.be.greaterThan(spikeAt)
          .and.at.most(spikeAt + 2 * period);
        const ok = alarm.transitions.find((t) => t.at > fired.at && t.to === "OK")!;
        expect(ok.at)
          .to.be.greaterThan(spikeEnd)
          .and.at.most(spikeEnd + 2 * period);
        expect(alarm.transitions.filter((t) => t.to === "ALARM")).to.have.length(1);
        // both transitions notify the alert topic's subscribers
        const sent = run.result.notifications
          .filter((n) => n.source === alarm.name)
          .map((n) => [n.at, n.state]);
        expect(sent).to.deep.include.members([
          [fired.at, "ALARM"],
          [ok.at, "OK"],
        ]);
      });

      it("the payment-failure spike's few hot customers lead the top-customers Contributor Insights rule", async () => {
        const run = runs.find((r) => r.scenario.name === "orders: payment-failure spike")!;
        // the customers of the PAYMENT_FAILED events the worker's generator wrote during the spike
        const failures = new Map<string, number>();
        const spikeAt = START + PAYMENT_SPIKE.afterMinutes * MINUTE;
        await run.scenario.drive({
          startMs: START,
          outputs: plan.run.outputs,
          resources: plan.run.resources,
          feed: (e) => {
            const o = JSON.parse(e.message) as { event: string; customerId: string };
            if (o.event === "PAYMENT_FAILED" && e.timestamp >= spikeAt)
              failures.set(o.customerId, (failures.get(o.customerId) ?? 0) + 1);
          },
          putMetric: () => undefined,
        });
        const hot = [...failures].sort((a, b) => b[1] - a[1]).slice(0, 3);
        const rule = Object.values(run.result.contributors).find((c) => c.keys.join() === "$.customerId")!;
        expect(rule.aggregateOn).to.equal("Count");
        expect(rule.top.slice(0, 3).map((c) => c.keys[0])).to.have.members(hot.map(([customer]) => customer));
        expect(rule.top[0].value).to.be.at.least(hot[0][1]);
      });

      it("the ERROR pipeline burst stores the processor's incidents", () => {
        const run = runs.find((r) => r.scenario.name === "errors: ERROR pipeline burst")!;
        expect(run.result.incidents.length).to.be.at.least(5);
        expect(run.result.incidents.every((i) => i.severity === "ERROR")).to.equal(true);
      });

      it("every alarm of the plan fires on the engine in some scenario and stays quiet in another", () => {
        const keys = Object.keys(plan.run.outputs.alarmNames as Record<string, string>);
        const outcome = (key: string, to: "fires" | "quiet") =>
          runs.some((r) => {
            const e = resolveExpectations(r.scenario, plan.run.outputs);
            if (!e[to].includes(key)) return false;
            const firedHere = r.result.alarms.some(
              (a) => a.key === key && a.transitions.some((t) => t.to === "ALARM"),
            );
            return to === "fires" ? firedHere : !firedHere;
          });
        expect(
          keys.filter((k) => !outcome(k, "fires")),
          "alarms no scenario fires",
        ).to.deep.equal([]);
        expect(
          keys.filter((k) => !outcome(k, "quiet")),
          "alarms no scenario keeps quiet",
        ).to.deep.equal([]);
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
