import * as fs from "node:fs";
import * as path from "node:path";
import type * as PreviewModule from "../../engines/dashboardPreview/preview";
import { processIo, REPO_ROOT, reportFailure, UsageError, type CommandIo } from "../command";
import { checkInputFile, checkOutputFolder, fileProblem, makeOutputFolder, writeOutputFile } from "../files";
import { numberFlag, parseFlags, type NumberRange } from "../flags";
import type * as PlanModule from "../plan/plan";
import type { Plan } from "../plan/plan";
import {
  EARLIEST_REPLAY_MS,
  FUTURE_LIMIT_MS,
  MAX_REPLAY_SPAN_DAYS,
  notLogText,
  readTimedLines,
  renderSkipped,
} from "../replay/input";
import { Progress, type ProgressOptions } from "../replay/progress";
import type * as ModelModule from "../replay/model";
import type * as RenderModule from "../replay/render";
import type { ReplayedInput } from "../replay/render";
import type * as RunModule from "../replay/run";
import type { AlarmVerdict, ScenarioRun } from "../replay/run";
import type * as ScenariosModule from "../replay/scenarios";
import type { Scenario } from "../replay/scenarios";
import type { ReplayResult } from "../replay/types";

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The scenarios, the SDK and the engine load only when they are used: a mistyped flag is told at
 * once, before seconds of module loading.
 */
const load = {
  scenarios: () => require("../replay/scenarios") as typeof ScenariosModule,
  plan: () => require("../plan/plan") as typeof PlanModule,
  model: () => require("../replay/model") as typeof ModelModule,
  render: () => require("../replay/render") as typeof RenderModule,
  run: () => require("../replay/run") as typeof RunModule,
  preview: () => require("../../engines/dashboardPreview/preview") as typeof PreviewModule,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** `--rate`: events per second of a file's lines that carry no time. */
const RATE: NumberRange = { min: 0, max: 100_000, aboveMin: true, unit: "events per second" };

/** The scenarios `--scenario` takes, one a line, the standard set marked, for the usage text. */
function scenarioList(all: readonly Scenario[], standard: readonly Scenario[]): string {
  const width = Math.max(0, ...all.map((s) => s.name.length));
  // one line each: the description cut at a word to fit 110 columns (a run prints it whole)
  const room = Math.max(20, 110 - width - 6);
  const cut = (text: string) =>
    text.length <= room ? text : `${text.slice(0, text.lastIndexOf(" ", room - 1))} …`;
  return all
    .map((s) => `  ${standard.includes(s) ? "*" : " "} ${s.name.padEnd(width)}  ${cut(s.description)}`)
    .join("\n");
}

const USAGE = (scenarios: {
  all: readonly Scenario[];
  standard: readonly Scenario[];
}): string => `usage: obskit replay --stack <name> [--scenario <name> …] [--detail] [--json] [--out <dir>] [--start <ISO time>]
       obskit replay --stack <name> --file <log file> --log-group <name> [--rate <events/s>] [--detail] [--json] [--out <dir>]

Replays the stack offline: plans it as \`obskit plan\` does, feeds log events into its log groups,
applies every metric filter, runs its subscription handlers (the log processor against a local
DynamoDB, the café analytics), counts Contributor Insights contributors and evaluates every alarm
on a simulated clock, at each minute its state can change (a replay covers at most ${MAX_REPLAY_SPAN_DAYS} days).
Prints each scenario (what it wrote, which alarms fired) and a
summary (alarms proven, scenarios passed, time simulated, where the previews are, what to run next);
writes the dashboard previews filled with the replayed metrics, alarm states and top contributors
(<out>/<dashboard>.html; default dist/replay/<stack>) and <out>/replay.txt: the timeline (minute,
metric values, alarm transitions, notifications per subscription, incidents) and one verdict per alarm.
--detail: prints that timeline and the verdicts too.
--scenario: built-in scenarios to run, one after another (default: the standard set, marked *, that
applies to the stack); names are case-insensitive, quote them (--scenario "cafe: 404 storm"):
${scenarioList(scenarios.all, scenarios.standard)}
--file: a log file instead (JSON or text lines), replayed into --log-group; each event's time is the
line's \`timestamp\`, \`@timestamp\` or \`time\` (JSON) or Apache \`[10/Oct/2000:13:55:36 -0700]\`, else the
previous event's plus 1/--rate seconds (default 1 event per second; --rate is a number above 0 and
at most 100,000).
Lines the replay cannot use are skipped and reported (counts by reason, the first few with their line
number): a time field that is not a time, a time before 2000-01-01 or more than 2 hours ahead (the
furthest CloudWatch Logs accepts), control characters; and, when the lines cover more than the
${MAX_REPLAY_SPAN_DAYS} days a replay simulates, those outside the ${MAX_REPLAY_SPAN_DAYS} days holding the most events. An empty,
binary or compressed file is an error.
--start: when the scenarios start (default: so they end now), or the time of a file's first line
without a time of its own (default: now); from 2000-01-01 to 2 hours ahead.
--json: prints { "alarms": [ { "name", "transitions": [ { "at", "from", "to", "reason" } ] } ],
"notifications": [...], "incidents": N, "contributors": {...} } (times ISO-8601 UTC) instead of the timeline;
with --file also "skippedLines": { "total", "lines", "byReason", "examples": [ { "line", "reason", "detail", "excerpt" } ] };
a failure is then also a JSON object on stdout: { "ok": false, "error": { "kind", "message" } }.
A long run shows its progress on stderr: a bar on a terminal, a line every 10 seconds otherwise.
--out: created if missing; in an existing folder the previews replace those of the same name, and
nothing else is touched. A file at <dir> is refused.
Exit code: 0 every alarm behaved as its scenarios expect, 1 one did not, 2 bad usage, config, input
or output folder, 70 an internal error (a bug: the message says how to report it).`;

/** The alarms a replay took to ALARM, in the order they first did. */
function firedIn(result: ReplayResult): string[] {
  return result.alarms
    .map((a) => ({ name: a.name, at: a.transitions.find((t) => t.to === "ALARM")?.at }))
    .filter((a): a is { name: string; at: number } => a.at !== undefined)
    .sort((a, b) => a.at - b.at || a.name.localeCompare(b.name))
    .map((a) => a.name);
}

/** The progress of a long run on stderr: on the process's own stderr by default, as `deps.progress` says otherwise. */
function progressFor(io: CommandIo, deps: ReplayDeps): Progress | undefined {
  if (deps.progress === false) return undefined;
  if (deps.progress !== undefined) return new Progress({ write: io.stderr, ...deps.progress });
  if (io !== processIo) return undefined;
  return new Progress({ write: io.stderr, isTTY: process.stderr.isTTY === true });
}

/** Runs a replay; a span over the bound is the user's input, reported in one line (undefined). */
async function spanChecked<T>(io: CommandIo, replay: () => Promise<T>): Promise<T | undefined> {
  try {
    return await replay();
  } catch (err) {
    if ((err as Error).name !== "ReplaySpanError") throw err;
    io.stderr(`obskit replay: ${(err as Error).message}\n`);
    return undefined;
  }
}

export interface ReplayDeps {
  /** The scenarios `--scenario` picks from, and the set replayed without it. @default the built-in ones */
  scenarios?: { all: readonly Scenario[]; standard: readonly Scenario[] };
  /** The stack's plan (default: planned offline from Pulumi.<stack>.yaml under `root`). */
  plan?: (stack: string) => Promise<Plan>;
  /**
   * The present, which `--start` and a line's time may lie at most 2 hours ahead of.
   * @default Date.now
   */
  now?: () => number;
  /**
   * How progress shows on stderr (`false`: never).
   * @default a bar when the process's stderr is a terminal, plain lines when it is not; nothing for another `io`
   */
  progress?: Omit<ProgressOptions, "write"> | false;
}

/** The flags of `obskit replay`. */
interface Values {
  stack?: string;
  scenario?: string[];
  file?: string;
  "log-group"?: string;
  rate?: string;
  json?: boolean;
  detail?: boolean;
  out?: string;
  start?: string;
}

export async function run(
  argv: string[],
  io: CommandIo = processIo,
  root = REPO_ROOT,
  deps: ReplayDeps = {},
): Promise<number> {
  const builtIn = () => {
    const { BUILT_IN_SCENARIOS, STANDARD_SCENARIOS } = load.scenarios();
    return { all: BUILT_IN_SCENARIOS, standard: STANDARD_SCENARIOS };
  };
  let scenarios = deps.scenarios;
  let values: Values & { help?: boolean };
  let rate = 1;
  let startMs: number;
  /** The text of `--file`, read once here. */
  let fileText: string | undefined;
  const now = (deps.now ?? Date.now)();
  try {
    ({ values } = parseFlags("replay", argv, {
      stack: { type: "string" },
      scenario: { type: "string", multiple: true },
      file: { type: "string" },
      "log-group": { type: "string" },
      rate: { type: "string" },
      json: { type: "boolean" },
      detail: { type: "boolean" },
      out: { type: "string" },
      start: { type: "string" },
      help: { type: "boolean", short: "h" },
    }));
    if (values.help) {
      io.stdout(`${USAGE(scenarios ?? builtIn())}\n`);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack is required (e.g. --stack dev)");
    if (values.file !== undefined && values.scenario !== undefined)
      throw new UsageError("give either --file or --scenario, not both");
    if (values.file !== undefined && !values["log-group"])
      throw new UsageError("--file needs --log-group <name>");
    if (values.file === undefined && (values["log-group"] !== undefined || values.rate !== undefined))
      throw new UsageError("--log-group and --rate go with --file");
    if (values.rate !== undefined) rate = numberFlag("rate", values.rate, RATE);
    startMs = values.start === undefined ? now : Date.parse(values.start);
    if (
      values.start !== undefined &&
      (Number.isNaN(startMs) ||
        !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(values.start))
    )
      throw new UsageError(
        `--start must be an ISO-8601 time such as 2026-03-02T08:00:00Z (got ${JSON.stringify(values.start)})`,
      );
    const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
    if (startMs < EARLIEST_REPLAY_MS)
      throw new UsageError(
        `--start ${values.start} is before ${iso(EARLIEST_REPLAY_MS)}, the earliest a replay starts: give a later time, or leave --start out`,
      );
    if (startMs > now + FUTURE_LIMIT_MS)
      throw new UsageError(
        `--start ${values.start} is more than 2 hours ahead of now (CloudWatch Logs accepts no later event): give a time before ${iso(Math.floor((now + FUTURE_LIMIT_MS) / 60_000) * 60_000)}, or leave --start out`,
      );
    // before planning: an input or output path that cannot be used fails at once
    if (values.file !== undefined) {
      checkInputFile("--file", values.file, {
        holds: "log lines (JSON or text)",
        text: false,
        nonEmpty: false,
        gzip: true,
      });
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(values.file);
      } catch (err) {
        throw fileProblem("--file", values.file, "read it", err);
      }
      const problem = notLogText(bytes);
      if (problem !== undefined) throw new UsageError(`--file ${values.file} ${problem}`);
      fileText = bytes.toString("utf8");
    }
    if (values.out !== undefined) checkOutputFolder("--out", values.out);
    scenarios ??= builtIn();
    if (values.scenario !== undefined) {
      const known = new Set(scenarios.all.map((s) => s.name.toLowerCase()));
      const unknown = values.scenario.filter((n) => !known.has(n.trim().toLowerCase()));
      if (unknown.length > 0)
        throw new UsageError(
          `unknown --scenario ${unknown.map((n) => JSON.stringify(n)).join(", ")}; the built-in ones are ${scenarios.all.map((s) => JSON.stringify(s.name)).join(", ") || "(none)"} (obskit replay --help describes them)`,
        );
    }
  } catch (err) {
    return reportFailure(io, "replay", argv, err, { json: argv.includes("--json") });
  }
  const json = values.json === true;
  try {
    return await replay(
      values as Values & { stack: string },
      { rate, startMs, now, fileText },
      io,
      root,
      deps,
      scenarios,
    );
  } catch (err) {
    return reportFailure(io, "replay", argv, err, { json });
  }
}

/** The replay itself, once the flags are checked: its failures are reported by {@link run}. */
async function replay(
  values: Values & { stack: string },
  checked: { rate: number; startMs: number; now: number; fileText: string | undefined },
  io: CommandIo,
  root: string,
  deps: ReplayDeps,
  scenarios: { all: readonly Scenario[]; standard: readonly Scenario[] },
): Promise<number> {
  const stack = values.stack;
  const { planStack } = load.plan();
  const { rate, startMs, now, fileText } = checked;
  const { replayModel } = load.model();
  const { renderReplayed, renderSummary, renderTimeline, renderVerdicts, replayJson } = load.render();
  const { plainVerdicts, previewStates, replayEvents, replayScenarios, verdicts } = load.run();
  const { scenariosFor } = load.scenarios();
  const { renderPreview } = load.preview();
  const plan = await (deps.plan ?? ((name: string) => planStack(name, root)))(stack);
  const model = replayModel(plan.model);

  const began = Date.now();
  let results: { scenario?: string; result: ReplayResult }[];
  let replayed: ReplayedInput[];
  let previews: Record<string, [number, number][]>[];
  let alarmVerdicts: AlarmVerdict[];
  let timelines: string[];
  let skippedLines: ReturnType<typeof readTimedLines>["skipped"] | undefined;
  const progress = progressFor(io, deps);
  if (values.file !== undefined) {
    const logGroup = values["log-group"] as string;
    if (!model.logGroups.includes(logGroup))
      throw new UsageError(
        `--log-group ${JSON.stringify(logGroup)}: stack ${stack} has no such log group; it has ${model.logGroups.join(", ")}`,
      );
    const read = readTimedLines(fileText ?? "", {
      ratePerSecond: rate,
      startMs: Math.floor(startMs / 60_000) * 60_000,
      nowMs: now,
      // the replay runs from the first event's minute to 10 minutes after the last one's
      maxSpanMs: MAX_REPLAY_SPAN_DAYS * 86_400_000 - 12 * 60_000,
    });
    skippedLines = read.skipped;
    if (read.lines.length === 0)
      throw new UsageError(
        `--file ${values.file}: none of its ${read.skipped.lines} lines can be replayed\n${renderSkipped(values.file, read.skipped).trimEnd()}`,
      );
    const events = read.lines.map((l) => ({ logGroup, ...l }));
    const done = await spanChecked(io, () => replayEvents(model, events, progress));
    if (done === undefined) return 2;
    const { result, input, preview } = done;
    results = [{ result }];
    previews = [preview];
    alarmVerdicts = plainVerdicts(result);
    replayed = [
      {
        name: `${path.basename(values.file)} → ${logGroup}`,
        minutes: Math.round((result.endMs - result.startMs) / 60_000),
        ok: true,
        writes: "lines of the file",
        ...input,
        fired: firedIn(result),
      },
    ];
    timelines = [renderTimeline(replayed[0].name, result, replayed[0])];
  } else {
    const known = new Map(scenarios.all.map((s) => [s.name.toLowerCase(), s]));
    let chosen: Scenario[];
    if (values.scenario !== undefined) {
      chosen = values.scenario.map((n) => known.get(n.trim().toLowerCase()) as Scenario);
      const applicable = new Set(scenariosFor(model.outputs, chosen));
      const off = chosen.filter((s) => !applicable.has(s));
      if (off.length > 0)
        throw new UsageError(
          `--scenario ${off.map((s) => JSON.stringify(s.name)).join(", ")} does not apply to stack ${stack} (it needs ${[...new Set(off.flatMap((s) => s.systems))].join(", ")}, or drives no alarm the stack has)`,
        );
    } else chosen = scenariosFor(model.outputs, scenarios.standard);
    const total = chosen.reduce((n, s) => n + s.durationMinutes, 0);
    const runs: ScenarioRun[] | undefined = await spanChecked(io, () =>
      replayScenarios(model, chosen, {
        startMs: values.start === undefined ? startMs - (total + 60) * 60_000 : startMs,
        ...(progress
          ? { onScenario: (done, all, name) => progress.update(done, all, "scenarios", name) }
          : {}),
      }),
    );
    if (runs === undefined) return 2;
    progress?.end(`${chosen.length} scenarios replayed`);
    results = runs.map((r) => ({ scenario: r.scenario.name, result: r.result }));
    previews = runs.map((r) => r.preview);
    alarmVerdicts = verdicts(model, runs);
    replayed = runs.map((r) => ({
      name: r.scenario.name,
      minutes: r.scenario.durationMinutes,
      ok: alarmVerdicts.every((v) => !(v.failedIn ?? []).includes(r.scenario.name)),
      writes: r.scenario.writes ?? "log lines",
      ...r.input,
      fired: firedIn(r.result),
    }));
    timelines = runs.map((r, i) =>
      renderTimeline(`${r.scenario.name}: ${r.scenario.description}`, r.result, replayed[i]),
    );
  }

  const out = values.out ?? (values.json ? undefined : path.join(root, "dist", "replay", stack));
  const written: string[] = [];
  if (out !== undefined && model.dashboards.length > 0) {
    const data: Record<string, [number, number][]> = {};
    for (const p of previews) for (const [k, points] of Object.entries(p)) (data[k] ??= []).push(...points);
    for (const points of Object.values(data)) points.sort((a, b) => a[0] - b[0]);
    const states = previewStates(results.map((r) => r.result));
    const flag = values.out === undefined ? "the default output folder" : "--out";
    makeOutputFolder(flag, out);
    for (const d of model.dashboards) {
      const file = path.join(out, `${d.name}.html`);
      writeOutputFile(flag, file, renderPreview(d.body, data, { title: `${d.name} (replay)`, ...states }));
      written.push(file);
    }
  }
  const detail = `${timelines.join("\n")}\n== verdicts (${stack}) ==\n${renderVerdicts(alarmVerdicts)}`;
  let details: string | undefined;
  if (out !== undefined) {
    fs.mkdirSync(out, { recursive: true });
    details = path.join(out, "replay.txt");
    fs.writeFileSync(details, detail);
  }
  if (values.json)
    io.stdout(
      `${JSON.stringify({ ...(replayJson(results) as object), ...(skippedLines ? { skippedLines } : {}) }, null, 2)}\n`,
    );
  else {
    const scenarios = values.file === undefined;
    io.stdout(
      `Replaying stack ${stack} offline: ${replayed.length === 1 ? "1 replay" : `${replayed.length} scenarios one after another`} on a simulated clock, ${alarmVerdicts.length} alarms evaluated at each minute their state can change.\n\n`,
    );
    if (values.detail) {
      io.stdout(`${detail}\n`);
      if (written.length > 0)
        io.stdout(
          `dashboard previews with the replayed metrics:\n${written.map((f) => `  ${f}\n`).join("")}\n`,
        );
    }
    io.stdout(`${replayed.map(renderReplayed).join("")}\n`);
    if (skippedLines) io.stdout(`${renderSkipped(values.file ?? "", skippedLines)}\n`);
    io.stdout(
      renderSummary({
        stack,
        replayed,
        verdicts: alarmVerdicts,
        expectations: scenarios,
        elapsedMs: Date.now() - began,
        dashboards: written,
        ...(details === undefined ? {} : { details }),
        ...(values.file === undefined
          ? {}
          : {
              again: `--stack ${stack} --file ${JSON.stringify(values.file)} --log-group ${JSON.stringify(values["log-group"])}`,
            }),
        show: (f) => {
          const rel = path.relative(process.cwd(), f);
          return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : f;
        },
      }),
    );
  }
  if (values.json && written.length > 0) io.stderr(`dashboard previews: ${written.join(", ")}\n`);
  return alarmVerdicts.every((v) => v.ok) ? 0 : 1;
}
