import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { matchingIndexes } from "./table";

interface SharedCase {
  id: number;
  pattern: string;
  events: string[];
  matches: number[];
}

const CASES_FILE = path.resolve(__dirname, "../../../../shared/data/filter-patterns/cases.json");

/**
 * Cases 27 and 28 come from the 2021 page's OR paragraph, which says `[w1=ERROR, w2]` does not
 * match "ERROR WARN message". We follow the current page instead: it says `[w1=ERROR, w2]` returns
 * events whose first word is ERROR, shows it on six-word events, and requires the "blank indicator"
 * w2 precisely because the last field takes the rest of the line. The same 2021 paragraph also
 * makes the claim the shared data set flags as wrong (case 29). Only event 0 is affected.
 */
const LAST_FIELD_TAKES_REST: Record<number, number[]> = { 27: [0, 1], 28: [0, 1, 2] };

describe("filter patterns: every case of the shared AWS-sourced data set", () => {
  const cases = JSON.parse(fs.readFileSync(CASES_FILE, "utf8")) as SharedCase[];

  it("loads the data set", () => {
    expect(cases.length).to.be.greaterThan(40);
  });

  for (const c of cases) {
    it(`case ${c.id}: ${c.pattern}`, () => {
      const expected = LAST_FIELD_TAKES_REST[c.id] ?? c.matches;
      expect(matchingIndexes(c.pattern, c.events)).to.deep.equal(expected);
    });
  }

  it("diverges from cases 27/28 only on the multi-word event, where the last field takes the rest", () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const id of [27, 28]) {
      const c = byId.get(id);
      expect(c, `case ${id}`).to.not.equal(undefined);
      const extra = LAST_FIELD_TAKES_REST[id].filter((i) => !c!.matches.includes(i));
      expect(extra).to.deep.equal([0]);
      expect(c!.events[0]).to.equal("ERROR WARN message");
    }
  });
});
