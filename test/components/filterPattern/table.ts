/** Table-driven helper: one `it` per pattern row, asserting exactly which events match. */
import { expect } from "chai";
import { compileFilterPattern } from "../../../components/filterPattern";

/** A pattern, events, and the 0-based indexes of the events that must match (all others must not). */
export interface Row {
  pattern: string;
  events: string[];
  matches: number[];
  /** Where the expected outcome comes from. */
  source: string;
}

export function matchingIndexes(pattern: string, events: string[]): number[] {
  const matcher = compileFilterPattern(pattern);
  return events.flatMap((e, i) => {
    const m = matcher(e);
    // the bytes entry point (files, payloads) agrees with the string one, fields included
    const bytes = Buffer.from(`\n${e}\n`, "utf8");
    expect(matcher.matchBytes(bytes, 1, bytes.length - 1), `bytes of ${JSON.stringify(e)}`).to.deep.equal(m);
    return m.matched ? [i] : [];
  });
}

export function runRows(rows: Row[]): void {
  for (const row of rows) {
    it(`${row.pattern}  [${row.source}]`, () => {
      expect(matchingIndexes(row.pattern, row.events), JSON.stringify(row.events)).to.deep.equal(row.matches);
    });
  }
}
