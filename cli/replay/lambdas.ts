/**
 * Runs the stack's real subscription handlers locally: the log processor
 * (components/processingPath/handler) against dynalite, and the café analytics (apps/cafe/analytics),
 * each with its planned environment, with Powertools' output captured: EMF records become metrics
 * (as CloudWatch extracts them) and every line becomes a log event of the function's log group.
 */
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { SNSClient, type PublishCommandInput } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import type { MetricId } from "./types";

/** A line a function wrote (its log) at a simulated time. */
export interface FunctionOutput {
  lines: string[];
  /** EMF metrics extracted from the lines. */
  metrics: { metric: MetricId; value: number; unit?: string }[];
  /** SNS publications the function made. */
  published: { topicArn: string; subject?: string }[];
}

interface DynaliteServer {
  listen(port: number, host: string, done: (err?: Error) => void): void;
  address(): AddressInfo | string | null;
  unref?: () => void;
}
type DynaliteFactory = (o: {
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}) => DynaliteServer;

let local: Promise<string> | undefined;

/**
 * The endpoint of the one dynalite of this process (started on first use, on 127.0.0.1 and a free
 * port; it does not keep the process alive).
 */
export function localDynamoEndpoint(): Promise<string> {
  local ??= (async () => {
    // dynalite is a development dependency and ships no types
    const dynalite = createRequire(__filename)("dynalite") as DynaliteFactory;
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) =>
      server.listen(0, "127.0.0.1", (err) => (err ? reject(err) : resolve())),
    );
    server.unref?.();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  })();
  return local;
}

export function localDynamoClient(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: "replay", secretAccessKey: "replay" },
  });
}

let tables = 0;

/** Creates a fresh table with the incidents table's key for one replay; returns its name. */
export async function createReplayTable(
  client: DynamoDBClient,
  name: string,
  hashKey: string,
): Promise<string> {
  const table = `${name}-replay-${process.pid}-${++tables}`.slice(0, 255);
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: hashKey, AttributeType: "S" }],
      KeySchema: [{ AttributeName: hashKey, KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  return table;
}

/** Every item of a table, as plain values (S, N, BOOL). */
export async function scanTable(client: DynamoDBClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(item)) {
        if (v.S !== undefined) out[k] = v.S;
        else if (v.N !== undefined) out[k] = Number(v.N);
        else if (v.BOOL !== undefined) out[k] = v.BOOL;
      }
      items.push(out);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** Powertools writes through a private `console`; the replay gives it one that collects lines. */
function capture(target: Logger | Metrics, sink: (line: string) => void): void {
  const write = (...args: unknown[]): void => {
    for (const line of args.map(String).join(" ").split("\n")) if (line !== "") sink(line);
  };
  (
    target as unknown as { console: Pick<Console, "log" | "info" | "warn" | "error" | "debug" | "trace"> }
  ).console = {
    log: write,
    info: write,
    warn: write,
    error: write,
    debug: write,
    trace: write,
  };
}

/** A Logger and Metrics whose output goes to `out`. */
export function capturedPowertools(
  serviceName: string,
  namespace: string,
  logLevel: string | undefined,
  out: FunctionOutput,
): { logger: Logger; metrics: Metrics } {
  const level = (logLevel ?? "INFO").toUpperCase() as "INFO";
  const logger = new Logger({ serviceName, logLevel: level });
  const metrics = new Metrics({ namespace, serviceName, logger });
  const sink = (line: string): void => {
    out.lines.push(line);
    out.metrics.push(...emfMetrics(line));
  };
  capture(logger, sink);
  capture(metrics, sink);
  return { logger, metrics };
}

/**
 * The metrics CloudWatch extracts from one embedded-metric-format line: every metric of every
 * directive, with each dimension set's values taken from the record.
 */
export function emfMetrics(line: string): { metric: MetricId; value: number; unit?: string }[] {
  if (!line.startsWith("{") || !line.includes('"_aws"')) return [];
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return [];
  }
  const aws = doc._aws as
    | {
        CloudWatchMetrics?: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit?: string }[];
        }[];
      }
    | undefined;
  const out: { metric: MetricId; value: number; unit?: string }[] = [];
  for (const d of aws?.CloudWatchMetrics ?? []) {
    const sets = d.Dimensions.length > 0 ? d.Dimensions : [[]];
    for (const m of d.Metrics) {
      const raw = doc[m.Name];
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is number => typeof v === "number");
      for (const set of sets) {
        const dimensions: Record<string, string> = {};
        for (const k of set) dimensions[k] = String(doc[k]);
        for (const value of values)
          out.push({
            metric: { namespace: d.Namespace, name: m.Name, dimensions },
            value,
            ...(m.Unit ? { unit: m.Unit } : {}),
          });
      }
    }
  }
  return out;
}

/** An SNS client that records each Publish instead of sending it (no network). */
export function recordingSns(region: string, out: FunctionOutput): SNSClient {
  const sns = new SNSClient({ region, credentials: { accessKeyId: "replay", secretAccessKey: "replay" } });
  sns.middlewareStack.add(
    () => async (args) => {
      const input = args.input as PublishCommandInput;
      out.published.push({
        topicArn: String(input.TopicArn),
        ...(input.Subject ? { subject: input.Subject } : {}),
      });
      return { output: { MessageId: `replay-${out.published.length}`, $metadata: {} }, response: {} };
    },
    { step: "initialize", name: "obskitReplayRecordPublish" },
  );
  return sns;
}

/** The Lambda context of one invocation. */
export function invocationContext(functionArn: string, logGroup: string, requestId: string): Context {
  const name = functionArn.split(":").pop() ?? "function";
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn,
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: logGroup,
    logStreamName: `replay/[$LATEST]${requestId.slice(0, 8)}`,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
