import { expect } from "chai";
import {
  alarmFromPlan,
  compositeFromPlan,
  declareAlarms,
  evaluateAlarms,
  MetricStore,
  type CompositeAlarmDefinition,
  type MetricAlarmDefinition,
  type MetricAlarmPlanInputs,
} from "../../../engines/alarmEvaluation";

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const MIN = 60_000;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";

/** A small deterministic generator (mulberry32), so a failing case can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODES = ["missing", "ignore", "breaching", "notBreaching"] as const;
const OPERATORS = [
  "GreaterThanThreshold",
  "GreaterThanOrEqualToThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;
const METRICS = ["A", "B", "C"].map((name) => ({ namespace: "Test", name }));
/** Metric-math alarms over m1 (A) and m2 (B), HOUR() reading the clock. */
const EXPRESSIONS = ["m1 + m2", "FILL(m1, 0)", "IF(m1 > 2, m1, 0)", "RATE(m1)", "m1 * 0 + HOUR(m1)", "m2"];

interface Case {
  alarms: MetricAlarmDefinition[];
  composites: CompositeAlarmDefinition[];
  store: () => MetricStore;
  startMs: number;
  endMs: number;
}

/** Random alarms (every missing-data mode, M of N, periods of 10 s to 5 min, percentiles, metric math, composites) over bursts of data separated by long gaps. */
function randomCase(seed: number): Case {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const highResolution = r() < 0.3;
  const alarms: MetricAlarmDefinition[] = [];
  const count = 2 + Math.floor(r() * 5);
  for (let i = 0; i < count; i++) {
    const evaluationPeriods = 1 + Math.floor(r() * 5);
    const common: MetricAlarmPlanInputs = {
      name: `a${i}`,
      period: pick(highResolution ? [10, 30, 60, 300] : [60, 120, 300]),
      evaluationPeriods,
      datapointsToAlarm: 1 + Math.floor(r() * evaluationPeriods),
      threshold: Math.floor(r() * 6),
      comparisonOperator: pick(OPERATORS),
      treatMissingData: pick(MODES),
      alarmActions: [TOPIC],
      okActions: [TOPIC],
      insufficientDataActions: r() < 0.5 ? [TOPIC] : [],
    };
    const kind = r();
    if (kind < 0.6) {
      const m = pick(METRICS);
      alarms.push(
        alarmFromPlan({
          ...common,
          namespace: m.namespace,
          metricName: m.name,
          ...(r() < 0.2
            ? { extendedStatistic: "p90", evaluateLowSampleCountPercentiles: pick(["ignore", "evaluate"]) }
            : { statistic: pick(["Sum", "Average", "Maximum", "SampleCount"]) }),
        }),
      );
    } else {
      const period = common.period;
      alarms.push(
        alarmFromPlan({
          ...common,
          metricQueries: [
            { id: "m1", metric: { namespace: "Test", metricName: "A", period, stat: "Sum" } },
            { id: "m2", metric: { namespace: "Test", metricName: "B", period, stat: "Maximum" } },
            { id: "e1", expression: pick(EXPRESSIONS), returnData: true },
          ],
        }),
      );
    }
  }
  const composites: CompositeAlarmDefinition[] = [
    compositeFromPlan({
      alarmName: "c0",
      alarmRule: `ALARM("a0") OR ALARM("a1")`,
      alarmActions: [TOPIC],
      okActions: [TOPIC],
    }),
    compositeFromPlan({
      alarmName: "c1",
      alarmRule: `ALARM("c0") AND NOT OK("a${count - 1}")`,
      alarmActions: [TOPIC],
      actionsSuppressor: { alarm: "a0" },
    }),
  ];
  // bursts of a few minutes, hours apart, over up to three days; values around the thresholds
  const points: Array<[number, number, number]> = [];
  let at = T0 + Math.floor(r() * 30) * MIN;
  const bursts = 1 + Math.floor(r() * 6);
  for (let b = 0; b < bursts; b++) {
    const length = 1 + Math.floor(r() * 15);
    for (let k = 0; k < length * 3; k++)
      if (r() < 0.7)
        points.push([
          Math.floor(r() * METRICS.length),
          at + Math.floor(r() * length * MIN),
          Math.floor(r() * 8),
        ]);
    at += length * MIN + Math.floor(r() * 6 * 60) * MIN;
  }
  const last = points.reduce((m, p) => Math.max(m, p[1]), T0);
  return {
    alarms,
    composites,
    store: () => {
      const store = new MetricStore({ resolutionSeconds: highResolution ? 10 : 60 });
      declareAlarms(store, alarms);
      for (const [m, t, v] of points) store.put(METRICS[m], t, v);
      return store;
    },
    startMs: T0,
    endMs: last + Math.floor(r() * 120) * MIN,
  };
}

describe("alarmEvaluation: evaluating only when a state can change", () => {
  it("gives the transitions, reasons and notifications of evaluating every minute, on random alarms and data with long gaps", () => {
    let transitions = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const c = randomCase(seed);
      const every = evaluateAlarms({ ...c, store: c.store(), schedule: "every" });
      const changes = evaluateAlarms({ ...c, store: c.store() });
      expect(changes, `seed ${seed}`).to.deep.equal(every);
      transitions += every.alarms.reduce((n, a) => n + a.transitions.length, 0);
    }
    // the cases exercise the evaluator: states change many times, not only at the first evaluation
    expect(transitions).to.be.greaterThan(100 * 4);
  });

  it("an alarm changes state long after its last datapoint: the range slides out of the data (missing → INSUFFICIENT_DATA, breaching → ALARM)", () => {
    const m = { namespace: "Test", name: "A" };
    const base: MetricAlarmPlanInputs = {
      namespace: "Test",
      metricName: "A",
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: 5,
      comparisonOperator: "GreaterThanThreshold",
      alarmActions: [TOPIC],
      okActions: [TOPIC],
      insufficientDataActions: [TOPIC],
    };
    const alarms = [
      alarmFromPlan({ ...base, name: "missing", treatMissingData: "missing" }),
      alarmFromPlan({ ...base, name: "breaching", treatMissingData: "breaching" }),
    ];
    const store = (): MetricStore => {
      const s = new MetricStore();
      for (let k = 0; k < 10; k++) s.put(m, T0 + k * MIN, 1);
      return s;
    };
    const input = { alarms, startMs: T0, endMs: T0 + 7 * 24 * 60 * MIN };
    const every = evaluateAlarms({ ...input, store: store(), schedule: "every" });
    const changes = evaluateAlarms({ ...input, store: store() });
    expect(changes).to.deep.equal(every);
    const last = (name: string) => changes.alarms.find((a) => a.name === name)!.transitions.at(-1)!;
    // data in the periods starting at +0 and +5 min; the range (3 + 2 periods of 5 min) holds them
    // until the evaluation at +35 min
    expect([last("missing").to, (last("missing").at - T0) / MIN]).to.deep.equal(["INSUFFICIENT_DATA", 35]);
    expect(last("breaching").to).to.equal("ALARM");
  });

  it("a metric's series over a span much longer than its data is the per-period reading of every period", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const c = randomCase(seed);
      const store = c.store();
      for (const m of METRICS)
        for (const [stat, period] of [
          ["Sum", 60],
          ["Maximum", 300],
          ["p90", 60],
          ["SampleCount", 3600],
        ] as const) {
          const periodMs = period * 1000;
          const from = c.startMs - 7 * MIN;
          const to = c.endMs + 3 * 24 * 60 * MIN;
          const dense: Array<[number, number]> = [];
          const handle = store.handle(m);
          const p = stat === "p90" ? 90 : undefined;
          if (p !== undefined) store.keepSamples(m);
          if (p !== undefined && !handle.keepSamples) continue;
          for (let start = Math.ceil(from / periodMs) * periodMs; start < to; start += periodMs) {
            const v = store.datapoint(
              handle,
              stat,
              p,
              start / store.resolutionMs,
              periodMs / store.resolutionMs,
            );
            if (v !== undefined) dense.push([start, v]);
          }
          expect(
            store.series(m, stat, period, from, to),
            `seed ${seed} ${m.name} ${stat}/${period}`,
          ).to.deep.equal(dense);
        }
    }
  });
});
