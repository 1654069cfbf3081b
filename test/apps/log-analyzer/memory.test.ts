/**
 * Peak memory of the real server under the worst input the issue found: a 20 MB object whose
 * 400,000 errors each name a different service, analysed by four requests at once. The server is
 * the container's esbuild bundle run by node in a process of its own (its RSS is its own), on
 * 127.0.0.1, reading the object from s3rver. Its peak RSS (the kernel's VmHWM) must stay under 60%
 * of the 512 MiB the ECS task is given.
 */
import { expect } from "chai";
import { build } from "esbuild";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HTTP_DEFAULTS } from "../../../apps/log-analyzer/src/http";
import { startS3, testAwsEnv, type TestS3 } from "./helpers";

const ROOT = resolve(__dirname, "../../..");
/** The task's memory (apps/log-analyzer/deploy.ts) and the share of it the peak may use. */
const TASK_MIB = 512;
const MAX_PEAK_MIB = TASK_MIB * 0.6;
const SERVICES = 400_000;

/** 400,000 ERROR lines, each with its own service, ≈ 20 MB. */
function worstCaseObject(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    lines.push(`{"level":"ERROR","service":"svc-${String(i).padStart(7, "0")}","n":${i % 1000}}`);
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

/** Peak resident set size of a process, from /proc (Linux, as in the container). */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = status.match(/^VmHWM:\s+(\d+) kB$/m);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

describe("log analyzer server memory (400,000 distinct services, 4 concurrent requests)", function () {
  this.timeout(180_000);
  let s3: TestS3;
  let dir: string;
  let server: ChildProcess | undefined;
  let base: string;
  let objectBytes: number;

  before(async () => {
    // Arrange: the object in s3rver, the server bundled as the Dockerfile bundles it
    s3 = await startS3(["logs"]);
    const body = worstCaseObject();
    objectBytes = body.length;
    await s3.put("logs", "many/services.jsonl", body);
    dir = await mkdtemp(join(tmpdir(), "log-analyzer-memory-"));
    await build({
      entryPoints: [join(ROOT, "apps/log-analyzer/src/http.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      sourcemap: true,
      legalComments: "none",
      outfile: join(dir, "server.js"),
      logLevel: "silent",
    });
    const child = spawn(process.execPath, ["--enable-source-maps", join(dir, "server.js")], {
      env: {
        PATH: process.env.PATH,
        ...testAwsEnv(s3.endpoint),
        ALLOWED_BUCKETS: "logs",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = child;
    base = await new Promise<string>((resolveBase, reject) => {
      let output = "";
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
        if (match) resolveBase(match[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.on("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
    });
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`keeps the server's peak RSS under 60% of the task's ${TASK_MIB} MiB and answers with the top groups`, async () => {
    expect(objectBytes).to.be.within(19_000_000, 22_000_000);
    expect(HTTP_DEFAULTS.MAX_CONCURRENT_ANALYSES).to.be.at.least(4);
    const idleMiB = await peakRssMiB(server?.pid as number);

    // Act: four analyses at once
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await fetch(`${base}/analyze?bucket=logs&prefix=many/`);
        const text = await response.text();
        return { status: response.status, text };
      }),
    );
    const peakMiB = await peakRssMiB(server?.pid as number);

    // Assert
    process.stdout.write(
      `      peak RSS ${peakMiB.toFixed(1)} MiB (idle ${idleMiB.toFixed(1)} MiB; limit ${MAX_PEAK_MIB.toFixed(1)} MiB)\n`,
    );
    for (const { status, text } of answers) {
      expect(status, text.slice(0, 300)).to.equal(200);
      const summary = JSON.parse(text) as {
        errorsTotal: number;
        errorsByService: { service: string; count: number }[];
        groups: { limit: number; otherErrors: number; countsExact: boolean; maxOvercount: number };
      };
      expect(summary.errorsTotal).to.equal(SERVICES);
      expect(summary.errorsByService).to.have.length(1000);
      expect(summary.groups.countsExact).to.equal(false);
      expect(summary.groups.maxOvercount).to.be.at.most(SERVICES / 10_000);
      const listed = summary.errorsByService.reduce((sum, g) => sum + g.count, 0);
      expect(summary.groups.otherErrors).to.equal(SERVICES - listed);
      expect(text.length, "the answer stays small").to.be.below(100_000);
    }
    expect(peakMiB).to.be.below(MAX_PEAK_MIB);
  });
});
