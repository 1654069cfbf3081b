import { expect } from "chai";
import {
  alarmFromPlan,
  evaluateAlarms,
  evaluateExpression,
  MetricMathError,
  MetricStore,
  parseExpression,
  type MathValue,
} from "../../../engines/alarmEvaluation";

const _ = NaN;
const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const MIN = 60_000;

/** Evaluates `expr` over named series (NaN = no datapoint), one-minute periods from T0. */
function calc(expr: string, series: Record<string, number[]>): MathValue {
  const length = Object.values(series)[0]?.length ?? 4;
  const data = new Map(Object.entries(series).map(([k, v]) => [k, Float64Array.from(v)]));
  return evaluateExpression(expr, parseExpression(expr), {
    series: (id) => data.get(id),
    metricIds: () => [...data.keys()],
    periodSeconds: 60,
    length,
    timestamps: Array.from({ length }, (_x, i) => T0 + i * MIN),
  });
}
const arr = (v: MathValue): number[] => {
  if (typeof v === "number" || Array.isArray(v)) throw new Error(`not one time series: ${String(v)}`);
  return Array.from(v);
};

describe('alarmEvaluation: metric math ("Metric math syntax and functions")', () => {
  describe("the guide's examples", () => {
    const metric1 = [30, 20, 0, 0];
    const metric2 = [20, _, 20, _];
    it("(metric1 < metric2) → 0, 0, 1, 0 (a missing value of one series counts as 0)", () => {
      expect(arr(calc("(metric1 < metric2)", { metric1, metric2 }))).to.deep.equal([0, 0, 1, 0]);
    });
    it("(metric1 >= 30) → 1, 0, 0, 0", () => {
      expect(arr(calc("(metric1 >= 30)", { metric1, metric2 }))).to.deep.equal([1, 0, 0, 0]);
    });
    it("(metric1 > 15 AND metric2 > 15) → 1, 0, 0, 0 (and the same with &&)", () => {
      expect(arr(calc("(metric1 > 15 AND metric2 > 15)", { metric1, metric2 }))).to.deep.equal([1, 0, 0, 0]);
      expect(arr(calc("metric1 > 15 && metric2 > 15", { metric1, metric2 }))).to.deep.equal([1, 0, 0, 0]);
    });
    const m1 = [1, 1, 0, 0, _];
    const m2 = [30, _, 0, 0, 30];
    const m3 = [0, 0, 20, _, 20];
    it("IF(metric1, metric2, metric3) → [30, 0, 20, -, -]", () => {
      expect(
        arr(calc("IF(metric1, metric2, metric3)", { metric1: m1, metric2: m2, metric3: m3 })),
      ).to.deep.equal([30, 0, 20, _, _]);
    });
    it("IF(metric1, 5, metric3) → [5, 5, 20, -, -]", () => {
      expect(arr(calc("IF(metric1, 5, metric3)", { metric1: m1, metric3: m3 }))).to.deep.equal([
        5,
        5,
        20,
        _,
        _,
      ]);
    });
    it("IF(metric1, metric2, 5) → [30, 0, 5, 5, -]", () => {
      expect(arr(calc("IF(metric1, metric2, 5)", { metric1: m1, metric2: m2 }))).to.deep.equal([
        30,
        0,
        5,
        5,
        _,
      ]);
    });
    it("IF(metric1 < 400, metric1) drops the datapoints that are not low", () => {
      expect(arr(calc("IF(metric1 < 400, metric1)", { metric1: [100, 500, _, 300] }))).to.deep.equal([
        100,
        _,
        _,
        300,
      ]);
    });
  });

  describe("functions", () => {
    const m1 = [4, _, -2, 6];
    const m2 = [1, 2, _, 3];
    it("arithmetic: two series add with 0 for a missing value; a scalar keeps missing missing; / 0 drops", () => {
      expect(arr(calc("m1 + m2", { m1, m2 }))).to.deep.equal([5, 2, -2, 9]);
      expect(arr(calc("m1 * 2 - 1", { m1, m2 }))).to.deep.equal([7, _, -5, 11]);
      // index 2: m2 is missing, so m2 - 2 is missing there; m1 / (missing → 0) divides by zero: dropped
      expect(arr(calc("m1 / (m2 - 2)", { m1, m2 }))).to.deep.equal([-4, _, _, 6]);
      expect(arr(calc("-m1 ^ 2", { m1 }))).to.deep.equal([-16, _, -4, -36]);
    });
    it("FILL with a value, a series, REPEAT and LINEAR", () => {
      const s = [_, 2, _, _, 8, _];
      expect(arr(calc("FILL(s, 0)", { s }))).to.deep.equal([0, 2, 0, 0, 8, 0]);
      expect(arr(calc("FILL(s, t)", { s, t: [1, 1, 1, _, 1, 1] }))).to.deep.equal([1, 2, 1, _, 8, 1]);
      expect(arr(calc("FILL(s, REPEAT)", { s }))).to.deep.equal([2, 2, 2, 2, 8, 8]);
      expect(arr(calc("FILL(s, LINEAR)", { s }))).to.deep.equal([_, 2, 4, 6, 8, _]);
    });
    it("ABS, CEIL, FLOOR, LOG10 per datapoint", () => {
      expect(arr(calc("ABS(m1)", { m1 }))).to.deep.equal([4, _, 2, 6]);
      expect(arr(calc("CEIL(x)", { x: [1.2, -1.2] }))).to.deep.equal([2, -1]);
      expect(arr(calc("FLOOR(x)", { x: [1.2, -1.2] }))).to.deep.equal([1, -2]);
      expect(arr(calc("LOG10(x)", { x: [1, 1000] }))).to.deep.equal([0, 3]);
    });
    it("SUM/AVG/MIN/MAX of one series are scalars; of an array, series per timestamp (AVG counts missing as 0)", () => {
      expect(calc("SUM(m1)", { m1 })).to.equal(8);
      expect(calc("MAX(m1)", { m1 })).to.equal(6);
      expect(arr(calc("m1 - MIN(m1)", { m1 }))).to.deep.equal([6, _, 0, 8]);
      expect(arr(calc("SUM([m1, m2])", { m1, m2 }))).to.deep.equal([5, 2, -2, 9]);
      expect(arr(calc("MAX(METRICS())", { m1, m2 }))).to.deep.equal([4, 2, -2, 6]);
      expect(arr(calc("AVG([m1, m2])", { m1, m2 }))).to.deep.equal([2.5, 1, -1, 4.5]);
    });
    it('METRICS("str") keeps the ids containing the string; SORT, SLICE, FIRST, LAST, METRIC_COUNT', () => {
      const series = { errors4xx: [1, 1], errors5xx: [10, 10], requests: [100, 100] };
      expect(arr(calc('SUM(METRICS("errors"))', series))).to.deep.equal([11, 11]);
      expect(arr(calc("FIRST(SORT(METRICS(), SUM, DESC))", series))).to.deep.equal([100, 100]);
      expect(arr(calc("LAST(SORT(METRICS(), AVG, DESC, 2))", series))).to.deep.equal([10, 10]);
      expect(arr(calc("SUM(SLICE(SORT(METRICS(), MAX, ASC), 1))", series))).to.deep.equal([110, 110]);
      expect(arr(calc("requests / METRIC_COUNT(METRICS())", series))).to.deep.equal([100 / 3, 100 / 3]);
    });
    it("DIFF, RATE, DIFF_TIME, RUNNING_SUM, PERIOD, TIME_SERIES", () => {
      const c = [10, _, 40, 50];
      expect(arr(calc("DIFF(c)", { c }))).to.deep.equal([_, _, 30, 10]);
      expect(arr(calc("RATE(c)", { c }))).to.deep.equal([_, _, 0.25, 10 / 60]);
      expect(arr(calc("DIFF_TIME(c)", { c }))).to.deep.equal([_, _, 120, 60]);
      expect(arr(calc("RUNNING_SUM(c)", { c }))).to.deep.equal([10, _, 50, 100]);
      expect(arr(calc("c / PERIOD(c)", { c }))).to.deep.equal([10 / 60, _, 40 / 60, 50 / 60]);
      expect(arr(calc("TIME_SERIES(7)", { c }))).to.deep.equal([7, 7, 7, 7]);
    });
    it("MINUTE, HOUR, DAY (1 = Monday), MONTH of the periods' timestamps", () => {
      const c = [1, 1];
      expect(arr(calc("MINUTE(c)", { c }))).to.deep.equal([0, 1]);
      expect(arr(calc("HOUR(c)", { c }))).to.deep.equal([10, 10]);
      expect(arr(calc("DAY(c)", { c }))).to.deep.equal([6, 6]); // 2026-11-28 is a Saturday
      expect(arr(calc("MONTH(c)", { c }))).to.deep.equal([11, 11]);
    });
  });

  describe("errors CloudWatch reports", () => {
    for (const [expr, msg] of [
      ["abs(m1)", /upper case/],
      ["NOT m1", /no NOT operator/],
      ["m1 +", /end of expression/],
      ["FOO(m1)", /unknown function FOO/],
      ["ANOMALY_DETECTION_BAND(m1, 2)", /cannot be evaluated offline/],
      ["IF(m1)", /IF takes 2 to 3/],
    ] as const)
      it(`${expr} → ${String(msg)}`, () => {
        expect(() => calc(expr, { m1: [1] })).to.throw(MetricMathError, msg);
      });
  });

  it("an alarm whose expression returns several time series is reported not evaluable", () => {
    const a = alarmFromPlan({
      name: "many",
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 1,
      threshold: 1,
      metricQueries: [
        { id: "m1", metric: { namespace: "N", metricName: "A", period: 60, stat: "Sum" }, returnData: false },
        { id: "m2", metric: { namespace: "N", metricName: "B", period: 60, stat: "Sum" }, returnData: false },
        { id: "e1", expression: "METRICS() * 2", returnData: true },
      ],
    });
    const r = evaluateAlarms({ alarms: [a], store: new MetricStore(), startMs: T0, endMs: T0 + 3 * MIN });
    expect(r.alarms[0].evaluable).to.equal(false);
    expect(r.alarms[0].note).to.match(/several time series/);
  });

  describe("the café's traffic-without-orders alarm, minute by minute", () => {
    // as the stack plans it (metricQueries in the aws provider's shape), threshold and M of N small
    const alarm = alarmFromPlan({
      name: "cafe-traffic-without-orders",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 1,
      treatMissingData: "notBreaching",
      alarmActions: ["arn:aws:sns:eu-west-1:123456789012:alerts"],
      okActions: ["arn:aws:sns:eu-west-1:123456789012:alerts"],
      metricQueries: [
        {
          id: "requests",
          metric: { namespace: "Cafe", metricName: "Requests", period: 60, stat: "Sum" },
          returnData: false,
        },
        {
          id: "orders",
          metric: { namespace: "Cafe", metricName: "OrderClicks", period: 60, stat: "Sum" },
          returnData: false,
        },
        {
          id: "expression",
          expression: "IF(FILL(requests,0) >= 10 AND FILL(orders,0) == 0, 1, 0)",
          label: "traffic without orders",
          returnData: true,
        },
      ],
    });
    const requests = { namespace: "Cafe", name: "Requests" };
    const orders = { namespace: "Cafe", name: "OrderClicks" };

    it("fires after 3 minutes of traffic without orders and recovers when orders come back", () => {
      const store = new MetricStore();
      // minutes 0–4 healthy (20 requests, 2 orders); 5–9 broken (20 requests, no order); 10–14 healthy
      for (let minute = 0; minute < 15; minute++) {
        const broken = minute >= 5 && minute < 10;
        for (let r = 0; r < 20; r++) store.put(requests, T0 + minute * MIN + r * 1000, 1, "Count");
        if (!broken)
          for (let o = 0; o < 2; o++) store.put(orders, T0 + minute * MIN + 30_000 + o, 1, "Count");
      }
      const { alarms, notifications } = evaluateAlarms({
        alarms: [alarm],
        store,
        startMs: T0,
        endMs: T0 + 16 * MIN,
      });
      const transitions = alarms[0].transitions.map((t) => [(t.at - T0) / MIN, t.from, t.to]);
      // minute 1: period 0 healthy → OK; periods 5,6,7 broken → evaluated at minute 8 → ALARM;
      // period 10 healthy again → evaluated at minute 11 → OK
      expect(transitions).to.deep.equal([
        [1, "INSUFFICIENT_DATA", "OK"],
        [8, "OK", "ALARM"],
        [11, "ALARM", "OK"],
      ]);
      expect(notifications.map((n) => [(n.at - T0) / MIN, n.state])).to.deep.equal([
        [1, "OK"],
        [8, "ALARM"],
        [11, "OK"],
      ]);
    });

    it("stays quiet with no traffic at all (FILL makes the quiet minutes 0, not missing)", () => {
      const store = new MetricStore();
      const { alarms } = evaluateAlarms({ alarms: [alarm], store, startMs: T0, endMs: T0 + 30 * MIN });
      expect(alarms[0].transitions.map((t) => t.to)).to.deep.equal(["OK"]);
    });

    it("stays quiet below 10 requests a minute even without orders", () => {
      const store = new MetricStore();
      for (let minute = 0; minute < 20; minute++)
        for (let r = 0; r < 9; r++) store.put(requests, T0 + minute * MIN + r, 1);
      const { alarms } = evaluateAlarms({ alarms: [alarm], store, startMs: T0, endMs: T0 + 20 * MIN });
      expect(alarms[0].finalState).to.equal("OK");
      expect(alarms[0].transitions).to.have.length(1);
    });
  });
});
