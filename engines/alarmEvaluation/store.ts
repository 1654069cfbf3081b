import { isStatistic, percentileOf } from "../../components/metric";
import type { MetricId, Statistic } from "./types";

export { isStatistic, percentileOf };

/**
 * The key of a metric: namespace, name and dimensions sorted by name. Two `MetricId`s naming the
 * same metric (dimensions in any order) have the same key.
 */
export function metricKey(m: MetricId): string {
  let key = `${m.namespace}\u0000${m.name}`;
  const dims = m.dimensions;
  if (dims) {
    const names = Object.keys(dims);
    if (names.length > 0) {
      names.sort();
      for (const n of names) key += `\u0000${n}=${dims[n]}`;
    }
  }
  return key;
}

/** Running aggregates of one metric over one resolution bucket (a minute by default). */
interface Bucket {
  sum: number;
  min: number;
  max: number;
  count: number;
  /** Raw values, kept only for series a percentile is read from. */
  samples: number[] | undefined;
}

/**
 * One metric's datapoints. Obtain with `MetricStore.series` / `MetricStore.handle`, then `put` is a
 * couple of comparisons and additions (the bucket of the previous value is reused while the
 * timestamps stay within it).
 */
export class MetricSeries {
  readonly buckets = new Map<number, Bucket>();
  unit: string | undefined;
  private lastIndex = Number.NaN;
  private last: Bucket | undefined;

  constructor(
    readonly id: MetricId,
    readonly key: string,
    private readonly resolutionMs: number,
    /** Whether raw values are kept (a percentile reads this metric). */
    public keepSamples: boolean,
  ) {}

  /** Records one value at `timestampMs`. */
  put(timestampMs: number, value: number): void {
    const index = Math.floor(timestampMs / this.resolutionMs);
    let b = this.last;
    if (index !== this.lastIndex || b === undefined) {
      b = this.buckets.get(index);
      if (b === undefined) {
        b = { sum: 0, min: value, max: value, count: 0, samples: this.keepSamples ? [] : undefined };
        this.buckets.set(index, b);
      }
      this.last = b;
      this.lastIndex = index;
    }
    b.sum += value;
    if (value < b.min) b.min = value;
    if (value > b.max) b.max = value;
    b.count++;
    if (b.samples !== undefined) b.samples.push(value);
  }
}

/** Options of a `MetricStore`. */
export interface MetricStoreOptions {
  /**
   * The finest period (seconds) datapoints are aggregated at; every period read must be a multiple.
   * 60 is CloudWatch's standard resolution; 1, 10 or 30 allow high-resolution alarms.
   * @default 60
   */
  resolutionSeconds?: number;
  /**
   * Keep raw values of every metric (so any percentile can be read). When false, only metrics
   * declared with `keepSamples` (or `declareAlarms`) keep them.
   * @default false
   */
  keepAllSamples?: boolean;
}

/** An error reading the store (a percentile of a metric whose samples were not kept, a bad period). */
export class MetricStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetricStoreError";
  }
}

/**
 * The datapoints a replay publishes, aggregated per resolution bucket (running sum, minimum,
 * maximum and count), with raw samples only where a percentile needs them.
 */
export class MetricStore {
  private readonly byKey = new Map<string, MetricSeries>();
  private readonly sampled = new Set<string>();
  private readonly byIdObject = new WeakMap<MetricId, MetricSeries>();
  readonly resolutionMs: number;
  private readonly keepAllSamples: boolean;

  constructor(options: MetricStoreOptions = {}) {
    const seconds = options.resolutionSeconds ?? 60;
    if (!(Number.isInteger(seconds) && seconds > 0))
      throw new MetricStoreError(`resolutionSeconds must be a positive integer, got ${seconds}`);
    this.resolutionMs = seconds * 1000;
    this.keepAllSamples = options.keepAllSamples ?? false;
  }

  /** Declares that a percentile will be read from `m`: its raw values are kept from now on. */
  keepSamples(m: MetricId): void {
    const key = metricKey(m);
    this.sampled.add(key);
    const s = this.byKey.get(key);
    if (s) s.keepSamples = true;
  }

  /** The series of `m`, created empty when new. Hold it and call its `put` on the hot path. */
  handle(m: MetricId): MetricSeries {
    const cached = this.byIdObject.get(m);
    if (cached) return cached;
    const key = metricKey(m);
    let s = this.byKey.get(key);
    if (!s) {
      const id: MetricId = { namespace: m.namespace, name: m.name };
      if (m.dimensions && Object.keys(m.dimensions).length > 0) id.dimensions = { ...m.dimensions };
      s = new MetricSeries(id, key, this.resolutionMs, this.keepAllSamples || this.sampled.has(key));
      this.byKey.set(key, s);
    }
    this.byIdObject.set(m, s);
    return s;
  }

  /** Records `value` of `m` at `timestampMs` (`unit` is remembered, CloudWatch-style, per metric). */
  put(m: MetricId, timestampMs: number, value: number, unit?: string): void {
    const s = this.byIdObject.get(m) ?? this.handle(m);
    s.put(timestampMs, value);
    if (unit !== undefined) s.unit = unit;
  }

  /** Records a value by precomputed key (see `metricKey`); the metric must have been seen by `handle`. */
  putKey(key: string, timestampMs: number, value: number): void {
    const s = this.byKey.get(key);
    if (!s)
      throw new MetricStoreError(`no metric with key ${JSON.stringify(key)}: call handle(metricId) first`);
    s.put(timestampMs, value);
  }

  /** Every metric a value was put for. */
  metricIds(): MetricId[] {
    const out: MetricId[] = [];
    for (const s of this.byKey.values()) if (s.buckets.size > 0) out.push(s.id);
    return out;
  }

  /** The unit last put for `m`, if any. */
  unitOf(m: MetricId): string | undefined {
    return this.byKey.get(metricKey(m))?.unit;
  }

  /**
   * The datapoints of `m` with statistic `stat` per period of `periodSeconds` (periods aligned to
   * multiples of the period since the epoch, as CloudWatch aligns them) whose start lies in
   * [fromMs, toMs). Periods with no value are absent.
   */
  series(
    m: MetricId,
    stat: Statistic,
    periodSeconds: number,
    fromMs: number,
    toMs: number,
  ): Array<[number, number]> {
    const periodMs = periodSeconds * 1000;
    if (!(periodMs > 0) || periodMs % this.resolutionMs !== 0)
      throw new MetricStoreError(
        `period ${periodSeconds}s is not a multiple of the store's resolution (${this.resolutionMs / 1000}s)`,
      );
    const s = this.byKey.get(metricKey(m));
    const out: Array<[number, number]> = [];
    if (!s) return out;
    const p = percentileOf(stat);
    if (p !== undefined && !s.keepSamples)
      throw new MetricStoreError(
        `${stat} of ${m.namespace}/${m.name} needs raw samples: declare the metric with keepSamples() (or declareAlarms()) before putting values`,
      );
    const first = Math.ceil(fromMs / periodMs) * periodMs;
    const per = periodMs / this.resolutionMs;
    // a period without a bucket has no datapoint: over a span much longer than the data, visit only
    // the periods that hold a bucket (the cost follows the data, not the span); where the data fills
    // a good part of the span, walking every period is cheaper than sorting the buckets
    if ((toMs - first) / periodMs <= 4 * s.buckets.size) {
      for (let start = first; start < toMs; start += periodMs) {
        const v = this.datapoint(s, stat, p, start / this.resolutionMs, per);
        if (v !== undefined) out.push([start, v]);
      }
      return out;
    }
    const held = new Set<number>();
    for (const index of s.buckets.keys()) {
      const start = Math.floor((index * this.resolutionMs) / periodMs) * periodMs;
      if (start >= first && start < toMs) held.add(start);
    }
    for (const start of Float64Array.from(held).sort()) {
      const v = this.datapoint(s, stat, p, start / this.resolutionMs, per);
      if (v !== undefined) out.push([start, v]);
    }
    return out;
  }

  /** One datapoint: `stat` over `per` buckets from bucket index `from`; undefined when empty. */
  datapoint(
    s: MetricSeries,
    stat: Statistic,
    p: number | undefined,
    from: number,
    per: number,
  ): number | undefined {
    let sum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    let samples: number[] | undefined;
    for (let i = from; i < from + per; i++) {
      const b = s.buckets.get(i);
      if (!b) continue;
      sum += b.sum;
      count += b.count;
      if (b.min < min) min = b.min;
      if (b.max > max) max = b.max;
      if (p !== undefined && b.samples) samples = samples ? samples.concat(b.samples) : b.samples.slice();
    }
    if (count === 0) return undefined;
    switch (stat) {
      case "Sum":
        return sum;
      case "Average":
        return sum / count;
      case "Minimum":
        return min;
      case "Maximum":
        return max;
      case "SampleCount":
        return count;
      default:
        // "Percentile statistics are not available for metrics that include any negative values"
        if (min < 0) return undefined;
        return percentile(samples ?? [], p ?? 100);
    }
  }
}

/**
 * The `p`th percentile of raw values by nearest rank: the smallest value such that at least p% of
 * the values are less than or equal to it (CloudWatch concepts, "Percentiles": "the 95th percentile
 * means that 95 percent of the data is lower than this value"). Sorts `values` in place.
 */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * values.length));
  return values[Math.min(rank, values.length) - 1];
}
