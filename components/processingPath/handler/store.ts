/**
 * Idempotent storage of incidents in DynamoDB with BatchGetItem + BatchWriteItem.
 *
 * BatchWriteItem cannot be conditional, so a blind re-put of a redelivered incident would replace
 * its `firstSeenAt`. Instead each delivery first asks which of its incident ids are already stored
 * (BatchGetItem, 100 keys per request, strongly consistent, projecting only the key) and writes only
 * the new ones (BatchWriteItem, 25 puts per request). A fresh delivery of N incidents therefore
 * costs exactly ceil(N/25) write requests (+ ceil(N/100) reads); a full redelivery costs only the
 * reads. A delivery that failed half-way is finished by its retry: stored ids are skipped.
 *
 * Known limit: two invocations processing the same delivery at the same moment can both see an id
 * as new; the later put then wins with a `firstSeenAt` a few milliseconds later. CloudWatch Logs
 * retries a failed delivery only after the failure, so this needs a duplicate concurrent delivery.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { IncidentLookupError, IncidentWriteError } from "./errors";
import type { Incident } from "./incidents";

/** BatchWriteItem's limit of put/delete requests per call. */
export const BATCH_WRITE_LIMIT = 25;
/** BatchGetItem's limit of keys per call. */
export const BATCH_GET_LIMIT = 100;

/** How throttled or unprocessed requests are retried. */
export interface RetryPolicy {
  /** Attempts per chunk, the first included. */
  readonly maxAttempts: number;
  /** Backoff before retry n is a random share ("full jitter") of min(maxDelayMs, baseDelayMs·2^(n-1)). */
  readonly baseDelayMs: number;
  /** Upper bound of one backoff. */
  readonly maxDelayMs: number;
}

/**
 * 6 attempts, 50 ms doubling to at most 2 s: a chunk gives up after at most ~1.6 s of backoff,
 * well inside a Lambda timeout. (The SDK's own standard retry additionally retries each request
 * on network errors, 5xx and throttling, up to its `maxAttempts`.)
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 2000 };

/** Settings of one `storeIncidents` call. */
export interface StoreOptions {
  /** Table name (or ARN). */
  readonly tableName: string;
  /** Retry policy. @default DEFAULT_RETRY */
  readonly retry?: RetryPolicy;
  /** Batch requests in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Waits between retries (tests pass an instant one). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Random source for jitter, [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** DynamoDB requests made, by operation (each retry counts). */
export interface RequestCounts {
  /** BatchGetItem calls. */
  batchGet: number;
  /** BatchWriteItem calls. */
  batchWrite: number;
}

/** Outcome of `storeIncidents`. */
export interface StoreResult {
  /** Incidents written by this call. */
  readonly stored: Incident[];
  /** Incidents skipped because an earlier delivery already stored them. */
  readonly alreadyStored: Incident[];
  /** Requests made. */
  readonly requests: RequestCounts;
}

/** Error names DynamoDB uses for a request worth retrying. */
const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
]);

/** True for throttling and transient server errors (by name or by the SDK's `$retryable` mark). */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return RETRYABLE_ERRORS.has(error.name) || (error as { $retryable?: unknown }).$retryable !== undefined;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer (got ${size})`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Backoff before retry number `retry` (1 = first retry), full jitter. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(ceiling * random());
}

/** The DynamoDB item of an incident (attribute names = `Incident` field names). */
export function toItem(incident: Incident): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    incidentId: { S: incident.incidentId },
    logGroup: { S: incident.logGroup },
    logStream: { S: incident.logStream },
    eventId: { S: incident.eventId },
    timestamp: { S: incident.timestamp },
    severity: { S: incident.severity },
    message: { S: incident.message },
    truncated: { BOOL: incident.truncated },
    messageBytes: { N: String(incident.messageBytes) },
    firstSeenAt: { S: incident.firstSeenAt },
    sourceAccount: { S: incident.sourceAccount },
    subscriptionFilters: { L: incident.subscriptionFilters.map((name) => ({ S: name })) },
  };
  if (incident.expiresAt !== undefined) item.expiresAt = { N: String(incident.expiresAt) };
  return item;
}

interface Resolved {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly retry: RetryPolicy;
  readonly concurrency: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly requests: RequestCounts;
}

/** A chunk that stayed unfinished after its retries. */
class ChunkFailed {
  constructor(
    readonly remaining: number,
    readonly cause: unknown,
    readonly attempts: number,
  ) {}
}

function describe(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : "still unprocessed";
}

/** Runs `work` over `chunks` with at most `limit` in flight; after a failure starts no new chunk. */
async function runLimited<T>(chunks: T[], limit: number, work: (c: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < chunks.length) {
      const current = chunks[next++];
      try {
        await work(current);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, chunks.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

async function lookupChunk(r: Resolved, ids: string[], found: Set<string>): Promise<void> {
  let keys: Record<string, AttributeValue>[] = ids.map((id) => ({ incidentId: { S: id } }));
  for (let attempt = 1; ; attempt++) {
    let unprocessed: Record<string, AttributeValue>[];
    let lastError: unknown;
    try {
      r.requests.batchGet++;
      const out = await r.client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [r.tableName]: { Keys: keys, ProjectionExpression: "incidentId", ConsistentRead: true },
          },
        }),
      );
      for (const item of out.Responses?.[r.tableName] ?? []) {
        const id = item.incidentId?.S;
        if (id !== undefined) found.add(id);
      }
      unprocessed = out.UnprocessedKeys?.[r.tableName]?.Keys ?? [];
    } catch (error) {
      if (!isRetryableError(error)) throw new ChunkFailed(keys.length, error, attempt);
      unprocessed = keys;
      lastError = error;
    }
    if (unprocessed.length === 0) return;
    if (attempt >= r.retry.maxAttempts) throw new ChunkFailed(unprocessed.length, lastError, attempt);
    keys = unprocessed;
    await r.sleep(backoffMs(attempt, r.retry, r.random));
  }
}

async function writeChunk(
  r: Resolved,
  items: Record<string, AttributeValue>[],
  written: { n: number },
): Promise<void> {
  let pending: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; ; attempt++) {
    let unprocessed: WriteRequest[];
    let lastError: unknown;
    try {
      r.requests.batchWrite++;
      const out = await r.client.send(
        new BatchWriteItemCommand({ RequestItems: { [r.tableName]: pending } }),
      );
      unprocessed = out.UnprocessedItems?.[r.tableName] ?? [];
    } catch (error) {
      if (!isRetryableError(error)) throw new ChunkFailed(pending.length, error, attempt);
      unprocessed = pending;
      lastError = error;
    }
    written.n += pending.length - unprocessed.length;
    if (unprocessed.length === 0) return;
    if (attempt >= r.retry.maxAttempts) throw new ChunkFailed(unprocessed.length, lastError, attempt);
    pending = unprocessed;
    await r.sleep(backoffMs(attempt, r.retry, r.random));
  }
}

/** Ids among `ids` that are already in the table. Throws `IncidentLookupError` when retries run out. */
export async function findStoredIds(
  client: DynamoDBClient,
  ids: readonly string[],
  options: StoreOptions,
): Promise<Set<string>> {
  return lookup(resolve(client, options), ids);
}

async function lookup(r: Resolved, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  try {
    await runLimited(chunk(ids, BATCH_GET_LIMIT), r.concurrency, (c) => lookupChunk(r, c, found));
  } catch (error) {
    if (!(error instanceof ChunkFailed)) throw error;
    throw new IncidentLookupError(
      `Could not check which of ${ids.length} incidents are already stored in ${r.tableName} ` +
        `(${error.remaining} keys unresolved after ${error.attempts} attempt(s); ${describe(error.cause)}). ` +
        "Nothing was written; the delivery will be retried.",
      { cause: error.cause },
    );
  }
  return found;
}

/**
 * Stores the incidents not already in the table. Throws `IncidentWriteError` (with how many were
 * and were not written) when a chunk still fails after its retries.
 */
export async function storeIncidents(
  client: DynamoDBClient,
  incidents: readonly Incident[],
  options: StoreOptions,
): Promise<StoreResult> {
  const r = resolve(client, options);
  if (incidents.length === 0) return { stored: [], alreadyStored: [], requests: r.requests };
  const existing = await lookup(
    r,
    incidents.map((i) => i.incidentId),
  );
  const stored = incidents.filter((i) => !existing.has(i.incidentId));
  const alreadyStored = incidents.filter((i) => existing.has(i.incidentId));
  const written = { n: 0 };
  try {
    await runLimited(chunk(stored.map(toItem), BATCH_WRITE_LIMIT), r.concurrency, (c) =>
      writeChunk(r, c, written),
    );
  } catch (error) {
    if (!(error instanceof ChunkFailed)) throw error;
    const notWritten = stored.length - written.n;
    throw new IncidentWriteError(
      `${notWritten} of ${stored.length} new incidents could not be stored in ${r.tableName} ` +
        `(a batch failed after ${error.attempts} attempt(s): ${describe(error.cause)}). ` +
        "The delivery will be retried; incidents already stored are skipped then.",
      { written: written.n, notWritten },
      { cause: error.cause },
    );
  }
  return { stored, alreadyStored, requests: r.requests };
}

function resolve(client: DynamoDBClient, options: StoreOptions): Resolved {
  return {
    client,
    tableName: options.tableName,
    retry: options.retry ?? DEFAULT_RETRY,
    concurrency: options.concurrency ?? 4,
    sleep: options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms))),
    random: options.random ?? Math.random,
    requests: { batchGet: 0, batchWrite: 0 },
  };
}
