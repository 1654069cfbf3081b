/**
 * Shared test helpers: a dynalite server on 127.0.0.1, the incidents table, payload encoding,
 * the real subscription samples, and stdout capture for Powertools logs / EMF.
 */
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import type { ProcessorConfig } from "../../../../components/processingPath/handler/config";
import { encodeAwsLogsData } from "../../../../components/processingPath/handler/decode";
import type { ProcessorDeps } from "../../../../components/processingPath/handler/processor";
import { Severity } from "../../../../components/processingPath/handler/severity";

/** The real CloudWatch Logs subscription samples (repo's sibling `shared/` folder). */
export const SUBSCRIPTION_DATA = path.resolve(__dirname, "../../../../../shared/data/subscription");

/** Text of one sample file. */
export function sample(name: string): string {
  return fs.readFileSync(path.join(SUBSCRIPTION_DATA, name), "utf8");
}

/** A Lambda event carrying `json` as CloudWatch Logs would (gzip + base64). */
export function deliveryEvent(json: string): { awslogs: { data: string } } {
  return { awslogs: { data: encodeAwsLogsData(json) } };
}

interface DynaliteServer {
  listen(port: number, host: string, done: (err?: Error) => void): void;
  close(done: (err?: Error) => void): void;
  address(): AddressInfo | string | null;
}
type DynaliteFactory = (options: {
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}) => DynaliteServer;

/** dynalite ships no types; load it through `require` with the small surface used here. */
const dynalite = createRequire(__filename)("dynalite") as DynaliteFactory;

/** A running dynalite and how to reach it. */
export interface LocalDynamo {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1, on a free port. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) =>
    server.listen(0, "127.0.0.1", (err) => (err ? reject(err) : resolve())),
  );
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Starts dynalite before the enclosing mocha suite and stops it after; the returned object's
 * `client` and `endpoint` are set once the suite's `before` hooks have run.
 */
export function useLocalDynamo(): { readonly client: DynamoDBClient; readonly endpoint: string } {
  const local = {} as { client: DynamoDBClient; endpoint: string; dynamo: LocalDynamo };
  before(async () => {
    local.dynamo = await startDynalite();
    local.endpoint = local.dynamo.endpoint;
    local.client = localClient(local.endpoint);
  });
  after(async () => {
    local.client?.destroy();
    await local.dynamo?.stop();
  });
  return local;
}

/** A DynamoDB client for dynalite (dummy credentials; one attempt so injected faults stay visible). */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
}

let tableCounter = 0;

/** Creates a fresh incidents table (partition key `incidentId` S) and returns its name. */
export async function createIncidentsTable(client: DynamoDBClient): Promise<string> {
  const name = `incidents-${process.pid}-${++tableCounter}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: "incidentId", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "incidentId", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  return name;
}

/** Every item of a table. */
export async function scanAll(
  client: DynamoDBClient,
  table: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** A processor configuration for tests. */
export function testConfig(tableName: string, overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  return {
    tableName,
    minSeverity: Severity.ERROR,
    ttlDays: 30,
    maxMessageBytes: 16_384,
    notifyMinSeverity: Severity.CRITICAL,
    serviceName: "log-processor-test",
    metricsNamespace: "obskit-test",
    ...overrides,
  };
}

/**
 * Processor deps with real Powertools logger/metrics and an instant retry backoff. The logger
 * prints WARN and above unless `logLevel` says otherwise (keeps test output readable).
 */
export function testDeps(
  client: DynamoDBClient,
  config: ProcessorConfig,
  extra: Partial<ProcessorDeps> = {},
  logLevel: "INFO" | "WARN" = "WARN",
): ProcessorDeps {
  return {
    config,
    dynamo: client,
    logger: new Logger({ serviceName: config.serviceName, logLevel }),
    metrics: new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
    store: { sleep: async () => undefined, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } },
    ...extra,
  };
}

/** A Lambda context. */
export function lambdaContext(requestId = "11111111-2222-3333-4444-555555555555"): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "log-processor",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:log-processor",
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: "/aws/lambda/log-processor",
    logStreamName: "2026/11/23/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Result of `captureOutput`. */
export interface Captured<T> {
  /** What `act` returned, or undefined if it threw. */
  readonly value?: T;
  /** What `act` threw. */
  readonly error?: unknown;
  /** Output lines parsed as JSON (Powertools logs and EMF documents); other lines are skipped. */
  readonly records: Record<string, unknown>[];
}

/** Runs `act` while collecting the JSON lines written to stdout and stderr (Powertools logs ERROR to stderr). */
export async function captureOutput<T>(act: () => Promise<T>): Promise<Captured<T>> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array): boolean => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof stream.write;
  }
  let value: T | undefined;
  let error: unknown;
  try {
    value = await act();
  } catch (e) {
    error = e;
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]));
  }
  const records: Record<string, unknown>[] = [];
  for (const line of chunks.join("").split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a JSON record
    }
  }
  return { ...(value === undefined ? {} : { value }), ...(error === undefined ? {} : { error }), records };
}

/** Sum of an EMF metric across the captured records. */
export function metricValue(records: readonly Record<string, unknown>[], name: string): number {
  let total = 0;
  for (const r of records) {
    if (r._aws === undefined) continue;
    const v = r[name];
    if (typeof v === "number") total += v;
    else if (Array.isArray(v)) total += v.reduce((a: number, b: unknown) => a + Number(b), 0);
  }
  return total;
}

/** Plain JS values of an item (S, N, BOOL, L of S). */
export function plain(item: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (v.S !== undefined) out[k] = v.S;
    else if (v.N !== undefined) out[k] = Number(v.N);
    else if (v.BOOL !== undefined) out[k] = v.BOOL;
    else if (v.L !== undefined) out[k] = v.L.map((e) => e.S);
  }
  return out;
}
