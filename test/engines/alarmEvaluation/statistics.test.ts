import { expect } from "chai";
import {
  isStatistic,
  MetricStore,
  MetricStoreError,
  metricKey,
  percentile,
  percentileOf,
} from "../../../engines/alarmEvaluation";

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const MIN = 60_000;
const latency = { namespace: "Shop", name: "Latency", dimensions: { Service: "checkout", Stage: "prod" } };

describe("alarmEvaluation: MetricStore statistics", () => {
  // minute 0: 1…100 (shuffled); minute 1: 5, 5, 5; minute 2: nothing; minute 3: -2, 8
  const minute0 = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
  const build = (): MetricStore => {
    const store = new MetricStore();
    store.keepSamples(latency);
    minute0.forEach((v, i) => store.put(latency, T0 + i * 500, v, "Milliseconds"));
    [5, 5, 5].forEach((v) => store.put(latency, T0 + MIN + 10, v));
    [-2, 8].forEach((v, i) => store.put(latency, T0 + 3 * MIN + i, v));
    return store;
  };
  const one = (stat: Parameters<MetricStore["series"]>[1], period = 60): Array<[number, number]> =>
    build().series(latency, stat, period, T0, T0 + 4 * MIN);

  it("Sum, Average, Minimum, Maximum, SampleCount per one-minute period; empty periods absent", () => {
    expect(one("Sum")).to.deep.equal([
      [T0, 5050],
      [T0 + MIN, 15],
      [T0 + 3 * MIN, 6],
    ]);
    expect(one("Average")).to.deep.equal([
      [T0, 50.5],
      [T0 + MIN, 5],
      [T0 + 3 * MIN, 3],
    ]);
    expect(one("Minimum")).to.deep.equal([
      [T0, 1],
      [T0 + MIN, 5],
      [T0 + 3 * MIN, -2],
    ]);
    expect(one("Maximum")).to.deep.equal([
      [T0, 100],
      [T0 + MIN, 5],
      [T0 + 3 * MIN, 8],
    ]);
    expect(one("SampleCount")).to.deep.equal([
      [T0, 100],
      [T0 + MIN, 3],
      [T0 + 3 * MIN, 2],
    ]);
  });

  it("p50, p90, p99 on the raw samples (nearest rank), per period; none for a period with a negative value", () => {
    // "Percentile statistics are not available for metrics that include any negative values"
    const two = (a: number, b: number): Array<[number, number]> => [
      [T0, a],
      [T0 + MIN, b],
    ];
    expect(one("p50")).to.deep.equal(two(50, 5));
    expect(one("p90")).to.deep.equal(two(90, 5));
    expect(one("p99")).to.deep.equal(two(99, 5));
    expect(one("p100")).to.deep.equal(two(100, 5));
    expect(one("p99.5")).to.deep.equal(two(100, 5));
  });

  it("a 5-minute period combines the minutes (sum, count, extremes and samples), aligned to the period", () => {
    expect(one("Sum", 300)).to.deep.equal([[T0, 5071]]);
    expect(one("SampleCount", 300)).to.deep.equal([[T0, 105]]);
    expect(one("Minimum", 300)).to.deep.equal([[T0, -2]]);
    expect(one("Average", 300)).to.deep.equal([[T0, 5071 / 105]]);
    // minutes 0–1 only (minute 3 holds a negative value): 103 samples, rank ceil(0.5 × 103) = 52;
    // sorted 1, 2, 3, 4, 5, 5, 5, 5, 6 …: v ≥ 6 sits at rank v + 3, so rank 52 holds 49
    const store = build();
    expect(store.series(latency, "p50", 120, T0, T0 + 2 * MIN)).to.deep.equal([[T0, 49]]);
    expect(one("p50", 300)).to.deep.equal([]);
  });

  it("percentile(): nearest rank on raw values", () => {
    expect(percentile([3, 1, 2], 50)).to.equal(2);
    expect(percentile([10], 99)).to.equal(10);
    expect(percentile([1, 2, 3, 4], 25)).to.equal(1);
    expect(percentile([1, 2, 3, 4], 26)).to.equal(2);
    expect(percentile([], 50)).to.equal(undefined);
  });

  it("reads pNN.NN with up to two decimals; other names are not statistics", () => {
    expect(percentileOf("p95.45")).to.equal(95.45);
    expect(percentileOf("p99.999")).to.equal(undefined);
    expect(isStatistic("p101")).to.equal(false);
    expect(isStatistic("tm99")).to.equal(false);
    expect(isStatistic("SampleCount")).to.equal(true);
  });

  it("refuses a percentile of a metric whose samples were not kept, saying how to fix it", () => {
    const store = new MetricStore();
    store.put(latency, T0, 1);
    expect(() => store.series(latency, "p99", 60, T0, T0 + MIN)).to.throw(MetricStoreError, /keepSamples/);
    expect(store.series(latency, "Maximum", 60, T0, T0 + MIN)).to.deep.equal([[T0, 1]]);
    const all = new MetricStore({ keepAllSamples: true });
    all.put(latency, T0, 1);
    expect(all.series(latency, "p99", 60, T0, T0 + MIN)).to.deep.equal([[T0, 1]]);
  });

  it("dimensions in any order name the same metric; other dimensions another one", () => {
    const store = new MetricStore();
    store.put(
      { namespace: "Shop", name: "Latency", dimensions: { Stage: "prod", Service: "checkout" } },
      T0,
      2,
    );
    store.put(latency, T0 + 1, 3);
    store.put({ ...latency, dimensions: { Service: "cart", Stage: "prod" } }, T0 + 2, 100);
    store.put({ namespace: "Shop", name: "Latency" }, T0 + 3, 1000);
    expect(store.series(latency, "Sum", 60, T0, T0 + MIN)).to.deep.equal([[T0, 5]]);
    expect(store.metricIds()).to.have.length(3);
    expect(metricKey({ namespace: "a", name: "b", dimensions: { x: "1", y: "2" } })).to.equal(
      metricKey({ namespace: "a", name: "b", dimensions: { y: "2", x: "1" } }),
    );
    expect(store.unitOf(latency)).to.equal(undefined);
  });

  it("handle() gives the series for the hot path; putKey() puts by precomputed key", () => {
    const store = new MetricStore();
    const h = store.handle(latency);
    for (let i = 0; i < 1000; i++) h.put(T0 + i * 120, 1);
    store.putKey(metricKey(latency), T0 + 1, 1);
    expect(store.series(latency, "SampleCount", 60, T0, T0 + 2 * MIN)).to.deep.equal([
      [T0, 501],
      [T0 + MIN, 500],
    ]);
    expect(() => store.putKey("nope", T0, 1)).to.throw(MetricStoreError, /handle/);
  });

  it("values out of time order land in their own period", () => {
    const store = new MetricStore();
    store.put(latency, T0 + MIN, 1);
    store.put(latency, T0, 10);
    store.put(latency, T0 + MIN + 5, 2);
    expect(store.series(latency, "Sum", 60, T0, T0 + 2 * MIN)).to.deep.equal([
      [T0, 10],
      [T0 + MIN, 3],
    ]);
  });

  it("high resolution: a 10-second store serves 10-second and 60-second periods; a minute store refuses 10 s", () => {
    const hi = new MetricStore({ resolutionSeconds: 10 });
    [0, 5_000, 12_000, 55_000].forEach((dt) => hi.put(latency, T0 + dt, 1));
    expect(hi.series(latency, "Sum", 10, T0, T0 + MIN)).to.deep.equal([
      [T0, 2],
      [T0 + 10_000, 1],
      [T0 + 50_000, 1],
    ]);
    expect(hi.series(latency, "Sum", 60, T0, T0 + MIN)).to.deep.equal([[T0, 4]]);
    expect(() => new MetricStore().series(latency, "Sum", 10, T0, T0 + MIN)).to.throw(
      MetricStoreError,
      /multiple/,
    );
  });
});
