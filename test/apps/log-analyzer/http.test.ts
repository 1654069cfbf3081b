import { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import type { FastifyInstance } from "fastify";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { PassThrough } from "node:stream";
import {
  buildApp,
  HTTP_DEFAULTS,
  loadHttpConfig,
  loggerOptions,
  statusFor,
  type ErrorBody,
} from "../../../apps/log-analyzer/src/http";
import { BucketNotFoundError, UpstreamError } from "../../../apps/log-analyzer/src/errors";
import { startS3, testAwsEnv, TEST_REGION, type TestS3 } from "./helpers";

const ROOT = resolve(__dirname, "../../..");
const LINES = [
  '{"level":"ERROR","service":"api"}',
  '{"level":"INFO","service":"api"}',
  '{"level":"ERROR","service":"db"}',
  "oops",
].join("\n");

/** A listening app and its base URL. */
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Log lines written by an app, parsed. */
function logCapture(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return {
    stream,
    lines: () =>
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("log analyzer HTTP API", () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startS3(["logs", "quiet"]);
    await s3.put("logs", "app/2025-09-15.jsonl", LINES);
  });
  after(async () => {
    await s3.close();
  });

  describe("over real HTTP", () => {
    let app: FastifyInstance;
    let base: string;
    const logs = logCapture();
    before(async () => {
      app = buildApp({
        allowedBuckets: ["logs", "quiet", "missing-bucket"],
        s3: s3.client,
        logger: loggerOptions("info", logs.stream),
      });
      base = await listen(app);
    });
    after(async () => {
      await app.close();
    });

    const get = async (path: string): Promise<{ status: number; body: unknown }> => {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: await response.json() };
    };
    const errorOf = (body: unknown) => (body as ErrorBody).error;

    it("GET /healthz answers 200", async () => {
      expect(await get("/healthz")).to.deep.equal({ status: 200, body: { status: "ok" } });
    });

    it("GET /analyze returns the summary of the latest object", async () => {
      const { status, body } = await get("/analyze?bucket=logs&prefix=app/&threshold=5");
      expect(status).to.equal(200);
      expect(body).to.deep.include({ linesRead: 4, errorsTotal: 2, threshold: 5, thresholdBreached: false });
      expect(body).to.have.nested.property("source.key", "app/2025-09-15.jsonl");
      expect(body).to.have.nested.property("malformedLines.count", 1);
    });

    it("takes the match settings from the query", async () => {
      const { body } = await get("/analyze?bucket=logs&prefix=app/&levelValue=INFO&groupBy=level");
      expect(body).to.deep.include({ errorsTotal: 1, errorsByService: [{ service: "INFO", count: 1 }] });
    });

    it("answers 400 listing every invalid parameter", async () => {
      const { status, body } = await get("/analyze?threshold=zero");
      expect(status).to.equal(400);
      expect(errorOf(body).code).to.equal("InvalidRequestError");
      const problems = errorOf(body).problems ?? [];
      expect(problems.some((p) => p.startsWith("bucket:"))).to.equal(true);
      expect(problems.some((p) => p.startsWith("prefix:"))).to.equal(true);
      expect(problems.some((p) => p.startsWith("threshold:") && p.includes('"zero"'))).to.equal(true);
    });

    it("answers 400 for an unknown parameter (a typo must not be ignored) and a bad bucket name", async () => {
      const typo = await get("/analyze?bucket=logs&prefix=app/&treshold=3");
      const badName = await get("/analyze?bucket=Not_A_Bucket&prefix=app/");
      const zero = await get("/analyze?bucket=logs&prefix=app/&threshold=0");
      expect(typo.status).to.equal(400);
      expect(errorOf(typo.body).message).to.contain("treshold");
      expect(badName.status).to.equal(400);
      expect(zero.status).to.equal(400);
    });

    it("answers 403 for a bucket outside ALLOWED_BUCKETS without calling S3", async () => {
      // the bucket exists in S3: only the allow-list can refuse it
      await s3.put("logs", "x", "{}");
      const app2 = buildApp({ allowedBuckets: ["quiet"], s3: s3.client, logger: false });
      const response = await app2.inject({ method: "GET", url: "/analyze?bucket=logs&prefix=app/" });
      await app2.close();
      expect(response.statusCode).to.equal(403);
      expect((response.json() as ErrorBody).error.code).to.equal("BucketNotAllowedError");
      const { status, body } = await get("/analyze?bucket=someone-elses&prefix=app/");
      expect(status).to.equal(403);
      expect(errorOf(body).code).to.equal("BucketNotAllowedError");
    });

    it("answers 404 for an allowed bucket that does not exist, and for an empty prefix", async () => {
      const noBucket = await get("/analyze?bucket=missing-bucket&prefix=app/");
      const noObject = await get("/analyze?bucket=quiet&prefix=nothing/");
      expect(noBucket.status).to.equal(404);
      expect(errorOf(noBucket.body).code).to.equal("BucketNotFoundError");
      expect(noObject.status).to.equal(404);
      expect(errorOf(noObject.body).code).to.equal("NoObjectUnderPrefixError");
    });

    it("answers 404 with a JSON body for an unknown route", async () => {
      const { status, body } = await get("/nope");
      expect(status).to.equal(404);
      expect(errorOf(body).code).to.equal("RouteNotFound");
    });

    it("logs one JSON line per request with method, URL, status and duration (health checks below info)", async () => {
      // Arrange
      await get("/healthz");
      await get("/analyze?bucket=logs&prefix=app/");
      // Act
      const completed = logs.lines().filter((l) => l.msg === "request completed");
      // Assert
      const analyze = completed.find(
        (l) => (l.http as { url: string }).url === "/analyze?bucket=logs&prefix=app/",
      );
      expect(analyze).to.deep.include({ level: "info", service: "log-analyzer" });
      expect(analyze).to.have.nested.property("http.statusCode", 200);
      expect(analyze).to.have.nested.property("http.method", "GET");
      expect(analyze).to.have.nested.property("http.remoteAddress", "127.0.0.1");
      expect(analyze).to.have.nested.property("http.userAgent").that.is.a("string");
      expect(analyze?.responseTime).to.be.a("number");
      expect(analyze?.reqId).to.be.a("string");
      expect(analyze?.time).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(completed.some((l) => (l.http as { url: string }).url === "/healthz")).to.equal(false);
      expect(logs.lines().some((l) => l.msg === "analysis done" && l.errorsTotal === 2)).to.equal(true);
    });
  });

  describe("S3 failures", () => {
    it("answers 403 when S3 denies access", async () => {
      const denied = new S3Client({
        endpoint: s3.endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: "NOT-ME", secretAccessKey: "NOPE" },
      });
      const app = buildApp({ allowedBuckets: ["logs"], s3: denied, logger: false });
      const base = await listen(app);
      const response = await fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      await app.close();
      denied.destroy();
      expect(response.status).to.equal(403);
      expect(((await response.json()) as ErrorBody).error.code).to.equal("AccessDeniedError");
    });

    it("answers 502 when S3 cannot be reached, without leaking a stack", async () => {
      const unreachable = new S3Client({
        endpoint: "http://127.0.0.1:1",
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
        maxAttempts: 1,
      });
      const app = buildApp({ allowedBuckets: ["logs"], s3: unreachable, logger: false });
      const base = await listen(app);
      const response = await fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      await app.close();
      unreachable.destroy();
      const body = (await response.json()) as ErrorBody;
      expect(response.status).to.equal(502);
      expect(body.error.code).to.equal("UpstreamError");
      expect(JSON.stringify(body)).not.to.contain("    at ");
    });
  });

  describe("statusFor", () => {
    it("maps analyzer errors by name and hides unknown errors behind 500", () => {
      expect(statusFor(new BucketNotFoundError("x"))).to.equal(404);
      expect(statusFor(new UpstreamError("x"))).to.equal(502);
      expect(statusFor(Object.assign(new Error("x"), { name: "UpstreamTimeoutError" }))).to.equal(504);
      expect(statusFor(Object.assign(new Error("x"), { name: "InputDecodeError" }))).to.equal(422);
      expect(statusFor(new TypeError("bug"))).to.equal(500);
    });
  });

  describe("loadHttpConfig", () => {
    it("reads the environment with its defaults", () => {
      const config = loadHttpConfig({ ALLOWED_BUCKETS: " logs , archive-2025 ,", AWS_REGION: "eu-west-1" });
      expect(config).to.deep.equal({
        allowedBuckets: ["logs", "archive-2025"],
        port: HTTP_DEFAULTS.PORT,
        host: HTTP_DEFAULTS.HOST,
        region: "eu-west-1",
        s3Endpoint: undefined,
        logLevel: "info",
        shutdownGraceMs: HTTP_DEFAULTS.SHUTDOWN_GRACE_MS,
      });
    });

    it("rejects an invalid environment with one ConfigError naming every problem", () => {
      let error: Error | undefined;
      try {
        loadHttpConfig({ ALLOWED_BUCKETS: "Bad_Bucket", PORT: "http", S3_ENDPOINT: "ftp://x" });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).to.equal("ConfigError");
      for (const name of ["ALLOWED_BUCKETS", "PORT", "AWS_REGION", "S3_ENDPOINT"])
        expect(error?.message).to.contain(name);
    });

    it("requires at least one allowed bucket (no open S3 proxy)", () => {
      expect(() => loadHttpConfig({ ALLOWED_BUCKETS: " , ", AWS_REGION: "eu-west-1" })).to.throw(
        /ALLOWED_BUCKETS/,
      );
    });
  });

  describe("requests held at GetObject", () => {
    let gate: Gate;
    let child: ChildProcess | undefined;
    beforeEach(async () => {
      gate = await startGate(s3.endpoint);
    });
    afterEach(async () => {
      gate.release();
      if (child && child.exitCode === null) child.kill("SIGKILL");
      await gate.close();
    });

    it("stops reading S3 when the client goes away", async () => {
      // Arrange: an app whose S3 traffic goes through the gate
      const logs = logCapture();
      const client = new S3Client({
        endpoint: gate.endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      });
      const app = buildApp({
        allowedBuckets: ["logs"],
        s3: client,
        logger: loggerOptions("info", logs.stream),
      });
      const base = await listen(app);
      // a connection of its own, so that going away really closes it
      const request = httpRequest(`${base}/analyze?bucket=logs&prefix=app/`, { agent: false });
      request.on("error", () => undefined);
      request.end();
      await gate.objectRequested;
      // Act: the client disconnects, then S3 would answer
      request.destroy();
      const outcome = await new Promise<Record<string, unknown>>((done) => {
        const poll = (): void => {
          const line = logs.lines().find((l) => l.msg === "request rejected" || l.msg === "analysis done");
          if (line) done(line);
          else setTimeout(poll, 10);
        };
        poll();
        gate.release();
      });
      await app.close();
      client.destroy();
      // Assert
      expect(outcome.msg).to.equal("request rejected");
      expect(outcome).to.have.nested.property("error.name", "AnalysisAbortedError");
    });

    it("on SIGTERM stops accepting connections, finishes the request in flight and exits 0", async () => {
      // Arrange: the real server process, with S3 behind the gate
      const env = {
        ...process.env,
        ...testAwsEnv(gate.endpoint),
        ALLOWED_BUCKETS: "logs",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
      };
      const server = spawn(resolve(ROOT, "node_modules/.bin/tsx"), ["apps/log-analyzer/src/http.ts"], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = server;
      let output = "";
      const exited = new Promise<number | null>((r) => server.on("exit", (code) => r(code)));
      const logged = (pattern: RegExp): Promise<RegExpMatchArray> =>
        new Promise((resolveMatch, reject) => {
          const check = (): boolean => {
            const match = output.match(pattern);
            if (match) resolveMatch(match);
            return match !== null;
          };
          if (check()) return;
          server.stdout?.on("data", () => check());
          void exited.then(() => check() || reject(new Error(`server exited; output:\n${output}`)));
        });
      server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const [, base] = await logged(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      const port = Number(new URL(base).port);

      // Act: a request is in flight (held at GetObject) when SIGTERM arrives
      const inFlight = fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      await gate.objectRequested;
      server.kill("SIGTERM");
      await logged(/shutting down/);
      const refused = await eventuallyRefused(port);
      gate.release();
      const response = await inFlight;
      const body = (await response.json()) as { errorsTotal: number };
      const code = await exited;

      // Assert
      expect(refused, "new connections refused while the request was in flight").to.equal(true);
      expect(response.status).to.equal(200);
      expect(body.errorsTotal).to.equal(2);
      expect(code).to.equal(0);
      const lines = output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg: string });
      expect(lines.map((l) => l.msg)).to.include.members([
        "shutting down: finishing in-flight requests",
        "server closed",
      ]);
    });
  });
});

/** A proxy in front of s3rver that holds GetObject requests until `release()`. */
interface Gate {
  readonly endpoint: string;
  /** Resolves when the first GetObject reached the gate. */
  readonly objectRequested: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

async function startGate(upstreamEndpoint: string): Promise<Gate> {
  let sawGet: () => void = () => undefined;
  let release: () => void = () => undefined;
  const objectRequested = new Promise<void>((r) => (sawGet = r));
  const released = new Promise<void>((r) => (release = r));
  const upstream = new URL(upstreamEndpoint);
  const server: Server = createServer((req, res) => {
    const forward = (): void => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on("error", () => res.destroy());
      req.pipe(out);
    };
    if (req.method === "GET" && !(req.url ?? "").includes("list-type")) {
      sawGet();
      void released.then(forward);
    } else {
      forward();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objectRequested,
    release,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Tries fresh connections until one is refused (the listener closed); false if it never is. */
async function eventuallyRefused(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const refused = await new Promise<boolean>((r) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
        res.resume();
        r(false);
      });
      req.on("error", (error: NodeJS.ErrnoException) => r(error.code === "ECONNREFUSED"));
      req.end();
    });
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}
