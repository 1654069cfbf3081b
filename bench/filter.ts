/**
 * `npm run bench -- filter [--lines N]`: events per second of compiled filter patterns over 1M
 * generated lines (a term, a JSON and a space-delimited pattern) and, in the same run on the same
 * JSON file, `jq -c 'select(...)'` doing the same JSON selection. Prints the ratio; fails loudly if
 * jq and the matcher disagree on the match count. Targets: `{ $.latency > 1900 }` (every line's
 * JSON read) ≥ 4× jq, the compound JSON pattern ≥ 3× jq, and every kind of pattern ≥ 1,000,000
 * events/s on one core (events ÷ the CPU time of the matching thread, so other load on a shared
 * machine does not count against it; wall-clock rates are printed beside).
 *
 * Both sides are timed end to end: read the file, split/parse every line, count the matches (jq
 * also writes its matches to a file, which the matcher does not need to do; its output is small).
 * Each figure is the best of RUNS runs. Then the commands a user runs, start-up included:
 * `obskit test-pattern --file` against jq and DuckDB (targets ≥ 5× jq, faster than DuckDB, the
 * same matching lines). Then regex patterns vs jq's test(), and the pathological
 * regex `%y+z%` on 1 MB and 10 MB lines, whose time must grow linearly.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { compileFilterPattern } from "../components/filterPattern";
import { forEachLineInRange } from "../apps/log-analyzer/src/parallel";
import { mulberry32 as prng } from "../apps/order-worker/src/prng";
import { duckdbScript, ensureJq, median } from "./tools";

const WORK = path.resolve(__dirname, ".work");
/** Each measurement is the best of this many runs, to damp noise from other processes. */
const RUNS = 2;

const LEVELS = ["INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR"];
const PATHS = ["/orders", "/orders/{id}", "/cart", "/checkout", "/health", "/menu", "/login"];
const METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];
const STATUS = [200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 404, 404, 500, 502, 503];

function generateJson(file: string, n: number): void {
  const rnd = prng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out = fs.createWriteStream(file);
  const chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const level = pick(LEVELS);
    const line = JSON.stringify({
      ts: 1700000000000 + i * 7,
      level,
      service: pick(["orders", "cafe", "payments"]),
      requestId: `req-${(i * 2654435761) % 1000000007}`,
      method: pick(METHODS),
      path: pick(PATHS),
      status: level === "ERROR" ? pick([500, 502, 503]) : pick(STATUS),
      latency: Math.round(rnd() * 2000 * 10) / 10,
      user: { id: Math.floor(rnd() * 5000), tier: pick(["free", "pro", "team"]) },
      msg:
        level === "ERROR"
          ? pick(["upstream timeout", "db connection reset", "payment declined"])
          : "request done",
    });
    chunk.push(line);
    if (chunk.length === 10000) {
      out.write(`${chunk.join("\n")}\n`);
      chunk.length = 0;
    }
  }
  if (chunk.length) out.write(`${chunk.join("\n")}\n`);
  out.end();
}

function generateApache(file: string, n: number): void {
  const rnd = prng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const lines: string[] = [];
  const fd = fs.openSync(file, "w");
  for (let i = 0; i < n; i++) {
    const ip = `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    const sec = i % 60;
    const ts = `[17/May/2015:10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(sec).padStart(2, "0")} +0000]`;
    const req = `"${pick(METHODS)} ${pick(PATHS)}/${Math.floor(rnd() * 100)} HTTP/1.1"`;
    const status = pick(STATUS);
    const bytes = status === 304 ? "-" : String(Math.floor(rnd() * 200000));
    const agent = pick([
      '"Mozilla/5.0 (X11; Linux x86_64)"',
      '"curl/8.5.0"',
      '"Googlebot/2.1 (+http://www.google.com/bot.html)"',
    ]);
    lines.push(`${ip} - - ${ts} ${req} ${status} ${bytes} "-" ${agent}`);
    if (lines.length === 10000) {
      fs.writeSync(fd, `${lines.join("\n")}\n`);
      lines.length = 0;
    }
  }
  if (lines.length) fs.writeSync(fd, `${lines.join("\n")}\n`);
  fs.closeSync(fd);
}

async function ensureFile(file: string, n: number, gen: (f: string, n: number) => void): Promise<void> {
  const marker = `${file}.${n}.done`;
  if (fs.existsSync(marker) && fs.existsSync(file)) return;
  process.stdout.write(`generating ${n} lines into ${path.relative(process.cwd(), file)} …\n`);
  gen(file, n);
  // createWriteStream finishes asynchronously.
  await new Promise((r) => setTimeout(r, 50));
  while (fs.readFileSync(file).subarray(-1).toString() !== "\n") await new Promise((r) => setTimeout(r, 50));
  fs.writeFileSync(marker, "");
}

interface Result {
  name: string;
  pattern: string;
  lines: number;
  matches: number;
  seconds: number;
  /** CPU seconds of this thread (undefined for jq). */
  cpuSeconds?: number;
}

function timeMatcher(name: string, pattern: string, file: string): Result {
  const matcher = compileFilterPattern(pattern);
  let best: Result | undefined;
  for (let run = 0; run < RUNS; run++) {
    let lines = 0;
    let matches = 0;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    // every line as a byte range of a 4 MiB buffer, read as `test-pattern --file` reads a file
    forEachLineInRange(
      file,
      0,
      Infinity,
      (b, start, end) => {
        lines++;
        if (matcher.matchBytes(b, start, end).matched) matches++;
      },
      4 << 20,
    );
    const cpu = process.cpuUsage(c0);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (!best || seconds < best.seconds) best = { name, pattern, lines, matches, seconds, cpuSeconds };
  }
  return best as Result;
}

function timeJq(jq: string, filter: string, file: string, lines: number): Result {
  const out = path.join(WORK, "jq-out.jsonl");
  let best: Result | undefined;
  for (let run = 0; run < RUNS; run++) {
    const fd = fs.openSync(out, "w");
    const t0 = process.hrtime.bigint();
    const r = spawnSync(jq, ["-c", filter, file], { stdio: ["ignore", fd, "inherit"] });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    fs.closeSync(fd);
    if (r.status !== 0) throw new Error(`jq exited with ${r.status}`);
    const matches = Number(execFileSync("wc", ["-l", out], { encoding: "utf8" }).trim().split(/\s+/)[0]);
    if (!best || seconds < best.seconds) best = { name: "jq", pattern: filter, lines, matches, seconds };
  }
  return best as Result;
}

function report(r: Result): void {
  const eps = Math.round(r.lines / r.seconds).toLocaleString("en-US");
  const cpuEps = r.cpuSeconds === undefined ? "" : Math.round(r.lines / r.cpuSeconds).toLocaleString("en-US");
  process.stdout.write(
    `${r.name.padEnd(18)} ${eps.padStart(10)} events/s wall ${cpuEps.padStart(10)} events/s cpu  ${r.seconds.toFixed(2).padStart(6)} s  ${String(r.matches).padStart(8)} matches   ${r.pattern}\n`,
  );
}

const MIN_EVENTS_PER_CPU_SECOND = 1_000_000;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { lines: { type: "string" } } });
  const n = Number(values.lines ?? 1_000_000);
  fs.mkdirSync(WORK, { recursive: true });
  const jsonFile = path.join(WORK, `events-${n}.jsonl`);
  const apacheFile = path.join(WORK, `access-${n}.log`);
  await ensureFile(jsonFile, n, generateJson);
  await ensureFile(apacheFile, n, generateApache);
  const jq = ensureJq();
  process.stdout.write(
    `${execFileSync(jq, ["--version"], { encoding: "utf8" }).trim()}, node ${process.version}, ${n} lines per file\n\n`,
  );

  const jsonPattern = '{ $.level = "ERROR" && $.latency > 500 }';
  const jqFilter = 'select(.level == "ERROR" and .latency > 500)';

  const results = [
    timeMatcher("term", "ERROR -timeout", jsonFile),
    timeMatcher("json", jsonPattern, jsonFile),
    timeMatcher(
      "space-delimited",
      "[ip, id, user, timestamp, request, status_code = 5*, bytes > 1000, ...]",
      apacheFile,
    ),
  ];
  const jqResult = timeJq(jq, jqFilter, jsonFile, results[1].lines);
  for (const r of [...results, jqResult]) report(r);

  // A numeric-only selection gives the raw-text pre-check nothing to skip: every line is parsed.
  const parsed = timeMatcher("json (all parsed)", "{ $.latency > 1900 }", jsonFile);
  const jqParsed = timeJq(jq, "select(.latency > 1900)", jsonFile, parsed.lines);
  report(parsed);
  report({ ...jqParsed, name: "jq" });

  process.stdout.write("\n");
  let failed = false;
  for (const [ours, theirs, target] of [
    [results[1], jqResult, 3],
    [parsed, jqParsed, 4],
  ] as const) {
    const ratio = theirs.seconds / ours.seconds;
    process.stdout.write(
      `${ours.pattern}  vs  jq '${theirs.pattern}': ${ratio.toFixed(1)}× faster (wall; target ≥ ${target}×) ${ratio >= target ? "met" : "MISSED"}\n`,
    );
    if (ours.matches !== theirs.matches) {
      process.stdout.write(`MATCH COUNTS DIFFER: filter pattern ${ours.matches}, jq ${theirs.matches}\n`);
      failed = true;
    } else process.stdout.write(`  match counts agree: ${ours.matches}\n`);
  }
  // Regex patterns (`%…%`) over the same 1M lines, against jq's test() doing the same selection.
  const regex = timeMatcher("json regex", "{ $.msg = %timeout|reset% }", jsonFile);
  const jqRegex = timeJq(jq, 'select(.msg | test("timeout|reset"))', jsonFile, regex.lines);
  report(regex);
  report({ ...jqRegex, name: "jq" });
  process.stdout.write(
    `regex vs jq test(): ${(jqRegex.seconds / regex.seconds).toFixed(1)}× faster; match counts ${regex.matches === jqRegex.matches ? "agree" : "DIFFER"}: ${regex.matches}${regex.matches === jqRegex.matches ? "" : ` vs ${jqRegex.matches}`}\n`,
  );
  if (regex.matches !== jqRegex.matches) failed = true;

  process.stdout.write(
    `\nevery kind ≥ ${MIN_EVENTS_PER_CPU_SECOND.toLocaleString("en-US")} events/s on one core (CPU time):\n`,
  );
  for (const r of [...results, parsed, regex]) {
    const eps = r.lines / (r.cpuSeconds ?? r.seconds);
    process.stdout.write(
      `  ${r.name.padEnd(18)} ${Math.round(eps).toLocaleString("en-US").padStart(10)} events/s  ${eps >= MIN_EVENTS_PER_CPU_SECOND ? "met" : "MISSED"}\n`,
    );
  }
  const load = fs.existsSync("/proc/loadavg")
    ? fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(", ")
    : "n/a";
  process.stdout.write(`load average (1, 5, 15 min): ${load}\n`);

  if (!commandLine(jsonFile, jq)) failed = true;

  pathologicalRegex();
  if (failed) throw new Error("filter pattern and jq disagree on the number of matching events");
}

/** Runs of each command in the command-line comparison, interleaved. */
const COMMAND_RUNS = 5;
const ROOT = path.resolve(__dirname, "..");

/** Wall seconds and stdout of one command. */
function timed(command: string, args: string[]): { seconds: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${r.status}:\n${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

/**
 * The commands a user runs, start-up included, on a JSON pattern every line must be parsed for:
 * `obskit test-pattern --file` (its output, the matching indexes and their fields) against
 * `jq -c 'select(…)'` and DuckDB (in process, 2 threads) materialising the same rows. The
 * matching line numbers must be the same for all three. Targets: ≥ 5× jq, faster than DuckDB.
 * Returns false when the matches differ.
 */
function commandLine(file: string, jq: string): boolean {
  const pattern = "{ $.latency > 1900 }";
  const duckScript = path.join(WORK, "filter-duckdb.cjs");
  fs.writeFileSync(
    duckScript,
    duckdbScript(
      "SELECT * FROM (SELECT row_number() OVER () - 1 AS line, * FROM read_json_auto({file})) WHERE latency > 1900 ORDER BY line",
    ),
  );
  const ours = ["cli/launch.js", "test-pattern", pattern, "--file", file];
  timed(process.execPath, ours); // the compiled-JS cache warmed, as for a user's second run
  const runs = { ours: [] as number[], jq: [] as number[], duckdb: [] as number[] };
  let oursLines: number[] = [];
  let jqLines: number[] = [];
  let duckLines: number[] = [];
  for (let run = 0; run < COMMAND_RUNS; run++) {
    const o = timed(process.execPath, ours);
    runs.ours.push(o.seconds);
    oursLines = (JSON.parse(o.stdout) as { matched: number[] }).matched;
    const j = timed(jq, ["-c", "select(.latency > 1900) | input_line_number", file]);
    runs.jq.push(j.seconds);
    jqLines = j.stdout
      .trim()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => Number(l) - 1);
    const d = timed(process.execPath, [duckScript, file]);
    runs.duckdb.push(d.seconds);
    duckLines = (JSON.parse(d.stdout) as { line: string | number }[]).map((r) => Number(r.line));
  }
  const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, k) => x === b[k]);
  const agree = same(oursLines, jqLines) && same(oursLines, duckLines);
  const m = { ours: median(runs.ours), jq: median(runs.jq), duckdb: median(runs.duckdb) };
  // the lower of the ratio of medians and the median of back-to-back ratios
  const ratio = (theirs: number[]): number =>
    Math.min(median(theirs) / m.ours, median(theirs.map((t, k) => t / runs.ours[k])));
  const jqRatio = ratio(runs.jq);
  const duckRatio = ratio(runs.duckdb);
  process.stdout.write(
    [
      "",
      `command line, start-up included, '${pattern}' (median of ${COMMAND_RUNS}, interleaved):`,
      `  obskit test-pattern --file   ${m.ours.toFixed(2).padStart(6)} s   runs ${runs.ours.map((x) => x.toFixed(2)).join(", ")}`,
      `  jq -c 'select(…)'            ${m.jq.toFixed(2).padStart(6)} s   runs ${runs.jq.map((x) => x.toFixed(2)).join(", ")}`,
      `  DuckDB (2 threads, rows)     ${m.duckdb.toFixed(2).padStart(6)} s   runs ${runs.duckdb.map((x) => x.toFixed(2)).join(", ")}`,
      `  target: ≥ 5× jq             ${jqRatio.toFixed(2)}×  ${jqRatio >= 5 ? "met" : "MISSED"}`,
      `  target: faster than DuckDB  ${duckRatio.toFixed(2)}×  ${duckRatio > 1 ? "met" : "MISSED"}`,
      `  matching lines ${agree ? "agree" : "DIFFER"}: ours ${oursLines.length}, jq ${jqLines.length}, DuckDB ${duckLines.length}`,
      "",
    ].join("\n"),
  );
  return agree;
}

/** Seconds for `fn`, best of RUNS. */
function best(fn: () => void): number {
  let min = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

/**
 * `%y+z%` (the reported case) and `%y+[^y]%` (no literal the engine can look for first, so its
 * automaton reads every character) over one long line of `y`: the case that stalls a backtracking
 * engine (every start position re-scans the rest of the line). Ours must grow linearly: 10× the
 * line, ~10× the time. V8's own RegExp, on lines 100× shorter, shows the quadratic growth it has.
 */
function pathologicalRegex(): void {
  for (const source of ["y+z", "y+[^y]"]) {
    process.stdout.write(`\npathological regex %${source}% on one line of 'y' (no match):\n`);
    const matcher = compileFilterPattern(`%${source}%`);
    const ours = [1, 10].map((mb) => {
      const line = "y".repeat(mb * 1_000_000);
      const seconds = best(() => {
        if (matcher(line).matched) throw new Error(`%${source}% matched a line of y`);
      });
      process.stdout.write(
        `  filter pattern            ${String(mb).padStart(3)} MB line  ${(seconds * 1000).toFixed(1).padStart(8)} ms  ${(mb / seconds).toFixed(0).padStart(6)} MB/s\n`,
      );
      return seconds;
    });
    const backtracking = new RegExp(source, "s");
    const v8 = [10_000, 20_000].map((n) => {
      const line = "y".repeat(n);
      const seconds = best(() => backtracking.test(line));
      process.stdout.write(
        `  V8 RegExp (backtracking) ${String(n / 1000).padStart(3)} KB line  ${(seconds * 1000).toFixed(1).padStart(8)} ms\n`,
      );
      return seconds;
    });
    process.stdout.write(
      `  growth: ours ×${(ours[1] / ours[0]).toFixed(1)} for 10× the line (linear: ≤ ×10); V8 RegExp ×${(v8[1] / v8[0]).toFixed(1)} for 2× the line (quadratic: ×4)\n`,
    );
  }
}
