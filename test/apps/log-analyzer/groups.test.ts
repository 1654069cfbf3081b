import { expect } from "chai";
import { GroupCounter } from "../../../apps/log-analyzer/src/groups";
import { mulberry32 } from "../../../apps/order-worker/src/prng";

describe("GroupCounter", () => {
  it("stays exact up to its capacity and switches to estimates one group past it", () => {
    const counter = new GroupCounter(3);
    for (const label of ["a", "b", "c", "a"]) counter.add(label);
    const exact = counter.top(10, 4);
    counter.add("d");
    const estimated = counter.top(10, 5);
    expect(exact.totals).to.deep.equal({ limit: 10, otherErrors: 0, countsExact: true, maxOvercount: 0 });
    expect(exact.groups.map((g) => g.service)).to.deep.equal(["a", "b", "c"]);
    expect(estimated.totals.countsExact).to.equal(false);
    // "d" replaced the smallest ("b", 1): it shows 2, of which 1 may be inherited
    expect(estimated.groups).to.deep.equal([
      { service: "a", count: 2 },
      { service: "d", count: 2 },
      { service: "c", count: 1 },
    ]);
    expect(estimated.totals.maxOvercount).to.equal(1);
  });

  it("keeps the Space-Saving guarantees on random skewed streams (no undercount, overcount ≤ E/K, heavy hitters kept)", () => {
    const random = mulberry32(0x5eed);
    for (let round = 0; round < 20; round++) {
      // Arrange: a Zipf-like stream over many more groups than the capacity
      const capacity = 20 + Math.floor(random() * 80);
      const universe = capacity * (2 + Math.floor(random() * 20));
      const length = 2000 + Math.floor(random() * 8000);
      const truth = new Map<string, number>();
      const counter = new GroupCounter(capacity);
      for (let i = 0; i < length; i++) {
        const label = `g${Math.floor(Math.pow(random(), 3) * universe)}`;
        truth.set(label, (truth.get(label) ?? 0) + 1);
        counter.add(label);
      }
      // Act: every tracked group
      const { groups, totals } = counter.top(capacity, length);
      // Assert
      const bound = length / capacity;
      expect(totals.maxOvercount, `round ${round}`).to.be.at.most(bound);
      for (const { service, count } of groups) {
        const real = truth.get(service) ?? 0;
        expect(count, `${service} in round ${round}`).to.be.at.least(real);
        expect(count - real, `${service} in round ${round}`).to.be.at.most(totals.maxOvercount);
      }
      const listed = new Set(groups.map((g) => g.service));
      for (const [label, real] of truth) {
        if (real > bound)
          expect(listed.has(label), `heavy hitter ${label} (${real}) in round ${round}`).to.equal(true);
      }
      expect(totals.otherErrors).to.equal(length - groups.reduce((sum, g) => sum + g.count, 0));
    }
  });

  it("refuses a capacity that is not a whole number ≥ 1", () => {
    expect(() => new GroupCounter(0)).to.throw(/capacity must be a whole number ≥ 1 \(got 0\)/);
  });
});
