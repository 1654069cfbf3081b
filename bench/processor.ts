/**
 * `npm run bench -- processor [--events N] [--runs R]`: the real-time ERROR processor.
 *
 * 1. CPU: a 10,000-event delivery (mixed Lambda/Powertools/Python/log4j lines, ~⅓ ERROR or worse)
 *    through the handler with the DynamoDB client swapped for one that records requests and answers
 *    at once, against the floor measured in the same run: bare gunzip + JSON.parse of the same
 *    payload. Target: handler ≤ 2× floor.
 * 2. Requests: the same delivery through the real path against dynalite, then delivered again.
 *    Target: exactly ceil(incidents/25) BatchWriteItem when nothing is throttled; the redelivery
 *    writes nothing. BatchGetItem (the idempotency look-up) is counted too.
 * 3. Bundle: size (target ≤ 500 KB) and cold-start module load in a fresh node, against `node -e ""`
 *    and against requiring the same dependencies unbundled from node_modules.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  BatchGetItemCommand,
  CreateTableCommand,
  type BatchWriteItemCommand,
  DynamoDBClient,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import { PROCESSOR_ENTRY } from "../components/processingPath/processingPath";
import { bundleLambda } from "../components/shared/lambda";
import { decodeDelivery, encodeAwsLogsData } from "../components/processingPath/handler/decode";
import { buildIncidents } from "../components/processingPath/handler/incidents";
import { createHandler, type DeliverySummary } from "../components/processingPath/handler/processor";
import { Severity } from "../components/processingPath/handler/severity";
import { mulberry32 as prng } from "../apps/order-worker/src/prng";
import { cpuMs, median, nodeWallMs, quietly } from "./tools";

const WORK = path.resolve(__dirname, ".work", "processor");
const ROOT = path.resolve(__dirname, "..");

const STACK = [
  "Error: connect ETIMEDOUT 10.0.3.17:5432",
  "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
  "    at Client._connectionCallback (/var/task/node_modules/pg/lib/client.js:131:24)",
  "    at Connection.emit (node:events:519:28)",
  "    at Socket.<anonymous> (/var/task/node_modules/pg/lib/connection.js:62:12)",
  "    at OrderRepository.save (/var/task/src/orders/repository.js:88:19)",
  "    at async processOrder (/var/task/src/orders/handler.js:41:5)",
].join("\n");

/** One realistic log line; about a third are ERROR or CRITICAL. */
function message(r: () => number, i: number, t: number): string {
  const iso = new Date(t).toISOString();
  const req = `${(0x10000000 + Math.floor(r() * 0xefffffff)).toString(16)}-7a3c-4e1b-9d2f-${(i * 7919).toString(16).padStart(12, "0")}`;
  const order = `ord_${Math.floor(r() * 1e9).toString(36)}`;
  const kind = r();
  const isError = r() < 0.34;
  if (kind < 0.3) {
    // Powertools / Lambda JSON log format
    return JSON.stringify({
      level: isError ? (r() < 0.1 ? "CRITICAL" : "ERROR") : r() < 0.2 ? "WARN" : "INFO",
      message: isError ? `Payment capture failed for ${order}` : `Order ${order} reserved stock`,
      timestamp: iso,
      service: "orders",
      cold_start: false,
      function_request_id: req,
      xray_trace_id: `1-${Math.floor(t / 1000).toString(16)}-${req.replace(/-/g, "").slice(0, 24)}`,
      amount: Math.round(r() * 50000) / 100,
      currency: "EUR",
      ...(isError
        ? { error: { name: "GatewayTimeout", message: "upstream took 29000 ms", stack: STACK } }
        : {}),
    });
  }
  if (kind < 0.6) {
    // Lambda Node.js runtime text format
    const level = isError ? "ERROR" : r() < 0.15 ? "WARN" : "INFO";
    const text = isError
      ? `Invoke Error \t${JSON.stringify({ errorType: "Error", errorMessage: `connect ETIMEDOUT for ${order}`, stack: STACK.split("\n") })}`
      : `Processed ${order} in ${Math.round(r() * 900)} ms (items=${1 + Math.floor(r() * 9)}, client=«${"München Zürich São Paulo 東京".split(" ")[i % 4]}»)`;
    return `${iso}\t${req}\t${level}\t${text}\n`;
  }
  if (kind < 0.8) {
    // Python on Lambda
    const level = isError ? "ERROR" : "INFO";
    const text = isError
      ? `ValueError: invalid literal for int() with base 10: '${order}'\nTraceback (most recent call last):\n  File "/var/task/app.py", line 42, in handler\n    qty = int(event["qty"])`
      : `Fetched ${Math.floor(r() * 200)} rows from inventory for ${order}`;
    return `[${level}]\t${iso}\t${req}\t${text}\n`;
  }
  if (kind < 0.9) {
    // log4j-style Java line
    const level = isError ? (r() < 0.1 ? "FATAL" : "ERROR") : "INFO";
    return `${iso.replace("T", " ").slice(0, 23)} ${level} [pool-3-thread-${i % 8}] c.e.orders.OrderService - ${isError ? `Could not persist ${order}: org.postgresql.util.PSQLException: Connection refused` : `Persisted ${order}`}`;
  }
  // Lambda platform lines
  if (isError) return `${iso} ${req} Task timed out after 30.03 seconds\n`;
  return `REPORT RequestId: ${req}\tDuration: ${(r() * 900).toFixed(2)} ms\tBilled Duration: ${Math.ceil(r() * 900)} ms\tMemory Size: 512 MB\tMax Memory Used: ${80 + Math.floor(r() * 100)} MB\t\n`;
}

function deliveryJson(events: number): string {
  const r = prng(20261123);
  const start = Date.UTC(2026, 10, 23, 10, 0, 0);
  const logEvents = Array.from({ length: events }, (_, i) => {
    const t = start + i * 37;
    return {
      id: `3848091786504269726762749004560363313948049107104${String(9_000_000 + i)}`,
      timestamp: t,
      message: message(r, i, t),
    };
  });
  return JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/lambda/orders-prod",
    logStream: "2026/11/23/[$LATEST]94fa867e5374431291a7fc14e2f56ae7",
    subscriptionFilters: ["obskit-errors"],
    logEvents,
  });
}

/** Median CPU ms over `runs` runs after `warmup` unmeasured ones. */
async function measure(runs: number, fn: () => unknown, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await cpuMs(fn));
  return median(samples);
}

/** Alternates the functions `runs` times (after 3 warm-up rounds); per-round CPU ms and medians. */
async function interleaved(
  runs: number,
  ...fns: (() => unknown)[]
): Promise<{ samples: number[][]; medians: number[] }> {
  for (let i = 0; i < 3; i++) for (const fn of fns) await fn();
  const samples: number[][] = [];
  for (let i = 0; i < runs; i++) {
    const round: number[] = [];
    for (const fn of fns) round.push(await cpuMs(fn));
    samples.push(round);
  }
  return { samples, medians: fns.map((_, j) => median(samples.map((r) => r[j]))) };
}

const context = { awsRequestId: "bench", functionName: "log-processor" } as Context;

function deps(client: DynamoDBClient, tableName: string) {
  return {
    config: {
      tableName,
      minSeverity: Severity.ERROR,
      ttlDays: 90,
      maxMessageBytes: 16_384,
      notifyMinSeverity: Severity.CRITICAL,
      serviceName: "log-processor",
      metricsNamespace: "obskit",
    },
    dynamo: client,
    logger: new Logger({ serviceName: "log-processor" }),
    metrics: new Metrics({ namespace: "obskit", serviceName: "log-processor" }),
  };
}

interface DynaliteServer {
  listen(port: number, host: string, done: (err?: Error) => void): void;
  close(done: (err?: Error) => void): void;
  address(): AddressInfo;
}

async function realPath(event: unknown, expectedIncidents: number): Promise<void> {
  const dynalite = createRequire(__filename)("dynalite") as (o: Record<string, number>) => DynaliteServer;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((ok, ko) => server.listen(0, "127.0.0.1", (e) => (e ? ko(e) : ok())));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${server.address().port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const http: Record<string, number> = {};
  // deserialize runs once per HTTP attempt (inside the SDK's retry), so SDK retries are counted too.
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const name = ctx.commandName ?? "unknown";
      http[name] = (http[name] ?? 0) + 1;
      return next(args);
    },
    { step: "deserialize", name: "countRequests" },
  );
  try {
    await client.send(
      new CreateTableCommand({
        TableName: "incidents",
        AttributeDefinitions: [{ AttributeName: "incidentId", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "incidentId", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    delete http.CreateTableCommand;
    const handler = createHandler(deps(client, "incidents"));

    let t = performance.now();
    const first = await quietly(() => handler(event, context));
    const firstMs = performance.now() - t;
    const firstHttp = { ...http };
    for (const k of Object.keys(http)) delete http[k];
    t = performance.now();
    const again = await quietly(() => handler(event, context));
    const againMs = performance.now() - t;
    const againHttp = { ...http };

    let stored = 0;
    let start: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
    const firstSeen = new Set<string>();
    do {
      const page = await client.send(new ScanCommand({ TableName: "incidents", ExclusiveStartKey: start }));
      stored += page.Count ?? 0;
      for (const item of page.Items ?? []) firstSeen.add(item.firstSeenAt?.S ?? "");
      start = page.LastEvaluatedKey;
    } while (start !== undefined);

    const wantWrites = Math.ceil(expectedIncidents / 25);
    const wantReads = Math.ceil(expectedIncidents / 100);
    const writes = firstHttp.BatchWriteItemCommand ?? 0;
    console.log("\n== real path: dynalite on 127.0.0.1 ==");
    console.log(
      `first delivery   ${firstMs.toFixed(0).padStart(6)} ms wall  stored ${first.stored}  HTTP: BatchWriteItem ${writes} (target ceil(${expectedIncidents}/25) = ${wantWrites}), BatchGetItem ${firstHttp.BatchGetItemCommand ?? 0} (ceil(n/100) = ${wantReads})`,
    );
    console.log(
      `redelivery       ${againMs.toFixed(0).padStart(6)} ms wall  stored ${again.stored}, already stored ${again.alreadyStored}  HTTP: BatchWriteItem ${againHttp.BatchWriteItemCommand ?? 0}, BatchGetItem ${againHttp.BatchGetItemCommand ?? 0}`,
    );
    console.log(
      `table            ${stored} items (expected ${expectedIncidents}); distinct firstSeenAt values ${firstSeen.size}`,
    );
    const ok =
      writes === wantWrites &&
      stored === expectedIncidents &&
      (againHttp.BatchWriteItemCommand ?? 0) === 0 &&
      firstSeen.size === 1;
    console.log(`requests target  ${ok ? "MET" : "MISSED"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    client.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

/** Benchmark entry point. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: "string", default: "10000" }, runs: { type: "string", default: "15" } },
  });
  const events = Number(values.events);
  const runs = Number(values.runs);
  fs.mkdirSync(WORK, { recursive: true });

  const json = deliveryJson(events);
  const data = encodeAwsLogsData(json);
  const compressed = Buffer.from(data, "base64");
  const event = { awslogs: { data } };
  fs.writeFileSync(path.join(WORK, "delivery.json"), JSON.stringify(event));
  const delivery = decodeDelivery(event);
  const incidents = buildIncidents(
    delivery,
    { minSeverity: Severity.ERROR, maxMessageBytes: 16_384, ttlDays: 90 },
    new Date(),
  ).incidents.length;
  console.log(
    `payload: ${events} events, ${(json.length / 1e6).toFixed(2)} MB JSON, ${(compressed.length / 1e3).toFixed(0)} KB gzip, ${(data.length / 1e3).toFixed(0)} KB base64; ${incidents} incidents (${((100 * incidents) / events).toFixed(1)}% at/above ERROR)`,
  );

  // --- CPU: floor vs handler with a recording, instant DynamoDB client ---
  // The DynamoDB client swapped for one that records each request and answers at once.
  const requests = { get: 0, write: 0, puts: 0 };
  const recording = {
    send: async (command: BatchGetItemCommand | BatchWriteItemCommand): Promise<object> => {
      if (command instanceof BatchGetItemCommand) {
        requests.get++;
        return { Responses: {} };
      }
      requests.write++;
      requests.puts += Object.values(command.input.RequestItems ?? {})[0]?.length ?? 0;
      return {};
    },
  } as unknown as DynamoDBClient;
  const handler = createHandler(deps(recording, "incidents"));
  // For transparency: the real SDK client with a middleware answering before serialisation,
  // signing and HTTP, i.e. the SDK's own per-request client-side cost included.
  const sdkClient = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "b", secretAccessKey: "b" },
  });
  sdkClient.middlewareStack.add(
    () => async (args) => {
      const items = (args.input as BatchWriteItemCommand["input"]).RequestItems;
      const isWrite = items !== undefined && Array.isArray(Object.values(items)[0]);
      return { output: isWrite ? { $metadata: {} } : { Responses: {}, $metadata: {} }, response: {} };
    },
    { step: "initialize", name: "answerAtOnce", priority: "high" },
  );
  const sdkHandler = createHandler(deps(sdkClient, "incidents"));

  const base64 = await measure(runs, () => Buffer.from(data, "base64"));
  const decode = await measure(runs, () => decodeDelivery(event));
  const build = await measure(runs, () =>
    buildIncidents(
      delivery,
      { minSeverity: Severity.ERROR, maxMessageBytes: 16_384, ttlDays: 90 },
      new Date(),
    ),
  );
  let last: DeliverySummary | undefined;
  // Floor and handler alternate within one loop so both see the same machine load.
  const pairs = await quietly(() =>
    interleaved(
      runs,
      () => JSON.parse(gunzipSync(compressed).toString("utf8")),
      async () => {
        requests.get = requests.write = requests.puts = 0;
        last = await handler(event, context);
      },
      () => sdkHandler(event, context),
    ),
  );
  const [floor, full, withSdk] = pairs.medians;
  const ratioMedian = median(pairs.samples.map(([f, h]) => h / f));
  sdkClient.destroy();
  const ratio = ratioMedian;
  console.log("\n== CPU (median of %d runs, ms) ==", runs);
  console.log(`floor: gunzip + JSON.parse         ${floor.toFixed(1).padStart(7)}`);
  console.log(`  base64 decode alone             ${base64.toFixed(1).padStart(7)}`);
  console.log(
    `  decodeDelivery (b64+gz+JSON+shape) ${decode.toFixed(1).padStart(6)}   ${(decode / floor).toFixed(2)}× floor`,
  );
  console.log(
    `  buildIncidents (severity, ids)  ${build.toFixed(1).padStart(7)}   ${(build / floor).toFixed(2)}× floor`,
  );
  console.log(
    `handler (instant DynamoDB)        ${full.toFixed(1).padStart(7)}   ${ratio.toFixed(2)}× floor (median of per-run ratios; target ≤ 2×: ${ratio <= 2 ? "MET" : "MISSED"})`,
  );
  console.log(
    `  with the real SDK client, answered before serialisation/HTTP ${withSdk.toFixed(1)} ms, ${(withSdk / floor).toFixed(2)}× floor`,
  );
  console.log(
    `  requests per delivery: BatchGetItem ${requests.get}, BatchWriteItem ${requests.write} (${requests.puts} puts; ceil(${last?.incidents}/25) = ${Math.ceil((last?.incidents ?? 0) / 25)})`,
  );

  // --- real dynalite path ---
  await realPath(event, incidents);

  // --- bundle size and cold start ---
  const bundle = bundleLambda(PROCESSOR_ENTRY);
  const file = path.join(WORK, "index.js");
  fs.writeFileSync(file, bundle.code);
  const env = { PATH: process.env.PATH, TABLE_NAME: "incidents", AWS_REGION: "us-east-1" };
  const coldRuns = 10;
  const bare = nodeWallMs(["-e", ""], { cwd: ROOT, env }, coldRuns);
  const bundled = nodeWallMs(["-e", `require(${JSON.stringify(file)})`], { cwd: ROOT, env }, coldRuns);
  const unbundled = nodeWallMs(
    [
      "-e",
      [
        "@aws-sdk/client-dynamodb",
        "@aws-sdk/client-sns",
        "@aws-lambda-powertools/logger",
        "@aws-lambda-powertools/metrics",
        "zod/mini",
      ]
        .map((m) => `require(${JSON.stringify(m)})`)
        .join(";"),
    ],
    { cwd: ROOT, env },
    coldRuns,
  );
  console.log("\n== bundle ==");
  console.log(
    `size            ${(bundle.bytes / 1024).toFixed(1)} KB minified (target ≤ 500 KB: ${bundle.bytes <= 500 * 1024 ? "MET" : "MISSED"}), sha256 ${bundle.sha256.slice(0, 16)}…`,
  );
  console.log(`cold start (median of ${coldRuns} fresh node processes, wall ms)`);
  console.log(`  node -e ""                           ${bare.toFixed(0).padStart(5)}`);
  console.log(
    `  require(bundle)                      ${bundled.toFixed(0).padStart(5)}   +${(bundled - bare).toFixed(0)} ms, ${(bundled / bare).toFixed(2)}× bare`,
  );
  console.log(
    `  same deps unbundled from node_modules ${unbundled.toFixed(0).padStart(4)}   +${(unbundled - bare).toFixed(0)} ms, ${(unbundled / bare).toFixed(2)}× bare (dependencies only, no handler code)`,
  );
}
