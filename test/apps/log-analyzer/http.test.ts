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
  parseAnalyzeQuery,
  RETRY_AFTER_SECONDS,
  statusFor,
  type ErrorBody,
} from "../../../apps/log-analyzer/src/http";
import {
  BucketNotFoundError,
  UpstreamError,
  type InvalidRequestError,
} from "../../../apps/log-analyzer/src/errors";
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

    it("answers 400 for a threshold in a notation other than decimal digits (1e3, 0x10), naming parameter, value and rule", async () => {
      for (const value of ["1e3", "0x10"]) {
        const { status, body } = await get(`/analyze?bucket=logs&prefix=app/&threshold=${value}`);
        expect(status, value).to.equal(400);
        expect(errorOf(body).problems).to.deep.equal([
          `threshold: must be an integer ≥ 1 written in decimal digits only (e.g. 3), at most 1000000000 (got "${value}")`,
        ]);
      }
    });

    it("answers 400 saying a parameter was given twice (bucket=a&bucket=b), not that it is missing", async () => {
      const { status, body } = await get(
        "/analyze?bucket=logs&bucket=quiet&prefix=app/&threshold=2&threshold=3",
      );
      expect(status).to.equal(400);
      expect(errorOf(body).problems).to.deep.equal([
        'bucket: given 2 times (got ["logs","quiet"]); give it once',
        'threshold: given 2 times (got ["2","3"]); give it once',
      ]);
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

  describe("buildApp", () => {
    it("refuses limits that would disable the server, naming option, value and default", () => {
      expect(() => buildApp({ allowedBuckets: ["logs"], s3: s3.client, maxConcurrentAnalyses: 0 })).to.throw(
        "buildApp: maxConcurrentAnalyses must be a whole number ≥ 1 (got 0); omit it for 4",
      );
      expect(() => buildApp({ allowedBuckets: ["logs"], s3: s3.client, analysisTimeoutMs: 1.5 })).to.throw(
        "buildApp: analysisTimeoutMs must be a whole number of milliseconds ≥ 1 (got 1.5); omit it for 25000",
      );
    });
  });

  describe("parseAnalyzeQuery", () => {
    it("reports a repeated parameter once, alongside the other problems", () => {
      let problems: readonly string[] = [];
      try {
        parseAnalyzeQuery({ bucket: ["a-1", "b-2"], threshold: "0" });
      } catch (error) {
        problems = (error as InvalidRequestError).problems;
      }
      expect(problems).to.have.length(3);
      expect(problems[0]).to.equal('bucket: given 2 times (got ["a-1","b-2"]); give it once');
      expect(problems.some((p) => p.startsWith("prefix:"))).to.equal(true);
      expect(problems.some((p) => p.startsWith("threshold:") && p.includes('(got "0")'))).to.equal(true);
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
        maxConcurrentAnalyses: 4,
        analysisTimeoutMs: 25_000,
      });
    });

    it("rejects an invalid environment with one ConfigError naming every problem", () => {
      let error: Error | undefined;
      try {
        loadHttpConfig({
          ALLOWED_BUCKETS: "Bad_Bucket",
          PORT: "http",
          S3_ENDPOINT: "ftp://x",
          MAX_CONCURRENT_ANALYSES: "0",
          ANALYSIS_TIMEOUT_MS: "1e4",
        });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).to.equal("ConfigError");
      for (const name of [
        "ALLOWED_BUCKETS",
        "PORT",
        "AWS_REGION",
        "S3_ENDPOINT",
        'MAX_CONCURRENT_ANALYSES: must be a whole number from 1 to 64 (got "0")',
      ])
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

    /** An app whose S3 traffic goes through `through`, logging into a capture. */
    const gatedApp = (
      through: Gate,
      extra: { maxConcurrentAnalyses?: number; analysisTimeoutMs?: number } = {},
    ): { app: FastifyInstance; client: S3Client; logs: ReturnType<typeof logCapture> } => {
      const logs = logCapture();
      const client = new S3Client({
        endpoint: through.endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      });
      const app = buildApp({
        allowedBuckets: ["logs"],
        s3: client,
        logger: loggerOptions("info", logs.stream),
        ...extra,
      });
      return { app, client, logs };
    };

    /** Sends /analyze on a connection of its own, disconnects once `disconnectWhen` resolves. */
    const disconnectingClient = async (base: string, prefix: string, disconnectWhen: Promise<void>) => {
      const request = httpRequest(`${base}/analyze?bucket=logs&prefix=${prefix}`, { agent: false });
      request.on("error", () => undefined);
      request.end();
      await disconnectWhen;
      request.destroy();
    };

    const assertLoggedAsClientAbort = (
      lines: Record<string, unknown>[],
      outcome: Record<string, unknown>,
    ) => {
      expect(outcome).to.deep.include({ msg: "request rejected", level: "info", statusCode: 499 });
      expect(outcome).to.have.nested.property("error.name", "AnalysisAbortedError");
      expect(
        lines.filter((l) => l.level === "error" || l.level === "fatal"),
        "nothing logged at error level",
      ).to.deep.equal([]);
    };

    it("stops reading S3 when the client goes away before S3 answers: 499 AnalysisAbortedError at info level", async () => {
      // Arrange
      const { app, client, logs } = gatedApp(gate);
      const base = await listen(app);
      // Act: the client disconnects, then S3 would answer
      await disconnectingClient(base, "app/", gate.objectRequested);
      const outcome = await logLine(
        logs.lines,
        (l) => l.msg === "request rejected" || l.msg === "analysis done",
      );
      await app.close();
      client.destroy();
      // Assert
      assertLoggedAsClientAbort(logs.lines(), outcome);
    });

    it("a client that goes away while the object is being read is a 499 AnalysisAbortedError at info level, not an S3 failure", async () => {
      // Arrange: a multi-chunk object whose body stalls after its first chunk
      const line = '{"level":"ERROR","service":"big"}\n';
      await s3.put("logs", "big/1.jsonl", line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)));
      const bodyGate = await startGate(s3.endpoint, "body");
      const { app, client, logs } = gatedApp(bodyGate);
      const base = await listen(app);
      try {
        // Act: the client disconnects mid-download
        await disconnectingClient(base, "big/", bodyGate.bodyStarted);
        const outcome = await logLine(
          logs.lines,
          (l) => l.msg === "request rejected" || l.msg === "request failed" || l.msg === "analysis done",
        );
        // Assert
        assertLoggedAsClientAbort(logs.lines(), outcome);
      } finally {
        bodyGate.release();
        await app.close();
        client.destroy();
        await bodyGate.close();
      }
    });

    it("answers 429 with Retry-After beyond MAX_CONCURRENT_ANALYSES, and serves again once a slot is free", async () => {
      // Arrange: one slot, taken by a request held at GetObject
      const { app, client } = gatedApp(gate, { maxConcurrentAnalyses: 1 });
      const base = await listen(app);
      const first = fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      await gate.objectRequested;
      // Act
      const second = await fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      const health = await fetch(`${base}/healthz`);
      gate.release();
      const firstAnswer = await first;
      const third = await fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      await app.close();
      client.destroy();
      // Assert
      expect(second.status).to.equal(429);
      expect(second.headers.get("retry-after")).to.equal(String(RETRY_AFTER_SECONDS));
      expect(((await second.json()) as ErrorBody).error.code).to.equal("TooManyAnalysesError");
      expect(health.status, "health checks are not analyses").to.equal(200);
      expect(firstAnswer.status).to.equal(200);
      expect(third.status).to.equal(200);
    });

    it("answers 504 AnalysisTimeoutError when an analysis outlasts ANALYSIS_TIMEOUT_MS", async () => {
      // Arrange: S3 never answers GetObject (the gate is not released)
      const { app, client, logs } = gatedApp(gate, { analysisTimeoutMs: 200 });
      const base = await listen(app);
      // Act
      const response = await fetch(`${base}/analyze?bucket=logs&prefix=app/`);
      await app.close();
      client.destroy();
      // Assert
      const body = (await response.json()) as ErrorBody;
      expect(response.status).to.equal(504);
      expect(body.error.code).to.equal("AnalysisTimeoutError");
      expect(body.error.message).to.contain("200 ms");
      expect(logs.lines().find((l) => l.msg === "request failed")).to.deep.include({ statusCode: 504 });
    });

    it("on SIGTERM answers new connections 503 while it finishes the request in flight, then exits 0", async () => {
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
      const health = await freshGet(port, "/healthz");
      const analyze = await freshGet(port, "/analyze?bucket=logs&prefix=app/");
      gate.release();
      const response = await inFlight;
      const body = (await response.json()) as { errorsTotal: number };
      const code = await exited;

      // Assert
      for (const answer of [health, analyze]) {
        expect(answer.status, "a new connection during shutdown").to.equal(503);
        expect(answer.headers.connection).to.equal("close");
        expect((JSON.parse(answer.body) as ErrorBody).error.code).to.equal("ShuttingDownError");
      }
      expect(response.status).to.equal(200);
      expect(body.errorsTotal).to.equal(2);
      expect(code).to.equal(0);
      const lines = output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg: string; level: string });
      expect(lines.map((l) => l.msg)).to.include.members([
        "shutting down: finishing in-flight requests",
        "server closed",
      ]);
      expect(lines.filter((l) => l.level === "error")).to.deep.equal([]);
    });
  });
});

/** A proxy in front of s3rver that holds GetObject until `release()`. */
interface Gate {
  readonly endpoint: string;
  /** Resolves when the first GetObject reached the gate. */
  readonly objectRequested: Promise<void>;
  /** Resolves when the first chunk of a GetObject body went out (mode "body" only). */
  readonly bodyStarted: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

/**
 * `hold: "request"` holds each GetObject request before it reaches S3; `hold: "body"` forwards the
 * response's head and first chunk, then holds the rest of the body (a download in progress).
 */
async function startGate(upstreamEndpoint: string, hold: "request" | "body" = "request"): Promise<Gate> {
  let sawGet: () => void = () => undefined;
  let sawBody: () => void = () => undefined;
  let release: () => void = () => undefined;
  const objectRequested = new Promise<void>((r) => (sawGet = r));
  const bodyStarted = new Promise<void>((r) => (sawBody = r));
  const released = new Promise<void>((r) => (release = r));
  const upstream = new URL(upstreamEndpoint);
  const server: Server = createServer((req, res) => {
    const isGetObject = req.method === "GET" && !(req.url ?? "").includes("list-type");
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
          if (!(isGetObject && hold === "body")) {
            answer.pipe(res);
            return;
          }
          answer.once("data", (chunk: Buffer) => {
            answer.pause();
            res.write(chunk, () => sawBody());
            void released.then(() => answer.pipe(res));
          });
        },
      );
      out.on("error", () => res.destroy());
      req.pipe(out);
    };
    if (isGetObject) sawGet();
    if (isGetObject && hold === "request") void released.then(forward);
    else forward();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objectRequested,
    bodyStarted,
    release,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** GET on a connection of its own; resolves with the status, the headers and the body text. */
function freshGet(
  port: number,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Polls the captured log until a line passes `test`. */
function logLine(
  lines: () => Record<string, unknown>[],
  test: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((done) => {
    const poll = (): void => {
      const line = lines().find(test);
      if (line) done(line);
      else setTimeout(poll, 10);
    };
    poll();
  });
}
