import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  alarmFromPlan,
  decideState,
  evaluateAlarms,
  MetricStore,
  type AlarmState,
  type TreatMissingData,
} from "../../../engines/alarmEvaluation";

interface Row {
  datapointsToAlarm: number;
  evaluationPeriods: number;
  evaluationRange: number;
  datapoints: string[];
  missingCount: number;
  expected: Record<TreatMissingData, AlarmState | "RETAIN">;
}
const TABLES = path.join(
  __dirname,
  "..",
  "..",
  "..",
  "..",
  "shared",
  "data",
  "alarms",
  "missing-data-tables.json",
);
const { rows } = JSON.parse(readFileSync(TABLES, "utf8")) as { rows: Row[] };
const MODES: TreatMissingData[] = ["missing", "ignore", "breaching", "notBreaching"];
const THRESHOLD = 10;
const valueOf = (c: string): number | undefined => (c === "X" ? 20 : c === "0" ? 1 : undefined);

describe("alarmEvaluation: the user guide's tables of missing data (every row × every mode)", () => {
  it("transcribes the two tables of the guide (6 + 5 rows)", () => {
    expect(rows.filter((r) => r.datapointsToAlarm === 3)).to.have.length(6);
    expect(rows.filter((r) => r.datapointsToAlarm === 2)).to.have.length(5);
  });

  rows.forEach((row, i) => {
    for (const mode of MODES) {
      const expected = row.expected[mode];
      const label = `${row.datapointsToAlarm} of ${row.evaluationPeriods}, [${row.datapoints.join(" ")}], ${mode} → ${expected}`;

      it(`decideState: ${label}`, () => {
        const d = decideState(
          row.datapoints.map(valueOf),
          (v) => v > THRESHOLD,
          row.evaluationPeriods,
          row.datapointsToAlarm,
          mode,
        );
        expect(d.state).to.equal(expected);
        expect(row.datapoints.filter((c) => c === "-")).to.have.length(row.missingCount);
      });

      // the same row through the store and the minute-by-minute evaluator, from both prior states
      const priors: AlarmState[] = expected === "RETAIN" ? ["OK", "ALARM"] : ["OK"];
      for (const prior of priors)
        it(`evaluateAlarms (row ${i + 1}, from ${prior}): ${label}`, () => {
          const period = 300;
          const t0 = Date.UTC(2026, 10, 28, 10, 0, 0);
          const store = new MetricStore();
          const metric = { namespace: "Test", name: "M" };
          // 5 periods that establish the prior state, then the row's 5 periods
          const prefix = Array<string>(5).fill(prior === "ALARM" ? "X" : "0");
          [...prefix, ...row.datapoints].forEach((c, k) => {
            const v = valueOf(c);
            if (v !== undefined) store.put(metric, t0 + k * period * 1000 + 1000, v);
          });
          const alarm = alarmFromPlan({
            name: "a",
            namespace: "Test",
            metricName: "M",
            statistic: "Maximum",
            period,
            evaluationPeriods: row.evaluationPeriods,
            datapointsToAlarm: row.datapointsToAlarm,
            threshold: THRESHOLD,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: mode,
          });
          const endMs = t0 + 10 * period * 1000;
          const before = evaluateAlarms({ alarms: [alarm], store, startMs: t0, endMs: endMs - period * 1000 })
            .alarms[0];
          const after = evaluateAlarms({ alarms: [alarm], store, startMs: t0, endMs }).alarms[0];
          // a RETAIN row keeps whatever state the previous evaluation left
          if (expected === "RETAIN") expect(before.finalState).to.equal(prior);
          expect(after.finalState).to.equal(expected === "RETAIN" ? prior : expected);
        });
    }
  });
});
