/**
 * HTTP API of the analyzer (fastify): `GET /healthz` and `GET /analyze?bucket=&prefix=&threshold=`.
 *
 * Only the buckets in ALLOWED_BUCKETS can be read: the service is not an open S3 proxy. Errors map
 * to status codes (see {@link STATUS_BY_ERROR}) with a JSON body `{ error: { code, message } }`.
 * Every request is logged as one JSON line. On SIGTERM/SIGINT the server stops accepting
 * connections, finishes the requests in flight and exits 0 (1 when they outlast the grace period).
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
import { fieldSchema, thresholdSchema } from "./analyze";
import { bucketSchema, describeIssues, endpointSchema, optionalEnv, parseEnv, prefixSchema } from "./config";
import {
  AnalyzerErrorName,
  BucketNotAllowedError,
  InvalidRequestError,
  isAnalyzerError,
  type LogAnalyzerError,
} from "./errors";
import { analyzeLatestObject, createS3Client } from "./s3";

/** Defaults of the server's environment. */
export const HTTP_DEFAULTS = {
  PORT: 8080,
  HOST: "0.0.0.0",
  LOG_LEVEL: "info",
  SHUTDOWN_GRACE_MS: 25_000,
} as const;

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
  })
  .transform((env): HttpConfig => ({
    allowedBuckets: env.ALLOWED_BUCKETS,
    port: env.PORT ?? HTTP_DEFAULTS.PORT,
    host: env.HOST ?? HTTP_DEFAULTS.HOST,
    region: env.AWS_REGION,
    s3Endpoint: env.S3_ENDPOINT,
    logLevel: env.LOG_LEVEL ?? HTTP_DEFAULTS.LOG_LEVEL,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? HTTP_DEFAULTS.SHUTDOWN_GRACE_MS,
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

/** HTTP status of each analyzer error (by `error.name`); anything else is a 500. */
export const STATUS_BY_ERROR: Readonly<Record<string, number>> = {
  [AnalyzerErrorName.InvalidRequestError]: 400,
  [AnalyzerErrorName.BucketNotAllowedError]: 403,
  [AnalyzerErrorName.AccessDeniedError]: 403,
  [AnalyzerErrorName.BucketNotFoundError]: 404,
  [AnalyzerErrorName.NoObjectUnderPrefixError]: 404,
  [AnalyzerErrorName.ObjectNotFoundError]: 404,
  [AnalyzerErrorName.InputDecodeError]: 422,
  [AnalyzerErrorName.AnalysisAbortedError]: 499,
  [AnalyzerErrorName.CredentialsError]: 500,
  [AnalyzerErrorName.ConfigError]: 500,
  [AnalyzerErrorName.InputReadError]: 500,
  [AnalyzerErrorName.LogAnalyzerError]: 500,
  [AnalyzerErrorName.UpstreamError]: 502,
  [AnalyzerErrorName.UpstreamTimeoutError]: 504,
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
}

/** The fastify app (routes, validation, error mapping, logging); not listening yet. */
export function buildApp(options: AppOptions): FastifyInstance {
  const allowed = new Set(options.allowedBuckets);
  const app = Fastify({
    logger: options.logger ?? loggerOptions(HTTP_DEFAULTS.LOG_LEVEL),
    logController: new AccessLog(),
    return503OnClosing: true,
  });

  // While closing, answer in-flight requests with "Connection: close": a kept-alive connection
  // would otherwise hold the server open until its keep-alive timeout.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_request, reply) => {
    if (closing) void reply.header("connection", "close");
  });

  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/analyze", async (request, reply) => {
    const parsed = analyzeQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new InvalidRequestError(describeIssues(parsed.error, request.query));
    const query = parsed.data;
    if (!allowed.has(query.bucket)) {
      throw new BucketNotAllowedError(`bucket ${query.bucket} is not one this service may read`);
    }
    // stop reading S3 when the client goes away
    const controller = new AbortController();
    reply.raw.on("close", () => {
      if (!reply.raw.writableEnded) controller.abort(new Error("client closed the connection"));
    });
    const summary = await analyzeLatestObject(options.s3, { ...query, signal: controller.signal });
    request.log.info(
      {
        bucket: query.bucket,
        key: summary.source.type === "s3" ? summary.source.key : undefined,
        linesRead: summary.linesRead,
        errorsTotal: summary.errorsTotal,
        malformed: summary.malformedLines.count,
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
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else {
      request.log.info(
        { error: { name: (error as LogAnalyzerError).name, message: (error as Error).message } },
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
 * On SIGTERM (ECS stop) or SIGINT: stop accepting connections (new requests on kept-alive
 * connections get 503), let in-flight requests finish, exit 0; exit 1 if they outlast `graceMs`.
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
  const app = buildApp({ allowedBuckets: config.allowedBuckets, s3, logger: loggerOptions(config.logLevel) });
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
