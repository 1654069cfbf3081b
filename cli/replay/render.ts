/**
 * The replay as text (a timeline per scenario, then one verdict per alarm) and as the `--json`
 * document of the issue: `{ alarms: [{ name, transitions: [{ at, from, to, reason }] }],
 * notifications, incidents, contributors }` with ISO-8601 UTC times.
 */
import * as path from "node:path";
import { topContributors } from "./contributors";
import type { AlarmVerdict } from "./run";
import type { ReplayContributorReport, ReplayResult } from "./types";

const MINUTE = 60_000;
/** Metric values shown per timeline line (the busiest first). */
const METRICS_PER_LINE = 6;

const iso = (ms: number): string => new Date(ms).toISOString();
const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** A readable timeline of one replay (under a header saying what it wrote, when `input` is given): each minute with data or events, its metric values, alarm transitions, notifications, incidents. */
export function renderTimeline(title: string, result: ReplayResult, input?: ReplayedInput): string {
  const lines: string[] = [
    input === undefined
      ? `== ${title} (${iso(result.startMs)} → ${iso(result.endMs)}, ${result.events} log events) ==`
      : `== ${title} (${iso(result.startMs)} → ${iso(result.endMs)}) ==\n   ${describeInput(input)}`,
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

const count = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** What one replay (a scenario, or a user's file) wrote and what its log groups received. */
export interface ReplayedInput {
  /** The scenario's name, or the file's. */
  name: string;
  /** Simulated minutes. */
  minutes: number;
  /** False when an alarm broke one of the scenario's expectations. */
  ok: boolean;
  /** What one event written is ("requests", "order events"). */
  writes: string;
  /** Log events written by the scenario (or read from the file), by log group. */
  written: Record<string, number>;
  /** Log events each log group received, the lines functions logged included. */
  logEvents: Record<string, number>;
  /** Native metric datapoints published, and their namespaces. */
  datapoints: number;
  namespaces: string[];
  /** Alarms that went to ALARM. */
  fired: string[];
}

/**
 * The event counts of one replay in a reader's terms: "410 requests → 1,075 log events in 2 log
 * groups (apache/access: 410 requests; cafe/analytics: 665 lines the function logged)".
 */
export function describeInput(r: ReplayedInput): string {
  const writtenTotal = Object.values(r.written).reduce((a, b) => a + b, 0);
  const groups = Object.keys(r.logEvents);
  const total = Object.values(r.logEvents).reduce((a, b) => a + b, 0);
  const parts: string[] = [];
  if (total > 0 || writtenTotal > 0) {
    const per = groups
      .map((g) => {
        const own = r.written[g] ?? 0;
        const logged = r.logEvents[g] - own;
        const what = [
          ...(own > 0 ? [`${count(own)} ${r.writes}`] : []),
          ...(logged > 0 ? [`${plural(logged, "line")} the function logged`] : []),
        ];
        return `${g}: ${what.join(" + ")}`;
      })
      .join("; ");
    parts.push(
      `${count(writtenTotal)} ${r.writes} → ${plural(total, "log event")} in ${plural(groups.length, "log group")} (${per})`,
    );
  }
  if (r.datapoints > 0)
    parts.push(`${plural(r.datapoints, "metric datapoint")} published (${r.namespaces.join(", ")})`);
  return parts.length > 0 ? parts.join("; ") : "no events";
}

/** One replay in two lines: its verdict, name, length and what fired; then what it wrote. */
export function renderReplayed(r: ReplayedInput): string {
  const fired =
    r.fired.length === 0
      ? "no alarm fired"
      : r.fired.length <= 3
        ? `fired: ${r.fired.join(", ")}`
        : `fired: ${r.fired.slice(0, 2).join(", ")} and ${r.fired.length - 2} more`;
  return `${r.ok ? "✓" : "✗"} ${r.name} (${r.minutes} min): ${fired}\n    ${describeInput(r)}\n`;
}

/** A span of minutes as "1 h 58 min". */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Everything the summary at the end of a replay states. */
export interface ReplaySummary {
  stack: string;
  replayed: readonly ReplayedInput[];
  verdicts: readonly AlarmVerdict[];
  /** Whether the replays had expectations (the built-in scenarios) or not (a user's file). */
  expectations: boolean;
  /** Wall-clock time the replay took, in milliseconds. */
  elapsedMs: number;
  /** The dashboard previews written. */
  dashboards: readonly string[];
  /** The file with the timeline and verdicts. @default none */
  details?: string;
  /** How a path is shown (relative to the working folder). @default as given */
  show?: (file: string) => string;
  /** The arguments that replay the same input again (a user's file). @default the scenarios' `--stack <stack>` */
  again?: string;
}

/** The counts the summary states: alarms proven, only shown quiet, not driven, failing. */
export function alarmTally(verdicts: readonly AlarmVerdict[]): {
  total: number;
  proven: number;
  quietOnly: number;
  undriven: number;
  failing: AlarmVerdict[];
} {
  const failing = verdicts.filter((v) => !v.ok);
  const ok = verdicts.filter((v) => v.ok);
  return {
    total: verdicts.length,
    proven: ok.filter((v) => v.proof === "fired").length,
    quietOnly: ok.filter((v) => v.proof === "quiet").length,
    undriven: ok.filter((v) => (v.proof ?? "none") === "none").length,
    failing,
  };
}

/** The short summary that ends a replay's output: what was proven, how long, where to look, what next. */
export function renderSummary(s: ReplaySummary): string {
  const show = s.show ?? ((f: string) => f);
  const t = alarmTally(s.verdicts);
  const minutes = s.replayed.reduce((n, r) => n + r.minutes, 0);
  const lines: string[] = [`Summary (stack ${s.stack})`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(16)}${text}`);
  if (s.expectations) {
    row(
      "Alarms proven:",
      `${t.proven} of ${t.total} fired where a scenario expects it, and stayed quiet where one expects that`,
    );
    const rest = [
      ...(t.quietOnly > 0 ? [`${t.quietOnly} only shown to stay quiet`] : []),
      ...(t.undriven > 0 ? [`${t.undriven} not driven by any scenario`] : []),
      ...(t.failing.length > 0 ? [`${t.failing.length} FAILED`] : []),
    ];
    if (rest.length > 0) row("", rest.join("; "));
    for (const v of t.failing) row("", `✗ ${v.name}: ${v.text}`);
    const passed = s.replayed.filter((r) => r.ok).length;
    row("Scenarios:", `${passed} of ${s.replayed.length} passed`);
  } else {
    const fired = s.verdicts.filter((v) => v.text.startsWith("fired")).length;
    row("Alarms:", `${fired} of ${t.total} fired`);
  }
  row(
    "Time simulated:",
    `${minutesText(minutes)}${s.replayed.length > 1 ? ` (${s.replayed.length} scenarios back to back)` : ""}, in ${(s.elapsedMs / 1000).toFixed(1)} s`,
  );
  if (s.dashboards.length > 0)
    row(
      "Dashboards:",
      `${plural(s.dashboards.length, "preview")} in ${show(path.dirname(s.dashboards[0]))} (open ${path.basename(s.dashboards[0])} in a browser)`,
    );
  if (s.details !== undefined)
    row("Details:", `${show(s.details)} (the minute-by-minute timeline, one verdict per alarm)`);
  const cmd = `npm run obskit -- replay ${s.again ?? `--stack ${s.stack}`}`;
  const next: [string, string][] = [
    [`${cmd} --detail`, "print the timeline and every verdict"],
    [`${cmd} --scenario "${s.replayed[0]?.name ?? "…"}"`, "replay one scenario"],
    [`npm run obskit -- plan --stack ${s.stack}`, "list what the stack would deploy"],
  ];
  if (!s.expectations) next.splice(1, 1);
  const width = Math.max(...next.map(([c]) => c.length));
  lines.push("", "Next");
  for (const [c, what] of next) lines.push(`  ${c.padEnd(width)}  ${what}`);
  return `${lines.join("\n")}\n`;
}
