/**
 * The early rejection of a space-delimited pattern: the conditions on the first fields tested on the
 * raw line, before it is split.
 */
import type { DelimitedField } from "../parser";

/** A space-delimited pattern's field, compiled: its name and, when it has a condition, the test. */
export interface CompiledField {
  name: string;
  test?: (v: string) => boolean;
}

/**
 * A necessary condition on an event, checked without splitting it all: the conditions of the
 * fields whose event field is known by position alone (before any ellipsis, and not the last field
 * when it takes the rest of the line), on the first fields of the event only, nothing allocated but
 * the values tested. Undefined when no condition qualifies. The full alignment still decides.
 */
export function delimitedPrecheck(
  fields: DelimitedField[],
  compiled: CompiledField[],
): ((line: string) => boolean) | undefined {
  const ellipses = fields.flatMap((f, i) => (f.type === "ellipsis" ? [i] : []));
  const k = compiled.length;
  let limit: number;
  if (ellipses.length === 0) limit = k - 1;
  else if (ellipses.length === 1 && ellipses[0] === fields.length - 1) limit = k;
  else return undefined;
  const tests: ((v: string) => boolean)[] = [];
  let last = -1;
  for (let f = 0; f < limit; f++) {
    const t = compiled[f].test;
    if (t) {
      tests[f] = t;
      last = f;
    }
  }
  if (last < 0) return undefined;
  return (line) => {
    const n = line.length;
    let i = 0;
    for (let f = 0; f <= last; f++) {
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c !== 32 && c !== 9) break;
        i++;
      }
      if (i >= n) return false; // fewer fields than the pattern: never a match
      const test = tests[f];
      const c = line.charCodeAt(i);
      let from: number;
      let to: number;
      if (c === 34 /* " */) {
        let j = i + 1;
        while (j < n && !(line.charCodeAt(j) === 34 && line.charCodeAt(j - 1) !== 92)) j++; // \" does not close
        if (j >= n) return false; // never closes: a malformed event
        from = i + 1;
        to = j;
        i = j + 1;
      } else if (c === 91 /* [ */) {
        const j = line.indexOf("]", i + 1);
        if (j < 0) return false; // never closes: a malformed event
        from = i + 1;
        to = j;
        i = j + 1;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = line.charCodeAt(j);
          if (d === 32 || d === 9) break;
          j++;
        }
        from = i;
        to = j;
        i = j;
      }
      if (test !== undefined && !test(line.slice(from, to))) return false;
    }
    return true;
  };
}
