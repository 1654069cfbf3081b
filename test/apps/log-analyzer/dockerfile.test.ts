import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");
const DOCKERFILE = join(ROOT, "apps/log-analyzer/Dockerfile");

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
async function instructions(): Promise<string[]> {
  const text = await readFile(DOCKERFILE, "utf8");
  return text
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

describe("log analyzer Dockerfile", () => {
  it("runs the HTTP server from node:22-slim as a non-root user on 8080 with a /healthz HEALTHCHECK", async () => {
    const lines = await instructions();
    const stages = lines.filter((l) => l.startsWith("FROM "));
    const finalStage = lines.slice(lines.lastIndexOf(stages[stages.length - 1]));
    expect(
      stages.every((l) => /^FROM node:22-slim\b/.test(l)),
      stages.join(" | "),
    ).to.equal(true);
    expect(finalStage).to.include("USER node");
    expect(finalStage).to.include("EXPOSE 8080");
    expect(finalStage.some((l) => l.startsWith("HEALTHCHECK") && l.includes("/healthz"))).to.equal(true);
    expect(finalStage.some((l) => l.startsWith("CMD") && l.includes("server.js"))).to.equal(true);
    expect(finalStage.some((l) => /PORT=8080/.test(l))).to.equal(true);
  });

  it("builds, with its own esbuild command, a bundle that starts and answers /healthz", async () => {
    // Arrange: the RUN line of the build stage, output redirected to a temp dir
    const run = (await instructions()).find((l) => l.startsWith("RUN node_modules/.bin/esbuild"));
    expect(run, "esbuild RUN line").to.be.a("string");
    const args = (run as string).replace(/^RUN node_modules\/\.bin\/esbuild /, "").split(/\s+/);
    const dir = await mkdtemp(join(tmpdir(), "log-analyzer-bundle-"));
    try {
      const built = spawnSync(
        join(ROOT, "node_modules/.bin/esbuild"),
        args.map((a) => (a.startsWith("--outfile=") ? `--outfile=${join(dir, "server.js")}` : a)),
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(built.status, built.stderr).to.equal(0);
      // Act: start the bundle, as the container's CMD does
      const server = spawn(process.execPath, [join(dir, "server.js")], {
        env: {
          ...process.env,
          ALLOWED_BUCKETS: "logs",
          AWS_REGION: "eu-west-1",
          PORT: "0",
          HOST: "127.0.0.1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const base = await new Promise<string>((resolveBase, reject) => {
        let out = "";
        server.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolveBase(match[1]);
        });
        server.on("exit", (code) => reject(new Error(`bundle exited with ${code}: ${out}`)));
      });
      const health = await fetch(`${base}/healthz`);
      const exited = new Promise<number | null>((r) => server.on("exit", (code) => r(code)));
      server.kill("SIGTERM");
      // Assert
      expect(health.status).to.equal(200);
      expect(await exited).to.equal(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
