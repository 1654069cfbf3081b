/**
 * S3 side of the analyzer: pick the latest object under a prefix, open it as a stream, analyse it.
 *
 * "Latest" is deterministic: the newest `LastModified`, and among objects with the same
 * `LastModified` (S3 keeps it to the second; several uploads in one second are common) the
 * greatest key in S3's own key order (UTF-8 bytes), so that time-stamped names such as
 * `2025-09-15T12-00-05.jsonl` break the tie the natural way. Directory markers (keys ending in `/`
 * with no content) are never chosen.
 *
 * AWS calls made: `ListObjectsV2` (IAM `s3:ListBucket` on the bucket) and `GetObject` (IAM
 * `s3:GetObject` on the objects; plus `kms:Decrypt` when the objects are SSE-KMS encrypted).
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type ListObjectsV2CommandOutput,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { analyzeStream, buildSummary, type AnalysisSummary, type AnalyzeOptions } from "./analyze";
import {
  abortedError,
  AccessDeniedError,
  AnalysisAbortedError,
  BucketNotFoundError,
  ConfigError,
  CredentialsError,
  InvalidRequestError,
  isAnalyzerError,
  LogAnalyzerError,
  NoObjectUnderPrefixError,
  ObjectNotFoundError,
  UpstreamError,
  UpstreamTimeoutError,
} from "./errors";

/** How to build the S3 client. */
export interface S3ClientSettings {
  /** AWS region. @default the SDK's resolution (AWS_REGION, profile) */
  readonly region?: string;
  /** Endpoint of an S3-compatible server (tests, MinIO); implies path-style addressing. @default AWS S3 */
  readonly endpoint?: string;
  /** Static credentials (tests). @default the SDK's default credential chain */
  readonly credentials?: S3ClientConfig["credentials"];
}

/** An S3 client for the analyzer: follows region redirects, path-style when an endpoint is given. */
export function createS3Client(settings: S3ClientSettings = {}): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.endpoint !== undefined,
    followRegionRedirects: true,
    credentials: settings.credentials,
  });
}

/** One object of a listing. */
export interface S3ObjectRef {
  /** Bucket. */
  readonly bucket: string;
  /** Key. */
  readonly key: string;
  /** LastModified as listed. */
  readonly lastModified: Date;
  /** Size in bytes as listed. */
  readonly size: number;
}

/** True when `a` comes after `b` in the "latest" order: newer LastModified, then greater key. */
export function isLater(
  a: Pick<S3ObjectRef, "key" | "lastModified">,
  b: Pick<S3ObjectRef, "key" | "lastModified">,
): boolean {
  const dt = a.lastModified.getTime() - b.lastModified.getTime();
  if (dt !== 0) return dt > 0;
  return Buffer.compare(Buffer.from(a.key, "utf8"), Buffer.from(b.key, "utf8")) > 0;
}

/** A key S3 consoles create to show a folder: ends in "/" and holds nothing. */
export function isDirectoryMarker(key: string, size: number): boolean {
  return key.endsWith("/") && size === 0;
}

/** Where an S3 failure happened, for the error message. */
interface S3Context {
  readonly bucket: string;
  readonly prefix?: string;
  readonly key?: string;
  readonly operation: "ListObjectsV2" | "GetObject";
  /**
   * The caller's cancel signal: once it has fired, any error is the abort's consequence (the SDK's
   * `AbortError`, a body stream destroyed with "aborted", a reset socket) and is reported as such.
   */
  readonly signal?: AbortSignal;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const ACCESS_ERRORS = new Set([
  "AccessDenied",
  "AllAccessDisabled",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidToken",
  "TokenRefreshRequired",
  "InvalidObjectState",
]);
const TIMEOUT_ERRORS = new Set(["TimeoutError", "RequestTimeout", "RequestTimeTooSkewed"]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT"]);

/**
 * Turns an error of the S3 client (or of reading its body) into an analyzer error with a message
 * that says what to do. Analyzer errors pass through unchanged.
 */
export function toAnalyzerError(error: unknown, context: S3Context): LogAnalyzerError {
  if (context.signal?.aborted) return abortedError(context.signal, error);
  if (isAnalyzerError(error)) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const name = e.name ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const where = context.key
    ? `s3://${context.bucket}/${context.key}`
    : `s3://${context.bucket}/${context.prefix ?? ""}`;
  const detail = `${context.operation} ${where}: ${name}${status ? ` (HTTP ${status})` : ""}${e.message && e.message !== name ? `: ${e.message}` : ""}`;
  if (name === "NoSuchBucket") {
    return new BucketNotFoundError(`no such bucket: ${context.bucket}`, { cause: error });
  }
  if (name === "NoSuchKey" || (context.operation === "GetObject" && status === 404)) {
    return new ObjectNotFoundError(`object disappeared before it could be read: ${where}`, { cause: error });
  }
  if (ACCESS_ERRORS.has(name) || status === 403) {
    return new AccessDeniedError(`access denied by S3 — ${detail}`, { cause: error });
  }
  if (name === "InvalidBucketName") {
    return new InvalidRequestError([`bucket: not a valid bucket name (${context.bucket})`], { cause: error });
  }
  if (name === "CredentialsProviderError") {
    return new CredentialsError(`no AWS credentials found (${e.message ?? name})`, { cause: error });
  }
  if (name === "AbortError") {
    return new AnalysisAbortedError(`analysis aborted during ${context.operation}`, { cause: error });
  }
  if (typeof e.message === "string" && /region is missing/i.test(e.message)) {
    return new ConfigError("no AWS region configured: set AWS_REGION (or pass --region)", { cause: error });
  }
  if (TIMEOUT_ERRORS.has(name) || (e.code !== undefined && TIMEOUT_CODES.has(e.code))) {
    return new UpstreamTimeoutError(`S3 timed out — ${detail}`, { cause: error });
  }
  return new UpstreamError(`S3 failed — ${detail}`, { cause: error });
}

/** Options of the S3 calls. */
export interface S3CallOptions {
  /** Cancels the calls. @default undefined */
  readonly signal?: AbortSignal;
}

/**
 * Lists every page under `prefix` (ListObjectsV2, 1,000 keys a page) and returns the latest object.
 * Rejects with `BucketNotFoundError`, `AccessDeniedError`, `NoObjectUnderPrefixError`, … (see
 * {@link toAnalyzerError}).
 */
export async function findLatestObject(
  s3: S3Client,
  bucket: string,
  prefix: string,
  options: S3CallOptions = {},
): Promise<S3ObjectRef> {
  let latest: S3ObjectRef | undefined;
  let token: string | undefined;
  let pages = 0;
  do {
    let page: ListObjectsV2CommandOutput;
    try {
      page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      throw toAnalyzerError(error, { bucket, prefix, operation: "ListObjectsV2", signal: options.signal });
    }
    pages++;
    for (const item of page.Contents ?? []) {
      if (item.Key === undefined || item.LastModified === undefined) continue;
      const size = item.Size ?? 0;
      if (isDirectoryMarker(item.Key, size)) continue;
      const candidate: S3ObjectRef = { bucket, key: item.Key, lastModified: item.LastModified, size };
      if (latest === undefined || isLater(candidate, latest)) latest = candidate;
    }
    const next = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && (next === undefined || next === token)) {
      throw new UpstreamError(
        `S3 listing of s3://${bucket}/${prefix} is truncated but gives no new continuation token`,
      );
    }
    token = next;
  } while (token !== undefined);
  if (latest === undefined) {
    throw new NoObjectUnderPrefixError(
      `no object under s3://${bucket}/${prefix} (${pages} listing page${pages === 1 ? "" : "s"} read)`,
    );
  }
  return latest;
}

/** An opened object: its body and what GetObject said about it. */
export interface OpenedObject {
  /** The body, streamed. */
  readonly body: Readable;
  /** LastModified of the version actually read. */
  readonly lastModified: Date;
  /** Size of the version actually read. */
  readonly size: number;
}

/** GetObject as a stream (nothing is buffered). */
export async function openObject(
  s3: S3Client,
  bucket: string,
  key: string,
  options: S3CallOptions = {},
): Promise<OpenedObject> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: options.signal,
    });
    const body = out.Body;
    if (!(body instanceof Readable)) {
      throw new UpstreamError(`GetObject s3://${bucket}/${key} returned no readable body`);
    }
    return { body, lastModified: out.LastModified ?? new Date(0), size: out.ContentLength ?? 0 };
  } catch (error) {
    throw toAnalyzerError(error, { bucket, key, operation: "GetObject", signal: options.signal });
  }
}

/** What to analyse in S3. */
export interface LatestObjectRequest extends AnalyzeOptions {
  /** Bucket. */
  readonly bucket: string;
  /** Prefix (a full key works too). */
  readonly prefix: string;
  /** The threshold. @default 1 */
  readonly threshold?: number;
}

/**
 * Finds the latest object under the prefix, streams it through the analysis core and returns the
 * summary. Every failure is an analyzer error (see {@link toAnalyzerError}).
 */
export async function analyzeLatestObject(
  s3: S3Client,
  request: LatestObjectRequest,
): Promise<AnalysisSummary> {
  const started = performance.now();
  const { bucket, prefix, signal } = request;
  const latest = await findLatestObject(s3, bucket, prefix, { signal });
  const opened = await openObject(s3, bucket, latest.key, { signal });
  try {
    const counts = await analyzeStream(opened.body, request);
    return buildSummary(counts, {
      source: {
        type: "s3",
        bucket,
        prefix,
        key: latest.key,
        lastModified: opened.lastModified.toISOString(),
        size: opened.size,
      },
      options: request,
      threshold: request.threshold,
      durationMs: performance.now() - started,
    });
  } catch (error) {
    throw toAnalyzerError(error, { bucket, key: latest.key, operation: "GetObject", signal });
  } finally {
    opened.body.destroy();
  }
}
