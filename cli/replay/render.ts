/**
 * The replay as text (a timeline per scenario, then one verdict per alarm) and as the `--json`
 * document of the issue: `{ alarms: [{ name, transitions: [{ at, from, to, reason }] }],
 * notifications, incidents, contributors }` with ISO-8601 UTC times.
 */
import { topContributors } from "./contributors";
import type { AlarmVerdict } from "./run";
import type { ReplayContributorReport, ReplayResult } from "./types";

const MINUTE = 60_000;
/** Metric values shown per timeline line (the busiest first). */
const METRICS_PER_LINE = 6;

const iso = (ms: number): string => new Date(ms).toISOString();
const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** A readable timeline of one replay: each minute with data or events, its metric values, alarm transitions, notifications, incidents. */
export function renderTimeline(title: string, result: ReplayResult): string {
  const lines: string[] = [
    `== ${title} (${iso(result.startMs)} → ${iso(result.endMs)}, ${result.events} log events) ==`,
  ];
  const rel = (at: number): string =>
    `+${String(Math.floor((at - result.startMs) / MINUTE)).padStart(2, "0")}m`;
  const minutes = new Map<number, string[]>();
  const at = (t: number): string[] => {
    const m = Math.floor(t / MINUTE) * MINUTE;
    let l = minutes.get(m);
    if (!l) minutes.set(m, (l = []));
    return l;
  };
  const byMinute = new Map<number, [string, number][]>();
  for (const [key, points] of Object.entries(result.series))
    for (const [t, v] of points) {
      let l = byMinute.get(t);
      if (!l) byMinute.set(t, (l = []));
      if (v !== 0) l.push([key, v]);
    }
  for (const [t, values] of byMinute) {
    if (values.length === 0) continue;
    values.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = values
      .slice(0, METRICS_PER_LINE)
      .map(([k, v]) => `${k}${result.seriesStats[k] === "Average" ? "(avg)" : ""}=${fmt(v)}`);
    if (values.length > METRICS_PER_LINE) shown.push(`(+${values.length - METRICS_PER_LINE} more)`);
    at(t).unshift(shown.join("  "));
  }
  for (const a of result.alarms)
    for (const tr of a.transitions) {
      if (tr.from === "INSUFFICIENT_DATA" && tr.to === "OK") continue; // every alarm's first evaluation
      at(tr.at).push(`  ${tr.to === "ALARM" ? "▲" : "▼"} ${a.name}: ${tr.from} → ${tr.to} (${tr.reason})`);
    }
  // every alarm's first evaluation (INSUFFICIENT_DATA → OK) runs its OK actions: one line for them
  const firstOk = new Map<number, number>();
  for (const n of result.notifications)
    if (n.from === "INSUFFICIENT_DATA" && n.state === "OK") {
      const m = Math.floor(n.at / MINUTE) * MINUTE;
      firstOk.set(m, (firstOk.get(m) ?? 0) + 1);
    }
  for (const [t, count] of firstOk)
    at(t).push(
      `    ✉ ${count} OK notification${count === 1 ? "" : "s"} (alarms leaving INSUFFICIENT_DATA at their first evaluation)`,
    );
  for (const n of result.notifications)
    if (!(n.from === "INSUFFICIENT_DATA" && n.state === "OK"))
      at(n.at).push(
        `    ✉ ${n.state} ${n.source} → ${n.topic.split(":").pop()}${n.endpoint === undefined ? " (no subscription)" : ` → ${n.protocol} ${n.endpoint}`}`,
      );
  const incidents = new Map<number, number>();
  for (const i of result.incidents)
    incidents.set(
      Math.floor(i.at / MINUTE) * MINUTE,
      (incidents.get(Math.floor(i.at / MINUTE) * MINUTE) ?? 0) + 1,
    );
  for (const [t, n] of incidents) at(t).push(`    ⚑ ${n} incident${n === 1 ? "" : "s"} stored`);
  for (const t of [...minutes.keys()].sort((a, b) => a - b)) {
    const [first, ...rest] = minutes.get(t) ?? [];
    lines.push(`${rel(t)}  ${first ?? ""}`.trimEnd());
    for (const r of rest) lines.push(`      ${r}`);
  }
  const delivered = result.deliveries.filter((d) => d.events > 0);
  for (const d of delivered)
    lines.push(
      `  subscription ${d.filter} (${d.logGroup} → ${d.handler === "none" ? d.destination.split(":").slice(-1)[0] : d.handler}): ${d.events} events in ${d.batches} deliveries${d.failures > 0 ? `, ${d.failures} failed: ${d.firstError}` : ""}`,
    );
  for (const [rule, r] of Object.entries(result.contributors))
    if (r.top.length > 0)
      lines.push(
        `  contributors ${rule}: ${r.top
          .slice(0, 3)
          .map((c) => `${c.keys.join("/")}=${fmt(c.value)}`)
          .join(", ")}`,
      );
  return `${lines.join("\n")}\n`;
}

/** One line per alarm. */
export function renderVerdicts(verdicts: readonly AlarmVerdict[]): string {
  const width = Math.max(0, ...verdicts.map((v) => v.name.length));
  return `${verdicts.map((v) => `${v.ok ? "✓" : "✗"} ${v.name.padEnd(width)}  ${v.text}`).join("\n")}\n`;
}

/** The `--json` document of one or more replays (scenarios one after another on the clock). */
export function replayJson(results: readonly { scenario?: string; result: ReplayResult }[]): unknown {
  const alarms = new Map<string, { name: string; transitions: unknown[] }>();
  const notifications: unknown[] = [];
  let incidents = 0;
  const contributors: Record<string, ReplayContributorReport> = {};
  for (const { scenario, result } of results) {
    for (const a of result.alarms) {
      let entry = alarms.get(a.name);
      if (!entry) alarms.set(a.name, (entry = { name: a.name, transitions: [] }));
      for (const t of a.transitions)
        entry.transitions.push({
          at: iso(t.at),
          from: t.from,
          to: t.to,
          reason: t.reason,
          ...(scenario ? { scenario } : {}),
        });
    }
    for (const n of result.notifications)
      notifications.push({
        at: iso(n.at),
        source: n.source,
        state: n.state,
        ...(n.from === undefined ? {} : { from: n.from }),
        topic: n.topic,
        ...(n.protocol === undefined ? {} : { protocol: n.protocol, endpoint: n.endpoint }),
        ...(scenario ? { scenario } : {}),
      });
    incidents += result.incidents.length;
    for (const [rule, r] of Object.entries(result.contributors)) {
      const c = (contributors[rule] ??= { aggregateOn: r.aggregateOn, keys: r.keys, top: [], periods: [] });
      c.periods.push(...r.periods);
      const totals = new Map(c.top.map((x) => [JSON.stringify(x.keys), x.value]));
      for (const x of r.top)
        totals.set(JSON.stringify(x.keys), (totals.get(JSON.stringify(x.keys)) ?? 0) + x.value);
      c.top = topContributors(totals);
    }
  }
  const isoPeriods = Object.fromEntries(
    Object.entries(contributors).map(([k, c]) => [
      k,
      { ...c, periods: c.periods.map((p) => ({ at: iso(p.at), top: p.top })) },
    ]),
  );
  return { alarms: [...alarms.values()], notifications, incidents, contributors: isoPeriods };
}
