import { expect } from "chai";
import { createSchedule, type Tick, validateIncident } from "../../../apps/order-worker/src/schedule";

function take(count: number, schedule: Iterator<Tick>): Tick[] {
  return Array.from({ length: count }, () => schedule.next().value as Tick);
}

describe("order-worker schedule", () => {
  it("spaces normal events evenly at the configured rate", () => {
    expect(take(4, createSchedule({ ratePerSecond: 4 })).map((t) => t.offsetMs)).to.deep.equal([
      0, 250, 500, 750,
    ]);
    expect(take(3, createSchedule({ ratePerSecond: 0.5 })).map((t) => t.offsetMs)).to.deep.equal([
      0, 2000, 4000,
    ]);
  });

  it("adds incident ticks at the burst rate, only inside the incident window, in time order", () => {
    const ticks = take(
      200,
      createSchedule({ ratePerSecond: 1, incident: { afterSeconds: 30, durationSeconds: 60 } }),
    );
    const incident = ticks.filter((t) => t.incident).map((t) => t.offsetMs);

    expect(incident).to.deep.equal(Array.from({ length: 12 }, (_, j) => 30_000 + j * 5000));
    expect(ticks.map((t) => t.offsetMs)).to.deep.equal(
      [...ticks.map((t) => t.offsetMs)].sort((a, b) => a - b),
    );
    expect(ticks.filter((t) => !t.incident)).to.have.length(188);
  });

  it("keeps an open-ended incident going", () => {
    const ticks = take(5000, createSchedule({ ratePerSecond: 1, incident: { durationSeconds: Infinity } }));
    const last = ticks.filter((t) => t.incident).at(-1);
    expect(last?.offsetMs).to.be.greaterThan(ticks.at(-1)!.offsetMs - 5001);
  });

  it("refuses a burst rate below the alarm threshold, naming the field", () => {
    expect(validateIncident({ durationSeconds: 60, failuresPerMinute: 4 })).to.deep.equal([
      "`failuresPerMinute` must be from 5 (the alarm threshold) to 6000 (got 4)",
    ]);
    expect(validateIncident({ durationSeconds: 0, afterSeconds: -1 })).to.have.length(2);
  });
});
