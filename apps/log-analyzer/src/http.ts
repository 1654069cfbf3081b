/**
 * HTTP API of the analyzer (fastify): `GET /healthz` and `GET /analyze?bucket=&prefix=&threshold=`.
 *
 * Only the buckets in ALLOWED_BUCKETS can be read: the service is not an open S3 proxy. Errors map
 * to status codes (see {@link STATUS_BY_ERROR}) with a JSON body `{ error: { code, message } }`.
 * Every request is logged as one JSON line. At most MAX_CONCURRENT_ANALYSES analyses run at once
 * (429 with `Retry-After` beyond), each for at most ANALYSIS_TIMEOUT_MS (504); with the group
 * counts bounded by the core, memory stays bounded under any input. On SIGTERM/SIGINT the server
 * answers new requests 503 while it finishes the analyses in flight, then closes and exits 0 (1
 * when they outlast the grace period).
 *
 * Run: `tsx apps/log-analyzer/src/http.ts` (the container runs the esbuild bundle of this file).
 */
import type { S3Client } from "@aws-sdk/client-s3";
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { FastifyServerOptions } from "fastify";
import { z } from "zod";
import { fieldSchema, thresholdSchema, type AnalysisSummary } from "./analyze";
import { bucketSchema, describeIssues, endpointSchema, optionalEnv, parseEnv, prefixSchema } from "./config";
import {
  AnalysisAbortedError,
  AnalysisTimeoutError,
  AnalyzerErrorName,
  BucketNotAllowedError,
  ConfigError,
  InvalidRequestError,
  isAnalyzerError,
  ShuttingDownError,
  TooManyAnalysesError,
  type LogAnalyzerError,
} from "./errors";
import { analyzeLatestObject, createS3Client } from "./s3";

/** Defaults of the server's environment. */
export const HTTP_DEFAULTS = {
  PORT: 8080,
  HOST: "0.0.0.0",
  LOG_LEVEL: "info",
  SHUTDOWN_GRACE_MS: 25_000,
  /**
   * Analyses running at once. Each holds a bounded amount of memory (a few MiB of buffers and at
   * most 10 × 1000 group counters), so 4 fit the 512 MiB task with a wide margin.
   */
  MAX_CONCURRENT_ANALYSES: 4,
  /**
   * Time limit of one analysis (listing + reading). Below CloudFront's 30 s origin response
   * timeout (past it the viewer has had a 504 already) and not above SHUTDOWN_GRACE_MS, so that a
   * stop never has to cut an analysis short.
   */
  ANALYSIS_TIMEOUT_MS: 25_000,
} as const;

/** `Retry-After` (seconds) of a 429: about the time a typical analysis takes to free its slot. */
export const RETRY_AFTER_SECONDS = 5;

/** Log levels accepted in LOG_LEVEL. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The server's validated configuration. */
export interface HttpConfig {
  /** Buckets /analyze may read. From ALLOWED_BUCKETS (comma-separated, at least one). */
  readonly allowedBuckets: readonly string[];
  /** Port to listen on (0: any free port). From PORT. @default 8080 */
  readonly port: number;
  /** Address to listen on. From HOST. @default "0.0.0.0" */
  readonly host: string;
  /** AWS region of the buckets (redirects to other regions are followed). From AWS_REGION. */
  readonly region: string;
  /** S3-compatible endpoint override (tests). From S3_ENDPOINT. @default undefined (AWS S3) */
  readonly s3Endpoint?: string;
  /** Log level. From LOG_LEVEL. @default "info" */
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** How long in-flight requests may run after SIGTERM before the process exits 1. From SHUTDOWN_GRACE_MS. @default 25000 */
  readonly shutdownGraceMs: number;
  /** Analyses allowed to run at once; more are answered 429. From MAX_CONCURRENT_ANALYSES. @default 4 */
  readonly maxConcurrentAnalyses: number;
  /** Time limit of one analysis, in ms; past it the answer is 504. From ANALYSIS_TIMEOUT_MS. @default 25000 */
  readonly analysisTimeoutMs: number;
}

const bucketListSchema = z
  .string({ error: "is required (comma-separated bucket names the service may read)" })
  .transform((s) =>
    s
      .split(",")
      .map((b) => b.trim())
      .filter((b) => b !== ""),
  )
  .pipe(z.array(bucketSchema).min(1, { error: "must name at least one bucket" }));

const httpEnvSchema = z
  .object({
    ALLOWED_BUCKETS: bucketListSchema,
    PORT: optionalEnv(z.coerce.number().int().min(0).max(65535)),
    HOST: optionalEnv(z.string()),
    AWS_REGION: z
      .string({ error: "is required (the region of the buckets, e.g. eu-west-1)" })
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "must be an AWS region such as eu-west-1" }),
    S3_ENDPOINT: optionalEnv(endpointSchema),
    LOG_LEVEL: optionalEnv(z.enum(LOG_LEVELS)),
    SHUTDOWN_GRACE_MS: optionalEnv(z.coerce.number().int().min(0).max(600_000)),
    MAX_CONCURRENT_ANALYSES: optionalEnv(
      z.coerce
        .number()
        .int({ error: "must be a whole number from 1 to 64" })
        .min(1, { error: "must be a whole number from 1 to 64" })
        .max(64, { error: "must be a whole number from 1 to 64" }),
    ),
    ANALYSIS_TIMEOUT_MS: optionalEnv(
      z.coerce
        .number()
        .int({ error: "must be a whole number of milliseconds from 100 to 600000" })
        .min(100, { error: "must be a whole number of milliseconds from 100 to 600000" })
        .max(600_000, { error: "must be a whole number of milliseconds from 100 to 600000" }),
    ),
  })
  .transform((env): HttpConfig => ({
    allowedBuckets: env.ALLOWED_BUCKETS,
    port: env.PORT ?? HTTP_DEFAULTS.PORT,
    host: env.HOST ?? HTTP_DEFAULTS.HOST,
    region: env.AWS_REGION,
    s3Endpoint: env.S3_ENDPOINT,
    logLevel: env.LOG_LEVEL ?? HTTP_DEFAULTS.LOG_LEVEL,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? HTTP_DEFAULTS.SHUTDOWN_GRACE_MS,
    maxConcurrentAnalyses: env.MAX_CONCURRENT_ANALYSES ?? HTTP_DEFAULTS.MAX_CONCURRENT_ANALYSES,
    analysisTimeoutMs: env.ANALYSIS_TIMEOUT_MS ?? HTTP_DEFAULTS.ANALYSIS_TIMEOUT_MS,
  }));

/** Reads and validates the server's environment; throws one `ConfigError` listing every problem. */
export function loadHttpConfig(env: NodeJS.ProcessEnv): HttpConfig {
  return parseEnv(httpEnvSchema, env, "HTTP server");
}

/** The query of GET /analyze (unknown parameters are rejected, so a typo never goes unnoticed). */
export const analyzeQuerySchema = z.strictObject({
  bucket: bucketSchema,
  prefix: prefixSchema,
  threshold: thresholdSchema.optional(),
  levelField: fieldSchema.optional(),
  levelValue: fieldSchema.optional(),
  groupBy: fieldSchema.optional(),
});

/**
 * Parses the query of GET /analyze, or throws `InvalidRequestError` listing every problem. A
 * parameter given more than once is refused as such (the query parser turns it into an array,
 * which would otherwise read as "invalid" or "required").
 */
export function parseAnalyzeQuery(query: unknown): z.output<typeof analyzeQuerySchema> {
  const input = (query ?? {}) as Record<string, unknown>;
  const repeated = Object.keys(input).filter((key) => Array.isArray(input[key]));
  const problems = repeated.map(
    (key) =>
      `${key}: given ${(input[key] as unknown[]).length} times (got ${JSON.stringify(input[key])}); give it once`,
  );
  const parsed = analyzeQuerySchema.safeParse(input);
  if (parsed.success && problems.length === 0) return parsed.data;
  if (!parsed.success) {
    const others = parsed.error.issues.filter((issue) => !repeated.includes(String(issue.path[0])));
    problems.push(...describeIssues(new z.ZodError(others), input));
  }
  throw new InvalidRequestError(problems);
}

/** HTTP status of each analyzer error (by `error.name`); anything else is a 500. */
export const STATUS_BY_ERROR: Readonly<Record<string, number>> = {
  [AnalyzerErrorName.InvalidRequestError]: 400,
  [AnalyzerErrorName.BucketNotAllowedError]: 403,
  [AnalyzerErrorName.AccessDeniedError]: 403,
  [AnalyzerErrorName.BucketNotFoundError]: 404,
  [AnalyzerErrorName.NoObjectUnderPrefixError]: 404,
  [AnalyzerErrorName.ObjectNotFoundError]: 404,
  [AnalyzerErrorName.InputDecodeError]: 422,
  [AnalyzerErrorName.TooManyAnalysesError]: 429,
  [AnalyzerErrorName.AnalysisAbortedError]: 499,
  [AnalyzerErrorName.CredentialsError]: 500,
  [AnalyzerErrorName.ConfigError]: 500,
  [AnalyzerErrorName.InputReadError]: 500,
  [AnalyzerErrorName.LogAnalyzerError]: 500,
  [AnalyzerErrorName.UpstreamError]: 502,
  [AnalyzerErrorName.ShuttingDownError]: 503,
  [AnalyzerErrorName.UpstreamTimeoutError]: 504,
  [AnalyzerErrorName.AnalysisTimeoutError]: 504,
};

/** The status code for an error thrown while handling a request. */
export function statusFor(error: unknown): number {
  if (isAnalyzerError(error)) return STATUS_BY_ERROR[error.name] ?? 500;
  // fastify's own client errors (bad URL, …) carry their status
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

/** The JSON body of an error response. */
export interface ErrorBody {
  /** The error. */
  readonly error: {
    /** Machine-readable code: the analyzer error's name (`BucketNotFoundError`, …). */
    readonly code: string;
    /** What went wrong, for a human. */
    readonly message: string;
    /** For 400s: one entry per invalid parameter. @default undefined */
    readonly problems?: readonly string[];
  };
}

function errorBody(error: unknown, status: number): ErrorBody {
  if (isAnalyzerError(error)) {
    const problems =
      error.name === AnalyzerErrorName.InvalidRequestError
        ? (error as InvalidRequestError).problems
        : undefined;
    return { error: { code: error.name, message: error.message, problems } };
  }
  if (status < 500 && error instanceof Error) {
    return { error: { code: (error as { code?: string }).code ?? "BadRequest", message: error.message } };
  }
  return { error: { code: "InternalError", message: "internal error" } };
}

/** One access-log line per request (health checks at debug level so they do not flood the logs). */
class AccessLog extends LogController {
  // the socket may be detached by the time the response has gone out: note the peer on arrival
  private readonly peers = new WeakMap<FastifyRequest, string | undefined>();

  override incomingRequest(request: FastifyRequest): void {
    this.peers.set(request, request.ip);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const forwardedFor = request.headers["x-forwarded-for"];
    // not under "req"/"res": pino's serializers for those keys would drop these fields
    const fields = {
      http: {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        remoteAddress: this.peers.get(request),
        forwardedFor: typeof forwardedFor === "string" ? forwardedFor : undefined,
        userAgent: request.headers["user-agent"],
      },
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (request.url === "/healthz") reply.log.debug(fields, "request completed");
    else if (error) reply.log.error({ ...fields, err: error }, "request errored");
    else reply.log.info(fields, "request completed");
  }
}

/** Logger settings: JSON lines with a readable level and an ISO timestamp. */
export function loggerOptions(
  level: string,
  stream?: NodeJS.WritableStream,
): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
  return {
    level,
    base: { service: "log-analyzer" },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    ...(stream ? { stream: stream as { write(msg: string): void } } : {}),
  };
}

/** What the app needs. */
export interface AppOptions {
  /** Buckets /analyze may read. */
  readonly allowedBuckets: readonly string[];
  /** S3 client. */
  readonly s3: S3Client;
  /** Logger settings (see {@link loggerOptions}); false for none. @default loggerOptions("info") */
  readonly logger?: FastifyServerOptions["logger"];
  /** Analyses allowed to run at once (more get 429). @default HTTP_DEFAULTS.MAX_CONCURRENT_ANALYSES */
  readonly maxConcurrentAnalyses?: number;
  /** Time limit of one analysis in ms (504 past it). @default HTTP_DEFAULTS.ANALYSIS_TIMEOUT_MS */
  readonly analysisTimeoutMs?: number;
}

/** The fastify app (routes, validation, error mapping, logging); not listening yet. */
export function buildApp(options: AppOptions): FastifyInstance {
  const allowed = new Set(options.allowedBuckets);
  const maxConcurrent = options.maxConcurrentAnalyses ?? HTTP_DEFAULTS.MAX_CONCURRENT_ANALYSES;
  const timeoutMs = options.analysisTimeoutMs ?? HTTP_DEFAULTS.ANALYSIS_TIMEOUT_MS;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new ConfigError(
      `buildApp: maxConcurrentAnalyses must be a whole number ≥ 1 (got ${maxConcurrent}); omit it for ${HTTP_DEFAULTS.MAX_CONCURRENT_ANALYSES}`,
    );
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new ConfigError(
      `buildApp: analysisTimeoutMs must be a whole number of milliseconds ≥ 1 (got ${timeoutMs}); omit it for ${HTTP_DEFAULTS.ANALYSIS_TIMEOUT_MS}`,
    );
  }
  const app = Fastify({
    logger: options.logger ?? loggerOptions(HTTP_DEFAULTS.LOG_LEVEL),
    logController: new AccessLog(),
    // our onRequest hook answers 503 with the usual error body instead
    return503OnClosing: false,
  });

  let active = 0;
  let onIdle: (() => void) | undefined;

  // Closing: keep listening while the analyses in flight finish, answering every new request 503
  // (with "Connection: close", so kept-alive connections go too) — a closed listener would leave
  // connections that were already accepted with an empty reply, and the load balancer needs the
  // 503 health checks to stop sending traffic. The listener closes once no analysis is running.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
    if (active > 0) await new Promise<void>((resolve) => (onIdle = resolve));
  });
  app.addHook("onRequest", async () => {
    if (closing) throw new ShuttingDownError("the server is shutting down; retry on another instance");
  });
  app.addHook("onSend", async (_request, reply) => {
    if (closing) void reply.header("connection", "close");
  });

  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/analyze", async (request, reply) => {
    const query = parseAnalyzeQuery(request.query);
    if (!allowed.has(query.bucket)) {
      throw new BucketNotAllowedError(`bucket ${query.bucket} is not one this service may read`);
    }
    if (active >= maxConcurrent) {
      throw new TooManyAnalysesError(
        `${maxConcurrent} analyses are running, the most this server runs at once; retry in ${RETRY_AFTER_SECONDS} s`,
        RETRY_AFTER_SECONDS,
      );
    }
    active++;
    // stop reading S3 when the client goes away or the time is up
    const controller = new AbortController();
    const onClose = (): void => {
      if (!reply.raw.writableEnded) {
        controller.abort(new AnalysisAbortedError("analysis aborted: the client closed the connection"));
      }
    };
    reply.raw.on("close", onClose);
    const timer = setTimeout(() => {
      controller.abort(
        new AnalysisTimeoutError(`analysis stopped after ${timeoutMs} ms (the limit, ANALYSIS_TIMEOUT_MS)`),
      );
    }, timeoutMs);
    let summary: AnalysisSummary;
    try {
      summary = await analyzeLatestObject(options.s3, { ...query, signal: controller.signal });
    } finally {
      clearTimeout(timer);
      reply.raw.off("close", onClose);
      active--;
      if (active === 0) onIdle?.();
    }
    request.log.info(
      {
        bucket: query.bucket,
        key: summary.source.type === "s3" ? summary.source.key : undefined,
        linesRead: summary.linesRead,
        errorsTotal: summary.errorsTotal,
        malformed: summary.malformedLines.count,
        groupCountsExact: summary.groups.countsExact,
        thresholdBreached: summary.thresholdBreached,
        durationMs: summary.durationMs,
      },
      "analysis done",
    );
    return summary;
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply.status(404).send({
      error: { code: "RouteNotFound", message: `no route ${request.method} ${request.url.split("?")[0]}` },
    } satisfies ErrorBody);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const status = statusFor(error);
    if (isAnalyzerError(error) && error.name === AnalyzerErrorName.TooManyAnalysesError) {
      void reply.header("retry-after", String((error as TooManyAnalysesError).retryAfterSeconds));
    }
    // a client going away and a server shutting down are normal events, not failures
    const expected =
      isAnalyzerError(error) &&
      (error.name === AnalyzerErrorName.AnalysisAbortedError ||
        error.name === AnalyzerErrorName.ShuttingDownError);
    if (status >= 500 && !expected) request.log.error({ err: error, statusCode: status }, "request failed");
    else {
      request.log.info(
        {
          error: { name: (error as LogAnalyzerError).name, message: (error as Error).message },
          statusCode: status,
        },
        "request rejected",
      );
    }
    return reply.status(status).send(errorBody(error, status));
  });

  return app;
}

/** How the process ends after a signal. */
export interface ShutdownOptions {
  /** Time in-flight requests get before the process exits 1. */
  readonly graceMs: number;
  /** Called after the server closed (e.g. to destroy the S3 client). @default no-op */
  readonly onClosed?: () => void;
  /** Ends the process. @default process.exit */
  readonly exit?: (code: number) => void;
  /** Signals handled. @default ["SIGTERM", "SIGINT"] */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * On SIGTERM (ECS stop) or SIGINT: answer new requests 503 while the analyses in flight finish,
 * then stop listening and exit 0; exit 1 if they outlast `graceMs`.
 */
export function installGracefulShutdown(app: FastifyInstance, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal, graceMs: options.graceMs }, "shutting down: finishing in-flight requests");
    const timer = setTimeout(() => {
      app.log.error({ graceMs: options.graceMs }, "in-flight requests outlasted the grace period; exiting");
      exit(1);
    }, options.graceMs);
    timer.unref();
    app.close().then(
      () => {
        clearTimeout(timer);
        options.onClosed?.();
        app.log.info("server closed");
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        app.log.error({ err: error }, "error while closing");
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ["SIGTERM", "SIGINT"]) process.once(signal, onSignal);
}

/** Server main: validate the env, listen, shut down gracefully. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<FastifyInstance> {
  const config = loadHttpConfig(env);
  const s3 = createS3Client({ region: config.region, endpoint: config.s3Endpoint });
  const app = buildApp({
    allowedBuckets: config.allowedBuckets,
    s3,
    logger: loggerOptions(config.logLevel),
    maxConcurrentAnalyses: config.maxConcurrentAnalyses,
    analysisTimeoutMs: config.analysisTimeoutMs,
  });
  installGracefulShutdown(app, { graceMs: config.shutdownGraceMs, onClosed: () => s3.destroy() });
  await app.listen({ port: config.port, host: config.host });
  return app;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${JSON.stringify({ level: "fatal", time: new Date().toISOString(), service: "log-analyzer", msg: "server failed to start", err: { name, message } })}\n`,
    );
    process.exit(1);
  });
}
