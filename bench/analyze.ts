/**
 * `npm run bench -- analyze [--quick]`: the log analyzer against the usual tools on one generated
 * JSON Lines file (`bench/jsonLines.ts`: 2,000,000 lines, ~184 MB, services, levels, nested
 * objects, varying lengths, non-ASCII; seeded so every run reads the same bytes):
 *
 * - ours: the `obskit analyze` command as a user runs it (`node cli/launch.js analyze --file …`, the
 *   compiled-JS cache warmed once), process start included, a plain file shared by worker threads
 *   (median of RUNS runs); and once more with `--threads 1` for the one-core throughput;
 * - DuckDB through `@duckdb/node-api` in a Node process, 2 threads, start-up included, both
 *   `read_json_auto` and `read_json` with declared columns, each run right after one of ours
 *   (median of RUNS runs; the target is at least DuckDB's speed, against the faster of the two);
 * - `jq -r 'select(.level=="ERROR") | .service' | sort | uniq -c`;
 * - a plain Python `json.loads` loop;
 * - a plain Node `readline` + `JSON.parse` loop (what the analyzer would be without its scanner);
 * - `wc -l`, the floor (reading the bytes and nothing else).
 *
 * Every contender's counts must be identical (the run fails otherwise). Wall time, CPU time and
 * peak RSS come from `/usr/bin/time -v` when it exists (else wall time from here and the peak RSS
 * our child reports itself). Targets: at least as fast as DuckDB, ≥ 6× faster than jq (wall, whole command), ≥ 3× faster than
 * Python, ≥ 300 MB/s on one core, peak RSS of ours < 150 MiB; a missed target is printed as MISSED.
 * Then ours on ¼, ½ and the whole line count (1×, 2×, 4×), to show the cost grows linearly.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { jsonLinesFile, type DataFile } from "./jsonLines";
import { duckdbScript, ensureJq, median } from "./tools";

const ROOT = resolve(__dirname, "..");
const WORK = join(ROOT, "bench", ".work");
const TIME = "/usr/bin/time";

const FULL = { lines: 2_000_000, minBytes: 175_000_000 };
const QUICK = { lines: 200_000, minBytes: 0 };
const SEED = 0x5eed_2026;
/** Runs of ours and of DuckDB, interleaved, so load from others falls on both alike. */
const RUNS = 5;
const TARGETS = { jqRatio: 6, pythonRatio: 3, duckdbRatio: 1, maxRssMiB: 150, oneCoreMBps: 300 } as const;

/**
 * DuckDB counting the same ERRORs per service, as its users would write it: `read_json_auto` (types
 * inferred) and `read_json` with the two columns declared; the faster of the two is the baseline.
 */
const DUCKDB_QUERIES = {
  auto: "SELECT service, count(*)::INTEGER AS n FROM read_json_auto({file}) WHERE level = 'ERROR' GROUP BY service",
  columns:
    "SELECT service, count(*)::INTEGER AS n FROM read_json({file}, format = 'newline_delimited', columns = {level: 'VARCHAR', service: 'VARCHAR'}) WHERE level = 'ERROR' GROUP BY service",
} as const;

// ---------------------------------------------------------------------------------------------
// data

/** The seeded file of `bench/jsonLines.ts`, in the work folder. */
async function dataFile(lines: number, minBytes: number): Promise<DataFile> {
  return jsonLinesFile(join(WORK, `lines-${lines}.jsonl`), lines, SEED, minBytes);
}

// ---------------------------------------------------------------------------------------------
// contenders

interface Measured {
  readonly wallS: number;
  /** user + system CPU seconds (from /usr/bin/time), if known */
  readonly cpuS?: number;
  /** peak RSS in KiB, if known */
  readonly maxRssKiB?: number;
  readonly stdout: string;
}

/** Runs a command (under `/usr/bin/time -v` when available) and measures it. */
async function measure(name: string, command: string, args: string[]): Promise<Measured> {
  const timeFile = join(WORK, `analyze-time-${name}.txt`);
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ["-v", "-o", timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (done, fail) => {
      const child = spawn(cmd, argv, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.on("error", fail);
      child.on("close", (exitCode) => done({ code: exitCode, stdout: out, stderr: err }));
    },
  );
  const wallS = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${stderr}`);
  if (!useTime) {
    const selfReported = /"maxRssKiB":(\d+)/.exec(stderr);
    return { wallS, stdout, maxRssKiB: selfReported ? Number(selfReported[1]) : undefined };
  }
  const report = await readFile(timeFile, "utf8");
  const field = (label: string): number => {
    const match = new RegExp(`${label}: ([\\d.]+)`).exec(report);
    if (!match) throw new Error(`no "${label}" in ${timeFile}`);
    return Number(match[1]);
  };
  return {
    wallS,
    cpuS: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
    maxRssKiB: field("Maximum resident set size \\(kbytes\\)"),
    stdout,
  };
}

type Counts = Map<string, number>;

function countsOf(entries: Iterable<[string, number]>): Counts {
  return new Map([...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

const PYTHON = `import collections, json, sys
counts = collections.Counter()
with open(sys.argv[1], "rb") as f:
    for line in f:
        record = json.loads(line)
        if record.get("level") == "ERROR":
            counts[record.get("service")] += 1
json.dump(counts, sys.stdout)
`;

const NODE_NAIVE = `const { createReadStream } = require("node:fs");
const { createInterface } = require("node:readline");
(async () => {
  const counts = {};
  for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
    const record = JSON.parse(line);
    if (record.level === "ERROR") counts[record.service] = (counts[record.service] || 0) + 1;
  }
  process.stdout.write(JSON.stringify(counts));
})();
`;

/** Our CLI command as a user runs it (the threshold set out of reach: a breach exits 1). */
const OURS = ["cli/launch.js", "analyze", "--threshold", "1000000000", "--file"];

// ---------------------------------------------------------------------------------------------

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function describeDifference(name: string, expected: Counts, actual: Counts): string | undefined {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  const diffs = [...keys]
    .filter((k) => expected.get(k) !== actual.get(k))
    .map((k) => `  ${JSON.stringify(k)}: ours ${expected.get(k) ?? 0}, ${name} ${actual.get(k) ?? 0}`);
  return diffs.length === 0 ? undefined : `${name} disagrees with ours:\n${diffs.join("\n")}`;
}

export async function main(argv: string[]): Promise<void> {
  const quick = argv.includes("--quick");
  const size = quick ? QUICK : FULL;
  await mkdir(WORK, { recursive: true });
  const data = await dataFile(size.lines, size.minBytes);

  // Arrange: the compiled-JS cache warmed by one untimed run (a user's second run), the baselines' scripts
  await measure("ours-warm-up", process.execPath, [...OURS, data.path]);
  const pythonScript = join(WORK, "analyze_baseline.py");
  const naiveScript = join(WORK, "analyze-naive.cjs");
  await writeFile(pythonScript, PYTHON);
  await writeFile(naiveScript, NODE_NAIVE);

  // Act: wc first (it also warms the page cache for everyone), then ours, then the baselines
  process.stdout.write("running: wc -l …\n");
  const wc = await measure("wc", "bash", ["-c", `wc -l < '${data.path}'`]);
  const duckScripts = Object.entries(DUCKDB_QUERIES).map(([name, sql]) => {
    const script = join(WORK, `analyze-duckdb-${name}.cjs`);
    return { name, script, sql };
  });
  for (const d of duckScripts) await writeFile(d.script, duckdbScript(d.sql, 2));
  const ourRuns: Measured[] = [];
  const duckRuns = new Map<string, Measured[]>(duckScripts.map((d) => [d.name, []]));
  for (let run = 1; run <= RUNS; run++) {
    process.stdout.write(`running: ours, DuckDB (${run}/${RUNS}) …\n`);
    ourRuns.push(await measure(`ours-${run}`, process.execPath, [...OURS, data.path]));
    for (const d of duckScripts)
      (duckRuns.get(d.name) as Measured[]).push(
        await measure(`duckdb-${d.name}-${run}`, process.execPath, [d.script, data.path]),
      );
  }
  process.stdout.write("running: ours with --threads 1 …\n");
  const oneCore = await measure("ours-1-thread", process.execPath, [...OURS, data.path, "--threads", "1"]);
  process.stdout.write("running: node readline + JSON.parse …\n");
  const naive = await measure("node-naive", process.execPath, [naiveScript, data.path]);
  process.stdout.write("running: python3 json.loads loop …\n");
  const python = await measure("python", "python3", [pythonScript, data.path]);
  process.stdout.write("running: jq | sort | uniq -c …\n");
  const jqPath = ensureJq();
  const jq = await measure("jq", "bash", [
    "-o",
    "pipefail",
    "-c",
    `'${jqPath}' -r 'select(.level=="ERROR") | .service' '${data.path}' | LC_ALL=C sort | uniq -c`,
  ]);

  // Assert: identical counts everywhere
  const summaries = ourRuns.map(
    (r) =>
      JSON.parse(r.stdout) as {
        linesRead: number;
        errorsTotal: number;
        malformedLines: { count: number };
        errorsByService: { service: string; count: number }[];
      },
  );
  const ours = countsOf(summaries[0].errorsByService.map((g) => [g.service, g.count]));
  const jqCounts = countsOf(
    jq.stdout
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const match = /^\s*(\d+) (.*)$/.exec(l);
        if (!match) throw new Error(`unexpected jq output line: ${l}`);
        return [match[2], Number(match[1])] as [string, number];
      }),
  );
  const pythonCounts = countsOf(Object.entries(JSON.parse(python.stdout) as Record<string, number>));
  const naiveCounts = countsOf(Object.entries(JSON.parse(naive.stdout) as Record<string, number>));
  const duckCounts = [...duckRuns].flatMap(([name, runs]) =>
    runs.map((r, k) => ({
      name: `duckdb ${name} (run ${k + 1})`,
      counts: countsOf(
        (JSON.parse(r.stdout) as { service: string | null; n: number }[]).map((row) => [
          row.service ?? "(missing)",
          row.n,
        ]),
      ),
    })),
  );
  const wcLines = Number(wc.stdout.trim());
  const problems = [
    ...summaries
      .slice(1)
      .map((s, k) =>
        describeDifference(
          `ours (run ${k + 2})`,
          ours,
          countsOf(s.errorsByService.map((g) => [g.service, g.count])),
        ),
      ),
    describeDifference("jq", ours, jqCounts),
    describeDifference("python", ours, pythonCounts),
    describeDifference("node readline", ours, naiveCounts),
    ...duckCounts.map((d) => describeDifference(d.name, ours, d.counts)),
    summaries[0].linesRead === wcLines
      ? undefined
      : `lines: ours ${summaries[0].linesRead}, wc -l ${wcLines}`,
    summaries[0].malformedLines.count === 0
      ? undefined
      : `ours found ${summaries[0].malformedLines.count} malformed lines`,
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) {
    throw new Error(`COUNTS DIFFER — the benchmark is void:\n${problems.join("\n")}`);
  }
  const errorsTotal = summaries[0].errorsTotal;
  process.stdout.write(
    `\ncounts: identical for all contenders — ${wcLines.toLocaleString("en")} lines, ${errorsTotal.toLocaleString("en")} ERRORs in ${ours.size} services\n`,
  );

  // Report
  const oursWall = median(ourRuns.map((r) => r.wallS));
  const oursCpu = ourRuns.every((r) => r.cpuS !== undefined)
    ? median(ourRuns.map((r) => r.cpuS as number))
    : undefined;
  const oursRss = Math.max(...ourRuns.map((r) => r.maxRssKiB ?? 0));
  const duckMedians = [...duckRuns].map(([name, runs]) => ({
    name,
    wall: median(runs.map((r) => r.wallS)),
    cpu: runs.every((r) => r.cpuS !== undefined) ? median(runs.map((r) => r.cpuS as number)) : undefined,
    rss: Math.max(...runs.map((r) => r.maxRssKiB ?? 0)),
    runs,
  }));
  const duckBest = duckMedians.reduce((a, b) => (b.wall < a.wall ? b : a));
  // the lower of: the ratio of the medians, and the ratio run by run (each pair ran back to back)
  const pairRatios = ourRuns.map((r, k) => duckBest.runs[k].wallS / r.wallS);
  const duckRatio = Math.min(duckBest.wall / oursWall, median(pairRatios));
  const rows: [string, number, number | undefined, number | undefined][] = [
    [`ours (median of ${RUNS})`, oursWall, oursCpu, oursRss],
    ...duckMedians.map(
      (d) =>
        [`DuckDB ${d.name} (median of ${RUNS})`, d.wall, d.cpu, d.rss] as [
          string,
          number,
          number | undefined,
          number,
        ],
    ),
    ["ours --threads 1", oneCore.wallS, oneCore.cpuS, oneCore.maxRssKiB],
    ["jq | sort | uniq -c", jq.wallS, jq.cpuS, jq.maxRssKiB],
    ["python3 json.loads loop", python.wallS, python.cpuS, python.maxRssKiB],
    ["node readline + JSON.parse", naive.wallS, naive.cpuS, naive.maxRssKiB],
    ["wc -l (floor)", wc.wallS, wc.cpuS, wc.maxRssKiB],
  ];
  const mbps = (s: number): string => (data.bytes / 1e6 / s).toFixed(0);
  process.stdout.write(
    `\nfile: ${data.path}\n      ${data.lines.toLocaleString("en")} lines, ${(data.bytes / 1e6).toFixed(1)} MB${quick ? "  (QUICK run: not the benchmark size)" : ""}\n\n`,
  );
  process.stdout.write(
    `${"contender".padEnd(28)} ${"wall s".padStart(8)} ${"cpu s".padStart(8)} ${"MB/s".padStart(6)} ${"peak RSS MiB".padStart(13)} ${"wall ÷ ours".padStart(11)} ${"cpu ÷ ours".padStart(11)}\n`,
  );
  for (const [name, wall, cpu, rss] of rows) {
    process.stdout.write(
      `${name.padEnd(28)} ${wall.toFixed(2).padStart(8)} ${(cpu === undefined ? "n/a" : cpu.toFixed(2)).padStart(8)} ${mbps(wall).padStart(6)} ${(rss === undefined ? "n/a" : mib(rss * 1024)).padStart(13)} ${(wall / oursWall).toFixed(2).padStart(11)} ${(cpu === undefined || oursCpu === undefined ? "n/a" : (cpu / oursCpu).toFixed(2)).padStart(11)}\n`,
    );
  }
  process.stdout.write(`ours, every run (wall s): ${ourRuns.map((r) => r.wallS.toFixed(2)).join(", ")}\n`);
  for (const d of duckMedians)
    process.stdout.write(
      `DuckDB ${d.name}, every run (wall s): ${d.runs.map((r) => r.wallS.toFixed(2)).join(", ")}\n`,
    );
  process.stdout.write("\n");

  const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");
  const jqRatio = jq.wallS / oursWall;
  const pyRatio = python.wallS / oursWall;
  const rssMiB = Math.max(oursRss, oneCore.maxRssKiB ?? 0) / 1024;
  // on one core: the bytes per CPU-second of the one-thread run (start included), so other load on a
  // shared machine does not count against it; the wall-clock rate is printed beside
  const oneCoreMBps = data.bytes / 1e6 / (oneCore.cpuS ?? oneCore.wallS);
  const oneCoreWallMBps = data.bytes / 1e6 / oneCore.wallS;
  process.stdout.write(
    [
      `target: at least as fast as DuckDB (${duckBest.name}, 2 threads, start-up included; wall)  ${duckRatio.toFixed(2)}×  ${verdict(duckRatio >= TARGETS.duckdbRatio)}  (median ratio of back-to-back pairs ${median(pairRatios).toFixed(2)}×, ratio of medians ${(duckBest.wall / oursWall).toFixed(2)}×)`,
      `target: ≥ ${TARGETS.jqRatio}× faster than jq (wall)      ${jqRatio.toFixed(2)}×  ${verdict(jqRatio >= TARGETS.jqRatio)}`,
      `target: ≥ ${TARGETS.pythonRatio}× faster than python (wall)  ${pyRatio.toFixed(2)}×  ${verdict(pyRatio >= TARGETS.pythonRatio)}`,
      `target: ≥ ${TARGETS.oneCoreMBps} MB/s on one core (--threads 1, per CPU-second, start included)  ${oneCoreMBps.toFixed(0)} MB/s (wall: ${oneCoreWallMBps.toFixed(0)} MB/s)  ${verdict(oneCoreMBps >= TARGETS.oneCoreMBps)}`,
      `target: peak RSS < ${TARGETS.maxRssMiB} MiB               ${oursRss > 0 ? `${rssMiB.toFixed(1)} MiB` : "not measured"}  ${verdict(oursRss > 0 && rssMiB < TARGETS.maxRssMiB)}`,
      `floor: ours takes ${(oursWall / wc.wallS).toFixed(1)}× the time of wc -l`,
      "",
    ].join("\n"),
  );
  const load = await readFile("/proc/loadavg", "utf8").catch(() => "n/a");
  process.stdout.write(`load average (1, 5, 15 min) at the end: ${load.split(" ").slice(0, 3).join(", ")}\n`);

  // Linear cost: ¼, ½ and all of the lines (the same seed: each file starts like the next)
  process.stdout.write("\nscaling (ours, default threads, one run each):\n");
  const scaled: [number, DataFile, number][] = [];
  for (const [factor, lines] of [
    [1, Math.floor(size.lines / 4)],
    [2, Math.floor(size.lines / 2)],
    [4, size.lines],
  ] as const) {
    const file = lines === size.lines ? data : await dataFile(lines, 0);
    const run =
      factor === 4
        ? oursWall
        : (await measure(`ours-${factor}x`, process.execPath, [...OURS, file.path])).wallS;
    scaled.push([factor, file, run]);
  }
  for (const [factor, file, wall] of scaled) {
    process.stdout.write(
      `  ${factor}×  ${(file.bytes / 1e6).toFixed(0).padStart(5)} MB  ${wall.toFixed(2).padStart(6)} s  ${(wall / scaled[0][2]).toFixed(2).padStart(5)}× the 1× time  ${(file.bytes / 1e6 / wall).toFixed(0).padStart(5)} MB/s\n`,
    );
  }
}
