/**
 * Bounded-memory counting of the errors per group (the heavy hitters of the group-by field).
 *
 * Counts are exact while at most `capacity` distinct groups have been seen: a plain map, no
 * overhead on the common path (a log object has a handful of services). When a new group arrives
 * and `capacity` groups are already tracked, the counter switches to the Space-Saving algorithm
 * (Metwally, Agrawal, El Abbadi, "Efficient Computation of Frequent and Top-k Elements in Data
 * Streams", ICDT 2005): the tracked group with the smallest count is replaced by the new one, which
 * inherits that count + 1 and remembers the inherited part as its possible overcount. A min-heap
 * over the counts makes each step O(log capacity). Memory is `capacity` entries whatever the input.
 *
 * Guarantees, with N the number of errors counted and K the capacity:
 * - every group whose true count is greater than N / K is tracked;
 * - a tracked group's count is never below its true count and exceeds it by at most its
 *   `overcount`, which is at most N / K (it is 0 while the counter is exact).
 *
 * Exact counts up to a cap and then "spill everything new into other" was rejected: a service
 * that starts failing late in the object (after K others were seen) would never be listed, however
 * many errors it has; Space-Saving lists it as soon as it outgrows the smallest tracked count.
 */

/** Errors of one group. */
export interface GroupCount {
  /** The group-by field's value (`(missing)` when absent or null; non-strings as JSON text). */
  readonly service: string;
  /** Matching records in that group (see {@link GroupTotals.countsExact}). */
  readonly count: number;
}

/** How the reported groups relate to all the errors. */
export interface GroupTotals {
  /** At most this many groups are listed (the `maxGroups` option). */
  readonly limit: number;
  /** Errors not in a listed group: `errorsTotal` minus the sum of the listed counts. */
  readonly otherErrors: number;
  /**
   * True when every listed count is exact and `otherErrors` is exactly the errors of the unlisted
   * groups; false once more than `10 × limit` distinct groups were seen (then see `maxOvercount`).
   */
  readonly countsExact: boolean;
  /**
   * A listed count exceeds the group's true count by at most this much (0 when `countsExact`); at
   * most `errorsTotal / (10 × limit)`. `otherErrors` may then be short by the sum of the overcounts.
   */
  readonly maxOvercount: number;
}

/** Longest group label kept, in UTF-16 code units; longer values are cut and end with "…". */
export const MAX_GROUP_LABEL_LENGTH = 256;

/** Groups tracked per reported group: the counter's capacity is this × `maxGroups`. */
export const TRACKED_PER_REPORTED = 10;

/** A label of at most {@link MAX_GROUP_LABEL_LENGTH} characters that does not pin a long parent string. */
export function boundedLabel(label: string): string {
  if (label.length <= MAX_GROUP_LABEL_LENGTH) return label;
  // a copy, not a slice: V8 slices keep the (up to 1 MiB) parent string alive
  return Buffer.from(`${label.slice(0, MAX_GROUP_LABEL_LENGTH - 1)}…`, "utf8").toString("utf8");
}

const byCountThenName = (a: GroupCount, b: GroupCount): number =>
  b.count - a.count || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0);

/** Counts errors per group in at most `capacity` entries (exact, then Space-Saving). */
export class GroupCounter {
  private readonly exact = new Map<string, number>();
  // Space-Saving state: a min-heap of (label, count, overcount) and each label's heap position
  private heapLabels: string[] = [];
  private heapCounts: number[] = [];
  private heapOver: number[] = [];
  private positions: Map<string, number> | undefined;

  /** @param capacity how many groups are tracked (≥ 1). */
  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`GroupCounter: capacity must be a whole number ≥ 1 (got ${capacity})`);
    }
  }

  /** Whether every count is still exact (no group was ever evicted). */
  get isExact(): boolean {
    return this.positions === undefined;
  }

  /** The counts while they are exact (labels as kept), or undefined once Space-Saving took over. */
  exactCounts(): Map<string, number> | undefined {
    return this.positions === undefined ? new Map(this.exact) : undefined;
  }

  /**
   * A counter holding exactly `counts` (labels already bounded, as {@link exactCounts} gives them),
   * or undefined when there are more of them than `capacity`.
   */
  static fromExact(capacity: number, counts: ReadonlyMap<string, number>): GroupCounter | undefined {
    if (counts.size > capacity) return undefined;
    const counter = new GroupCounter(capacity);
    for (const [label, count] of counts) counter.exact.set(label, count);
    return counter;
  }

  /** Counts one error of `label`. */
  add(label: string): void {
    const positions = this.positions;
    if (positions === undefined) {
      const known = this.exact.get(label);
      if (known !== undefined) {
        this.exact.set(label, known + 1);
        return;
      }
      const bounded = boundedLabel(label);
      const boundedKnown = bounded === label ? undefined : this.exact.get(bounded);
      if (boundedKnown !== undefined) {
        this.exact.set(bounded, boundedKnown + 1);
        return;
      }
      if (this.exact.size < this.capacity) {
        this.exact.set(bounded, 1);
        return;
      }
      this.switchToSpaceSaving();
    }
    this.addSpaceSaving(boundedLabel(label));
  }

  /** The `limit` largest groups (most errors first, ties by name) and how they relate to `total`. */
  top(limit: number, total: number): { groups: GroupCount[]; totals: GroupTotals } {
    const all: (GroupCount & { over: number })[] =
      this.positions === undefined
        ? [...this.exact].map(([service, count]) => ({ service, count, over: 0 }))
        : this.heapLabels.map((service, i) => ({
            service,
            count: this.heapCounts[i],
            over: this.heapOver[i],
          }));
    all.sort(byCountThenName);
    const listed = all.slice(0, limit);
    let sum = 0;
    let maxOvercount = 0;
    for (const group of listed) {
      sum += group.count;
      maxOvercount = Math.max(maxOvercount, group.over);
    }
    return {
      groups: listed.map(({ service, count }) => ({ service, count })),
      totals: { limit, otherErrors: total - sum, countsExact: this.isExact, maxOvercount },
    };
  }

  private switchToSpaceSaving(): void {
    const positions = new Map<string, number>();
    for (const [label, count] of this.exact) {
      positions.set(label, this.heapLabels.length);
      this.heapLabels.push(label);
      this.heapCounts.push(count);
      this.heapOver.push(0);
    }
    this.exact.clear();
    this.positions = positions;
    for (let i = (this.heapLabels.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private addSpaceSaving(label: string): void {
    const positions = this.positions as Map<string, number>;
    const at = positions.get(label);
    if (at !== undefined) {
      this.heapCounts[at]++;
      this.siftDown(at);
      return;
    }
    // replace the smallest: the newcomer inherits its count, which it may not deserve
    const min = this.heapCounts[0];
    positions.delete(this.heapLabels[0]);
    this.heapLabels[0] = label;
    this.heapCounts[0] = min + 1;
    this.heapOver[0] = min;
    positions.set(label, 0);
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const counts = this.heapCounts;
    const n = counts.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && counts[right] < counts[left] ? right : left;
      if (counts[child] >= counts[i]) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(a: number, b: number): void {
    const labels = this.heapLabels;
    const counts = this.heapCounts;
    const over = this.heapOver;
    [labels[a], labels[b]] = [labels[b], labels[a]];
    [counts[a], counts[b]] = [counts[b], counts[a]];
    [over[a], over[b]] = [over[b], over[a]];
    const positions = this.positions as Map<string, number>;
    positions.set(labels[a], a);
    positions.set(labels[b], b);
  }
}
