import { expect } from "chai";
import {
  alarmFromPlan,
  breaches,
  compositeFromPlan,
  declareAlarms,
  evaluateAlarms,
  lowSampleCountLimit,
  MetricStore,
  type MetricAlarmDefinition,
  type MetricAlarmPlanInputs,
} from "../../../engines/alarmEvaluation";

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const MIN = 60_000;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const PAGER = "arn:aws:sns:eu-west-1:123456789012:pager";
const metric = { namespace: "Test", name: "Errors" };

/** One value per one-minute period from T0 (undefined = no datapoint). */
function storeWith(values: Array<number | undefined>, m = metric, store = new MetricStore()): MetricStore {
  values.forEach((v, i) => {
    if (v !== undefined) store.put(m, T0 + i * MIN + 30_000, v);
  });
  return store;
}
function alarm(over: Partial<MetricAlarmPlanInputs> = {}): MetricAlarmDefinition {
  return alarmFromPlan({
    name: "errors",
    namespace: metric.namespace,
    metricName: metric.name,
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 3,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "missing",
    alarmActions: [TOPIC, PAGER],
    okActions: [TOPIC],
    insufficientDataActions: [],
    ...over,
  });
}
/** Transitions as [minute of the period just evaluated (1-based, as the guide numbers them), to]. */
const byPeriod = (r: ReturnType<typeof evaluateAlarms>, i = 0): Array<[number, string]> =>
  r.alarms[i].transitions.map((t) => [(t.at - T0) / MIN, t.to]);

describe('alarmEvaluation: evaluating alarms ("Evaluating an alarm")', () => {
  it("the guide's figure: 3 of 3 above 3 → ALARM at the fifth period, OK at the sixth, a single breach at the ninth stays OK", () => {
    const values = [1, 2, 4, 5, 4, 2, 1, 2, 5, 2];
    const r = evaluateAlarms({
      alarms: [alarm()],
      store: storeWith(values),
      startMs: T0,
      endMs: T0 + 10 * MIN,
    });
    // the evaluation at the end of period k sees periods ≤ k
    expect(byPeriod(r)).to.deep.equal([
      [1, "OK"],
      [5, "ALARM"],
      [6, "OK"],
    ]);
  });

  it('"M out of N": 2 of 3 needs two breaching datapoints within the last three, not consecutive', () => {
    const values = [5, 1, 1, 5, 1, 5, 1, 1, 1];
    const r = evaluateAlarms({
      alarms: [alarm({ datapointsToAlarm: 2 })],
      store: storeWith(values),
      startMs: T0,
      endMs: T0 + 9 * MIN,
    });
    // period 1 alone: one breaching datapoint, the rest missing → stays INSUFFICIENT_DATA; period 2
    // brings a non-breaching one → OK; periods 4–6 hold 5, 1, 5 → ALARM; periods 5–7 only one → OK
    expect(byPeriod(r)).to.deep.equal([
      [2, "OK"],
      [6, "ALARM"],
      [7, "OK"],
    ]);
  });

  it("the first state is INSUFFICIENT_DATA and the first evaluation is a minute after the start", () => {
    const r = evaluateAlarms({
      alarms: [alarm({ treatMissingData: "missing" })],
      store: new MetricStore(),
      startMs: T0,
      endMs: T0 + 10 * MIN,
    });
    expect(r.alarms[0].transitions).to.deep.equal([]);
    expect(r.alarms[0].finalState).to.equal("INSUFFICIENT_DATA");
    const nb = evaluateAlarms({
      alarms: [alarm({ treatMissingData: "notBreaching" })],
      store: new MetricStore(),
      startMs: T0 + 10_000,
      endMs: T0 + 10 * MIN,
    });
    expect(nb.alarms[0].transitions.map((t) => [t.at - T0, t.from, t.to])).to.deep.equal([
      [MIN, "INSUFFICIENT_DATA", "OK"],
    ]);
  });

  it("a 5-minute period is evaluated every minute and changes state once its period is complete", () => {
    const store = new MetricStore();
    for (let m = 0; m < 10; m++) store.put(metric, T0 + m * MIN, m >= 5 ? 10 : 1);
    const r = evaluateAlarms({
      alarms: [alarm({ period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 })],
      store,
      startMs: T0,
      endMs: T0 + 12 * MIN,
    });
    expect(byPeriod(r)).to.deep.equal([
      [5, "OK"],
      [10, "ALARM"],
    ]);
  });

  it("breaching missing data: an alarm on a metric that stops reporting goes to ALARM", () => {
    const r = evaluateAlarms({
      alarms: [alarm({ treatMissingData: "breaching" })],
      store: storeWith([1, 1, 1, 1]),
      startMs: T0,
      endMs: T0 + 12 * MIN,
    });
    // periods 5.. missing: the range of 5 still holds 3 real ones until period 6; at 7 only 2 real → 1 filled breaching (2 of 3 non-breaching → OK) … at 9 none real
    const states = byPeriod(r);
    expect(states[0]).to.deep.equal([1, "OK"]);
    expect(states[states.length - 1][1]).to.equal("ALARM");
    expect(states[states.length - 1][0]).to.equal(9);
  });

  it("a high-resolution alarm (10-second period) is evaluated every 10 seconds", () => {
    const store = new MetricStore({ resolutionSeconds: 10 });
    store.put(metric, T0 + 25_000, 9);
    const a = alarm({
      period: 10,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    });
    const standard = alarm({
      name: "standard",
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    });
    const r = evaluateAlarms({ alarms: [a, standard], store, startMs: T0, endMs: T0 + 2 * MIN });
    expect(r.alarms[0].transitions.map((t) => [(t.at - T0) / 1000, t.to])).to.deep.equal([
      [10, "OK"],
      [30, "ALARM"],
      [60, "OK"],
    ]);
    expect(r.alarms[1].transitions.map((t) => [(t.at - T0) / 1000, t.to])).to.deep.equal([[60, "ALARM"]]);
  });

  it("the reason says which datapoints crossed which threshold", () => {
    const r = evaluateAlarms({
      alarms: [alarm()],
      store: storeWith([4, 5, 6]),
      startMs: T0,
      endMs: T0 + 3 * MIN,
    });
    const t = r.alarms[0].transitions.at(-1)!;
    expect(t.to).to.equal("ALARM");
    expect(t.reason).to.equal(
      "Threshold Crossed: 3 out of the last 3 datapoints [6.0 (2026-11-28T10:02:00Z), 5.0 (2026-11-28T10:01:00Z), 4.0 (2026-11-28T10:00:00Z)] were greater than the threshold (3.0) (minimum 3 datapoints for OK -> ALARM transition).",
    );
  });

  describe("comparison operators", () => {
    const cases: Array<[string, number, boolean]> = [
      ["GreaterThanOrEqualToThreshold", 3, true],
      ["GreaterThanOrEqualToThreshold", 2.9, false],
      ["GreaterThanThreshold", 3, false],
      ["GreaterThanThreshold", 3.1, true],
      ["LessThanThreshold", 3, false],
      ["LessThanThreshold", 2.9, true],
      ["LessThanOrEqualToThreshold", 3, true],
      ["LessThanOrEqualToThreshold", 3.1, false],
    ];
    for (const [op, value, breaching] of cases)
      it(`${value} ${op} 3 → ${breaching ? "ALARM" : "OK"}`, () => {
        const a = alarm({ comparisonOperator: op, evaluationPeriods: 1, datapointsToAlarm: 1 });
        const r = evaluateAlarms({ alarms: [a], store: storeWith([value]), startMs: T0, endMs: T0 + MIN });
        expect(r.alarms[0].finalState).to.equal(breaching ? "ALARM" : "OK");
      });
    it("the band operators compare with the lower and upper band", () => {
      const band = { lower: 2, upper: 8 };
      expect(breaches("LessThanLowerOrGreaterThanUpperThreshold", 1, NaN, band)).to.equal(true);
      expect(breaches("LessThanLowerOrGreaterThanUpperThreshold", 9, NaN, band)).to.equal(true);
      expect(breaches("LessThanLowerOrGreaterThanUpperThreshold", 5, NaN, band)).to.equal(false);
      expect(breaches("LessThanLowerThreshold", 1, NaN, band)).to.equal(true);
      expect(breaches("LessThanLowerThreshold", 9, NaN, band)).to.equal(false);
      expect(breaches("GreaterThanUpperThreshold", 9, NaN, band)).to.equal(true);
      expect(breaches("GreaterThanUpperThreshold", 1, NaN, band)).to.equal(false);
    });
  });

  it("a p99 alarm reads the raw samples of its period (declareAlarms keeps them)", () => {
    const latency = { namespace: "Test", name: "Latency" };
    const a = alarmFromPlan({
      name: "slow",
      namespace: "Test",
      metricName: "Latency",
      extendedStatistic: "p99",
      period: 60,
      evaluationPeriods: 1,
      threshold: 500,
      comparisonOperator: "GreaterThanThreshold",
    });
    const store = new MetricStore();
    declareAlarms(store, [a]);
    // minute 0: 100 fast requests + 1 slow (p99 = 100 → fast); minute 1: 95 fast + 5 slow (p99 = 900)
    for (let i = 0; i < 100; i++) store.put(latency, T0 + i, i < 99 ? 20 : 100);
    store.put(latency, T0 + 200, 900);
    for (let i = 0; i < 100; i++) store.put(latency, T0 + MIN + i, i < 95 ? 20 : 900);
    const r = evaluateAlarms({ alarms: [a], store, startMs: T0, endMs: T0 + 2 * MIN });
    expect(byPeriod(r)).to.deep.equal([
      [1, "OK"],
      [2, "ALARM"],
    ]);
    // the Maximum of minute 0 is 900, yet p99 stayed under the threshold
    expect(store.series(latency, "Maximum", 60, T0, T0 + MIN)).to.deep.equal([[T0, 900]]);
  });

  it("an alarm whose percentile samples were not declared is reported not evaluable, not silently wrong", () => {
    const a = alarmFromPlan({
      name: "slow",
      namespace: "Test",
      metricName: "Latency",
      extendedStatistic: "p99",
      period: 60,
      evaluationPeriods: 1,
      threshold: 500,
      comparisonOperator: "GreaterThanThreshold",
    });
    const store = new MetricStore();
    store.put({ namespace: "Test", name: "Latency" }, T0, 1);
    const r = evaluateAlarms({ alarms: [a], store, startMs: T0, endMs: T0 + 2 * MIN });
    expect(r.alarms[0].evaluable).to.equal(false);
    expect(r.alarms[0].note).to.match(/declareAlarms/);
  });

  it('a percentile alarm with evaluateLowSampleCountPercentiles "ignore" waits for 10/(1-p) samples', () => {
    expect(lowSampleCountLimit(99)).to.be.closeTo(1000, 1e-6);
    expect(lowSampleCountLimit(90)).to.be.closeTo(100, 1e-6);
    expect(lowSampleCountLimit(10)).to.be.closeTo(100, 1e-6);
    const latency = { namespace: "Test", name: "Latency" };
    const inputs = {
      name: "slow",
      namespace: "Test",
      metricName: "Latency",
      extendedStatistic: "p90",
      period: 60,
      evaluationPeriods: 1,
      threshold: 500,
      comparisonOperator: "GreaterThanThreshold",
    };
    const build = (): MetricStore => {
      const store = new MetricStore({ keepAllSamples: true });
      // minute 0: 20 slow samples (too few for p90: 100 needed); minute 1: 150 slow samples
      for (let i = 0; i < 20; i++) store.put(latency, T0 + i, 900);
      for (let i = 0; i < 150; i++) store.put(latency, T0 + MIN + i, 900);
      return store;
    };
    const ignoring = evaluateAlarms({
      alarms: [alarmFromPlan({ ...inputs, evaluateLowSampleCountPercentiles: "ignore" })],
      store: build(),
      startMs: T0,
      endMs: T0 + 2 * MIN,
    });
    expect(byPeriod(ignoring)).to.deep.equal([[2, "ALARM"]]);
    const evaluating = evaluateAlarms({
      alarms: [alarmFromPlan(inputs)],
      store: build(),
      startMs: T0,
      endMs: T0 + 2 * MIN,
    });
    expect(byPeriod(evaluating)).to.deep.equal([[1, "ALARM"]]);
  });

  it("an AWS/DynamoDB alarm ignores missing data whatever its setting", () => {
    const throttled = {
      namespace: "AWS/DynamoDB",
      name: "ThrottledRequests",
      dimensions: { TableName: "incidents" },
    };
    const a = alarmFromPlan({
      name: "throttled",
      namespace: "AWS/DynamoDB",
      metricName: "ThrottledRequests",
      dimensions: { TableName: "incidents" },
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
    const store = new MetricStore();
    store.put(throttled, T0, 3);
    const r = evaluateAlarms({ alarms: [a], store, startMs: T0, endMs: T0 + 20 * MIN });
    expect(byPeriod(r)).to.deep.equal([[1, "ALARM"]]);
  });

  describe("transitions and notifications", () => {
    it("ALARM actions on entering ALARM, OK actions on entering OK, nothing while the state stays", () => {
      const values = [1, 1, 5, 5, 5, 5, 5, 1, 1, 1, 1];
      const r = evaluateAlarms({
        alarms: [alarm()],
        store: storeWith(values),
        startMs: T0,
        endMs: T0 + 11 * MIN,
      });
      expect(
        r.notifications.map((n) => [(n.at - T0) / MIN, n.alarm, n.from, n.state, n.actionArn]),
      ).to.deep.equal([
        [1, "errors", "INSUFFICIENT_DATA", "OK", TOPIC],
        [5, "errors", "OK", "ALARM", TOPIC],
        [5, "errors", "OK", "ALARM", PAGER],
        [8, "errors", "ALARM", "OK", TOPIC],
      ]);
      expect(r.notifications[1].reason).to.equal(r.alarms[0].transitions[1].reason);
    });

    it("INSUFFICIENT_DATA actions on entering INSUFFICIENT_DATA; actionsEnabled false sends nothing", () => {
      const values = [1, 1, 1];
      const a = alarm({ insufficientDataActions: [PAGER] });
      const r = evaluateAlarms({ alarms: [a], store: storeWith(values), startMs: T0, endMs: T0 + 12 * MIN });
      expect(r.alarms[0].transitions.map((t) => t.to)).to.deep.equal(["OK", "INSUFFICIENT_DATA"]);
      expect(r.notifications.map((n) => [n.state, n.actionArn])).to.deep.equal([
        ["OK", TOPIC],
        ["INSUFFICIENT_DATA", PAGER],
      ]);
      const off = evaluateAlarms({
        alarms: [alarm({ actionsEnabled: false })],
        store: storeWith([5, 5, 5]),
        startMs: T0,
        endMs: T0 + 3 * MIN,
      });
      expect(off.alarms[0].finalState).to.equal("ALARM");
      expect(off.notifications).to.deep.equal([]);
    });

    it("ignore keeps the state through a gap without a transition", () => {
      const values = [
        5,
        5,
        5,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        1,
        1,
        1,
      ];
      const r = evaluateAlarms({
        alarms: [alarm({ treatMissingData: "ignore" })],
        store: storeWith(values),
        startMs: T0,
        endMs: T0 + 13 * MIN,
      });
      expect(byPeriod(r)).to.deep.equal([
        [3, "ALARM"],
        [11, "OK"],
      ]);
    });
  });

  describe('composite alarms ("Create a composite alarm")', () => {
    const api = { namespace: "Test", name: "ApiErrors" };
    const db = { namespace: "Test", name: "DbErrors" };
    const apiAlarm = alarmFromPlan({
      name: "api",
      namespace: "Test",
      metricName: "ApiErrors",
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
    const dbAlarm = alarmFromPlan({
      name: "db",
      namespace: "Test",
      metricName: "DbErrors",
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
    // minutes 0-1: api fails; 2-3: both; 4-5: db only; 6-: nothing. A 1-period alarm treating missing
    // data as not breaching still sees its last real (breaching) datapoint while it lies in the
    // evaluation range of 3 periods ("…the most recent existing data points…"): api is in ALARM for
    // the evaluations 1–6 and OK from 7; db in ALARM 3–8 and OK from 9
    const build = (): MetricStore => {
      const store = new MetricStore();
      for (const m of [0, 1, 2, 3]) store.put(api, T0 + m * MIN, 1);
      for (const m of [2, 3, 4, 5]) store.put(db, T0 + m * MIN, 1);
      return store;
    };
    const run = (rule: string, extra: Parameters<typeof compositeFromPlan>[0] = {}) => {
      const c = compositeFromPlan({
        alarmName: "both",
        alarmRule: rule,
        alarmActions: [PAGER],
        okActions: [TOPIC],
        ...extra,
      });
      const r = evaluateAlarms({
        alarms: [apiAlarm, dbAlarm],
        composites: [c],
        store: build(),
        startMs: T0,
        endMs: T0 + 10 * MIN,
      });
      return { r, c: r.alarms.find((a) => a.name === "both")! };
    };
    const minutes = (c: { transitions: Array<{ at: number; to: string }> }): Array<[number, string]> =>
      c.transitions.map((t) => [(t.at - T0) / MIN, t.to]);

    it('ALARM("api") AND ALARM("db") is in ALARM only while both are', () => {
      const { r, c } = run('ALARM("api") AND ALARM("db")');
      expect(minutes(r.alarms[0])).to.deep.equal([
        [1, "ALARM"],
        [7, "OK"],
      ]);
      expect(minutes(r.alarms[1])).to.deep.equal([
        [1, "OK"],
        [3, "ALARM"],
        [9, "OK"],
      ]);
      expect(minutes(c)).to.deep.equal([
        [1, "OK"],
        [3, "ALARM"],
        [7, "OK"],
      ]);
    });
    it("OR, NOT, OK(), parentheses, unquoted names and ARNs", () => {
      expect(minutes(run("ALARM(api) OR ALARM(db)").c)).to.deep.equal([
        [1, "ALARM"],
        [9, "OK"],
      ]);
      expect(minutes(run('ALARM("api") AND NOT ALARM("db")').c)).to.deep.equal([
        [1, "ALARM"],
        [3, "OK"],
      ]);
      expect(minutes(run('OK("api") AND (ALARM("db") OR FALSE)').c)).to.deep.equal([
        [1, "OK"],
        [7, "ALARM"],
        [9, "OK"],
      ]);
      expect(minutes(run('ALARM("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:db")').c)).to.deep.equal([
        [1, "OK"],
        [3, "ALARM"],
        [9, "OK"],
      ]);
      expect(minutes(run("TRUE").c)).to.deep.equal([[1, "ALARM"]]);
    });
    it('INSUFFICIENT_DATA("x") is true while x has no state yet', () => {
      const c = compositeFromPlan({ alarmName: "nodata", alarmRule: 'INSUFFICIENT_DATA("silent")' });
      const silent = alarmFromPlan({
        name: "silent",
        namespace: "Test",
        metricName: "Nothing",
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      });
      const r = evaluateAlarms({
        alarms: [silent],
        composites: [c],
        store: build(),
        startMs: T0,
        endMs: T0 + 3 * MIN,
      });
      expect(r.alarms[1].finalState).to.equal("ALARM");
    });
    it("a composite of composites is evaluated after the one it reads, in the same minute", () => {
      const inner = compositeFromPlan({ alarmName: "inner", alarmRule: 'ALARM("api")' });
      const outer = compositeFromPlan({ alarmName: "outer", alarmRule: 'ALARM("inner") AND ALARM("db")' });
      const r = evaluateAlarms({
        alarms: [apiAlarm, dbAlarm],
        composites: [outer, inner],
        store: build(),
        startMs: T0,
        endMs: T0 + 10 * MIN,
      });
      expect(minutes(r.alarms.find((a) => a.name === "outer")!)).to.deep.equal([
        [1, "OK"],
        [3, "ALARM"],
        [7, "OK"],
      ]);
    });
    it("notifies the composite's own actions; the actions suppressor silences them while in ALARM", () => {
      const { r } = run('ALARM("api")');
      expect(
        r.notifications
          .filter((n) => n.alarm === "both")
          .map((n) => [(n.at - T0) / MIN, n.state, n.actionArn]),
      ).to.deep.equal([
        [1, "ALARM", PAGER],
        [7, "OK", TOPIC],
      ]);
      const suppressed = run('ALARM("api")', { actionsSuppressor: { alarm: "db" } }).r;
      // api enters ALARM at 1 (db OK → notified); api recovers at 7 while db is in ALARM → suppressed
      expect(
        suppressed.notifications.filter((n) => n.alarm === "both").map((n) => [(n.at - T0) / MIN, n.state]),
      ).to.deep.equal([[1, "ALARM"]]);
    });
    it("a rule naming an unknown alarm, a cycle or a syntax error is reported, not evaluated", () => {
      const bad = [
        compositeFromPlan({ alarmName: "unknown", alarmRule: 'ALARM("nope")' }),
        compositeFromPlan({ alarmName: "c1", alarmRule: 'ALARM("c2")' }),
        compositeFromPlan({ alarmName: "c2", alarmRule: 'ALARM("c1")' }),
        compositeFromPlan({ alarmName: "syntax", alarmRule: 'ALARM("api") AND' }),
      ];
      const r = evaluateAlarms({
        alarms: [apiAlarm],
        composites: bad,
        store: build(),
        startMs: T0,
        endMs: T0 + 3 * MIN,
      });
      const notes = Object.fromEntries(
        r.alarms.filter((a) => a.kind === "composite").map((a) => [a.name, [a.evaluable, a.note]]),
      );
      expect(notes.unknown).to.deep.equal([false, 'the rule names alarm "nope", which is not in the stack']);
      expect(notes.c1[0]).to.equal(false);
      expect(String(notes.c1[1]) + String(notes.c2[1])).to.contain("cycle");
      expect(notes.syntax[0]).to.equal(false);
      expect(String(notes.syntax[1])).to.match(/expected ALARM/);
    });
  });
});
