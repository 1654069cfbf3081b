/**
 * `npm run bench -- plan [--runs N]`: the offline loop. Planning dev + prod with one
 * `obskit plan --stack dev --stack prod` (as `npm run obskit` runs it: `node cli/launch.js`, JavaScript
 * compiled once) against a `cdk synth` of equivalent monitoring written with aws-cdk-lib +
 * cdk-monitoring-constructs (`bench/cdk-app.js`: order-worker log group, metric filters, alarms, SNS
 * topic with e-mail subscriptions, two stages; `app.synth()` in a node process). For reference, the
 * same plan run through tsx (how it ran before) and one process per stack.
 *
 * With `--baseline <checkout>` (another commit's working tree with its dependencies installed, e.g.
 * `git worktree add /tmp/before <commit>`), the same plan of that checkout runs beside ours, and the
 * ratio is printed: a change must not make `obskit plan` slower (target ≤ 1.05×, the noise of a
 * shared machine).
 *
 * Every command runs once to warm caches (compiled JavaScript, Lambda bundles, the page cache), then
 * the commands alternate N times (default 7); the medians are compared. Targets: dev + prod at most
 * 0.5× the cdk synth, and under 3 s; a missed target is printed as MISSED.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { ensureCdkPackages, median } from "./tools";

const ROOT = path.resolve(__dirname, "..");
const TARGETS = { cdkRatio: 0.5, maxSeconds: 3, baselineRatio: 1.05 } as const;

interface Contender {
  label: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  /** Where it runs. @default the repository */
  cwd?: string;
  /** Checks the run's output; throws when it is not what the contender is supposed to produce. */
  check: (stdout: string) => void;
}

function timed(c: Contender): number {
  const start = performance.now();
  const r = spawnSync(c.cmd, c.args, {
    cwd: c.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, ...c.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
  c.check(r.stdout);
  return seconds;
}

const planHeaders = (stacks: string[]) => (stdout: string) => {
  const headers = stdout.split("\n").filter((l) => l.startsWith("Plan for "));
  const got = headers.map((h) => /^Plan for obskit\/([^:]+):/.exec(h)?.[1]);
  if (JSON.stringify(got) !== JSON.stringify(stacks))
    throw new Error(`expected plans of ${stacks}, got ${got}`);
};

export async function main(argv: string[]): Promise<void> {
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number ≥ 1");
  const baselineAt = argv.indexOf("--baseline");
  const baseline = baselineAt >= 0 ? path.resolve(argv[baselineAt + 1] ?? "") : undefined;
  if (baseline !== undefined && !fs.existsSync(path.join(baseline, "cli", "launch.js")))
    throw new Error(`--baseline ${baseline}: not an obskit checkout (no cli/launch.js)`);
  const cdkModules = ensureCdkPackages();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-bench-cdk-"));
  const node = process.execPath;
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const both = ["plan", "--stack", "dev", "--stack", "prod"];
  const contenders: Contender[] = [
    {
      label: "obskit plan dev + prod (one process)",
      cmd: node,
      args: ["cli/launch.js", ...both],
      check: planHeaders(["dev", "prod"]),
    },
    {
      label: "cdk synth dev + prod (aws-cdk-lib + cdk-monitoring-constructs)",
      cmd: node,
      args: ["bench/cdk-app.js", out],
      env: { NODE_PATH: cdkModules },
      check: (stdout) => {
        const stacks = JSON.parse(stdout) as { stack: string; resources: number }[];
        if (stacks.length !== 2 || stacks.some((s) => s.resources < 10))
          throw new Error(`cdk synth: ${stdout}`);
      },
    },
    {
      label: "obskit plan dev + prod through tsx (before)",
      cmd: tsx,
      args: ["cli/obskit.ts", ...both],
      check: planHeaders(["dev", "prod"]),
    },
    {
      label: "obskit plan dev, then prod (two processes)",
      cmd: "sh",
      args: ["-c", `"${node}" cli/launch.js plan --stack dev && "${node}" cli/launch.js plan --stack prod`],
      check: planHeaders(["dev", "prod"]),
    },
  ];
  if (baseline !== undefined)
    contenders.push({
      label: `obskit plan dev + prod of ${path.basename(baseline)} (baseline)`,
      cmd: node,
      args: ["cli/launch.js", ...both],
      cwd: baseline,
      check: planHeaders(["dev", "prod"]),
    });
  try {
    process.stdout.write(`warming up (compiled JavaScript, bundles, page cache) …\n`);
    for (const c of contenders) timed(c);
    const samples = contenders.map((): number[] => []);
    for (let i = 0; i < runs; i++) contenders.forEach((c, j) => samples[j].push(timed(c)));
    const medians = samples.map(median);
    const [ours, cdk] = medians;
    process.stdout.write(
      `\nwall time, median of ${runs} alternating runs (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}):\n`,
    );
    contenders.forEach((c, j) =>
      process.stdout.write(
        `  ${c.label.padEnd(66)} ${medians[j].toFixed(2)} s  (${(medians[j] / cdk).toFixed(2)}× cdk synth; runs ${samples[j].map((s) => s.toFixed(2)).join(" ")})\n`,
      ),
    );
    const ratioOk = ours <= TARGETS.cdkRatio * cdk;
    const timeOk = ours < TARGETS.maxSeconds;
    process.stdout.write(
      `\ndev + prod vs cdk synth: ${(ours / cdk).toFixed(2)}× (target ≤ ${TARGETS.cdkRatio}×) ${ratioOk ? "ok" : "MISSED"}\n` +
        `dev + prod wall time: ${ours.toFixed(2)} s (target < ${TARGETS.maxSeconds} s) ${timeOk ? "ok" : "MISSED"}\n`,
    );
    if (baseline !== undefined) {
      const ratio = ours / medians[medians.length - 1];
      process.stdout.write(
        `dev + prod vs the baseline checkout: ${ratio.toFixed(2)}× (target ≤ ${TARGETS.baselineRatio}×) ${ratio <= TARGETS.baselineRatio ? "ok" : "MISSED"}\n`,
      );
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
