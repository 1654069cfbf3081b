/**
 * Contributor Insights rules evaluated from their bodies (CloudWatchLogRule schema, version 1):
 * JSON or CLF log format, `Contents.Keys` (up to four), `Contents.Filters` (`In`, `NotIn`,
 * `StartsWith`, `GreaterThan`, `LessThan`, `EqualTo`, `NotEqualTo`, `IsPresent`; all must hold),
 * `AggregateOn` Count or Sum of `ValueOf`; top contributors per minute and over the whole replay.
 */
import { compileFilterPattern, type FilterMatcher } from "../../components/filterPattern";
import type { InsightFilter, InsightRuleBody } from "./model";
import type { ReplayContributor, ReplayContributorReport } from "./types";

/** How many contributors a rule's report lists at most (per minute and over the replay). */
export const TOP_CONTRIBUTORS = 10;
const MINUTE = 60_000;

/** The largest `TOP_CONTRIBUTORS` of `counts` (keyed by `JSON.stringify(keys)`): largest first, ties by key. */
export function topContributors(counts: Iterable<[string, number]>): ReplayContributor[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_CONTRIBUTORS)
    .map(([k, value]) => ({ keys: JSON.parse(k) as string[], value }));
}

/** The value of `$.a.b` (or `a.b`) in a parsed JSON event. */
function jsonField(doc: unknown, path: string): unknown {
  const parts = path.replace(/^\$\.?/, "").split(".");
  let v: unknown = doc;
  for (const p of parts) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** Splits a CLF/Apache line into fields: quoted strings and `[…]` are one field each. */
export function clfFields(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|\[([^\]]*)\]|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function passes(f: InsightFilter, v: unknown): boolean {
  const present = v !== undefined && v !== null;
  if (f.IsPresent !== undefined) return present === f.IsPresent;
  if (!present) return false;
  const s = typeof v === "object" ? JSON.stringify(v) : String(v as string | number | boolean);
  const n = typeof v === "number" ? v : Number(s);
  if (f.In) return f.In.some((x) => String(x) === s);
  if (f.NotIn) return !f.NotIn.some((x) => String(x) === s);
  if (f.StartsWith) return f.StartsWith.some((p) => s.startsWith(p));
  if (f.GreaterThan !== undefined) return Number.isFinite(n) && n > f.GreaterThan;
  if (f.LessThan !== undefined) return Number.isFinite(n) && n < f.LessThan;
  if (f.EqualTo !== undefined) return Number.isFinite(n) && n === f.EqualTo;
  if (f.NotEqualTo !== undefined) return Number.isFinite(n) && n !== f.NotEqualTo;
  return true;
}

const PLAIN = /^[A-Za-z0-9_.:/@+-]*$/;
const SELECTOR = /^\$\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A filter pattern that every event passing the JSON rule's filters matches (so events it rejects
 * can be skipped without parsing them), or undefined when the filters have no such exact equivalent.
 */
export function rulePrecheck(body: InsightRuleBody): FilterMatcher | undefined {
  if (body.LogFormat !== "JSON") return undefined;
  const terms: string[] = [];
  for (const f of body.Contents.Filters ?? []) {
    if (!SELECTOR.test(f.Match)) continue;
    if (f.In && f.In.length > 0 && f.In.every((v) => typeof v === "string" && v !== "" && PLAIN.test(v)))
      terms.push(`(${f.In.map((v) => `${f.Match} = "${String(v)}"`).join(" || ")})`);
    else if (f.GreaterThan !== undefined) terms.push(`${f.Match} > ${f.GreaterThan}`);
    else if (f.LessThan !== undefined) terms.push(`${f.Match} < ${f.LessThan}`);
  }
  return terms.length === 0 ? undefined : compileFilterPattern(`{ ${terms.join(" && ")} }`);
}

/** Accumulates one rule's contributors. */
export class ContributorRule {
  private readonly byMinute = new Map<number, Map<string, number>>();
  private readonly fieldIndex: Map<string, number>;
  /** Events this pattern rejects cannot pass the rule's filters (JSON rules; undefined when none fits). */
  readonly precheck: FilterMatcher | undefined;

  constructor(readonly body: InsightRuleBody) {
    this.precheck = rulePrecheck(body);
    this.fieldIndex = new Map(
      Object.entries(body.Fields ?? {}).map(([pos, name]) => [name, Number(pos) - 1]),
    );
  }

  private reader(message: string): ((field: string) => unknown) | undefined {
    if (this.body.LogFormat === "CLF") {
      const fields = clfFields(message);
      return (name) => {
        const i = this.fieldIndex.get(name) ?? (/^\d+$/.test(name) ? Number(name) - 1 : -1);
        return i >= 0 ? fields[i] : undefined;
      };
    }
    if (!message.startsWith("{")) return undefined;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return undefined;
    }
    return (path) => jsonField(doc, path);
  }

  /** Counts one event of a log group the rule reads. */
  add(timestamp: number, message: string, prechecked = false): void {
    if (!prechecked && this.precheck && !this.precheck(message).matched) return;
    const get = this.reader(message);
    if (!get) return;
    const c = this.body.Contents;
    for (const f of c.Filters ?? []) if (!passes(f, get(f.Match))) return;
    const keys: string[] = [];
    for (const k of c.Keys) {
      const v = get(k);
      if (v === undefined || v === null) return; // an event without every key contributes nothing
      keys.push(typeof v === "object" ? JSON.stringify(v) : String(v as string | number | boolean));
    }
    let value = 1;
    if (this.body.AggregateOn === "Sum") {
      const raw = c.ValueOf === undefined ? undefined : get(c.ValueOf);
      value = typeof raw === "number" ? raw : Number(raw);
      if (!Number.isFinite(value)) return;
    }
    const minute = Math.floor(timestamp / MINUTE) * MINUTE;
    let m = this.byMinute.get(minute);
    if (!m) this.byMinute.set(minute, (m = new Map()));
    const key = JSON.stringify(keys);
    m.set(key, (m.get(key) ?? 0) + value);
  }

  report(): ReplayContributorReport {
    const total = new Map<string, number>();
    const periods = [...this.byMinute]
      .sort((a, b) => a[0] - b[0])
      .map(([at, counts]) => {
        for (const [k, v] of counts) total.set(k, (total.get(k) ?? 0) + v);
        return { at, top: topContributors(counts) };
      });
    return {
      aggregateOn: this.body.AggregateOn,
      keys: [...this.body.Contents.Keys],
      top: topContributors(total),
      periods,
    };
  }
}
