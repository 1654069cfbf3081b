/**
 * `npm run bench -- cafe [--copies N] [--batch B] [--runs R]`: the café analytics Lambda.
 *
 * 1. Throughput: the real access log (10,000 lines, repeated `--copies` times) as awslogs deliveries
 *    of `--batch` events, through the handler (decode, parse, GeoIP, JSON records, per-country EMF;
 *    output swallowed) against the baseline measured in the same run, interleaved: a bare
 *    `parseAccessLogLine` over the same lines. Lines per second of CPU, and the ratio.
 * 2. Bundle: size of `index.js`, and the function archive (bundle + geoip-lite data files): bytes
 *    unzipped and deflated, against Lambda's 50 MB direct-upload and 250 MB unzipped limits.
 * 3. Cold start: loading the bundle (GeoIP data included) in a fresh node, against `node -e ""`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { deflateRawSync, gunzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { createHandler } from "../apps/cafe/analytics/analytics";
import { CAFE_ANALYTICS_ENTRY, geoipArchiveFiles } from "../apps/cafe/analytics/deploy";
import { locate } from "../apps/cafe/analytics/geo";
import { parseAccessLogLine } from "../apps/cafe/src/accessLog";
import { encodeAwsLogsData } from "../components/processingPath/handler/decode";
import { bundleLambda } from "../components/shared/lambda";
import { cpuMs, median, nodeWallMs, quietly } from "./tools";

const ACCESS_LOG = path.resolve(__dirname, "../../shared/data/apache/access.log");
const MB = 1024 * 1024;

function deliveries(lines: string[], batch: number): { awslogs: { data: string } }[] {
  const out: { awslogs: { data: string } }[] = [];
  for (let i = 0; i < lines.length; i += batch) {
    const logEvents = lines
      .slice(i, i + batch)
      .map((message, j) => ({ id: String(i + j), timestamp: 1_431_857_103_000 + i + j, message }));
    out.push({
      awslogs: {
        data: encodeAwsLogsData(
          JSON.stringify({
            messageType: "DATA_MESSAGE",
            owner: "123456789012",
            logGroup: "apache/access",
            logStream: "i-0",
            subscriptionFilters: ["bench"],
            logEvents,
          }),
        ),
      },
    });
  }
  return out;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      copies: { type: "string", default: "5" },
      batch: { type: "string", default: "1000" },
      runs: { type: "string", default: "7" },
    },
  });
  const copies = Number(values.copies);
  const batch = Number(values.batch);
  const runs = Number(values.runs);
  const file = fs
    .readFileSync(ACCESS_LOG, "utf8")
    .split("\n")
    .filter((l) => l !== "");
  const lines = Array.from({ length: copies }, () => file).flat();
  const events = deliveries(lines, batch);

  let written = 0;
  const handler = createHandler({
    config: { orderPath: "/cafe/processOrder.php", serviceName: "bench", metricsNamespace: "bench" },
    logger: new Logger({ serviceName: "bench", logLevel: "WARN" }),
    metrics: new Metrics({ namespace: "bench", serviceName: "bench" }),
    locate,
    write: (text) => {
      written += text.length;
    },
  });
  const context = { awsRequestId: "bench" } as Context;
  let parsedCount = 0;
  const bare = (): void => {
    let n = 0;
    for (const l of lines) if (parseAccessLogLine(l) !== null) n++;
    parsedCount = n;
  };
  const decodeAndParse = (): void => {
    for (const e of events) {
      const d = JSON.parse(gunzipSync(Buffer.from(e.awslogs.data, "base64")).toString("utf8")) as {
        logEvents: { message: string }[];
      };
      for (const ev of d.logEvents) parseAccessLogLine(ev.message);
    }
  };
  const full = (): Promise<void> =>
    quietly(async () => {
      for (const e of events) await handler(e, context);
    });

  for (let i = 0; i < 2; i++) {
    bare();
    decodeAndParse();
    await full();
  }
  const samples: number[][] = [];
  for (let i = 0; i < runs; i++)
    samples.push([await cpuMs(bare), await cpuMs(decodeAndParse), await cpuMs(full)]);
  const [bareMs, decodeMs, fullMs] = [0, 1, 2].map((j) => median(samples.map((r) => r[j])));
  const ratio = median(samples.map(([b, , f]) => f / b));
  const rate = (ms: number) => Math.round((lines.length / ms) * 1000).toLocaleString("en-US");

  console.log(
    "== café analytics throughput (median CPU of %d runs; %d lines in deliveries of %d) ==",
    runs,
    lines.length,
    batch,
  );
  console.log(
    `bare parseAccessLogLine (baseline)   ${bareMs.toFixed(1).padStart(8)} ms  ${rate(bareMs).padStart(11)} lines/s`,
  );
  console.log(
    `gunzip + JSON.parse + parse          ${decodeMs.toFixed(1).padStart(8)} ms  ${rate(decodeMs).padStart(11)} lines/s  ${(decodeMs / bareMs).toFixed(2)}× baseline`,
  );
  console.log(
    `handler (decode, parse, GeoIP, EMF)  ${fullMs.toFixed(1).padStart(8)} ms  ${rate(fullMs).padStart(11)} lines/s  ${ratio.toFixed(2)}× baseline (median of per-run ratios)`,
  );
  console.log(
    `(${parsedCount} well-formed lines per run; ${(written / runs / 1e6 / 1).toFixed(1)} MB of request records written per run)`,
  );

  const bundle = bundleLambda(CAFE_ANALYTICS_ENTRY);
  const files = geoipArchiveFiles();
  let raw = bundle.bytes;
  let deflated = deflateRawSync(bundle.code).length;
  for (const f of Object.values(files)) {
    const data = fs.readFileSync(f);
    raw += data.length;
    deflated += deflateRawSync(data).length;
  }
  console.log("\n== bundle and archive ==");
  console.log(`index.js                  ${(bundle.bytes / 1024).toFixed(1).padStart(9)} KB`);
  console.log(`archive, unzipped         ${(raw / MB).toFixed(1).padStart(9)} MB  (Lambda limit 250 MB)`);
  console.log(
    `archive, deflated (≈zip)  ${(deflated / MB).toFixed(1).padStart(9)} MB  (direct-upload limit 50 MB: ${deflated < 50 * MB ? "under" : "OVER — upload through S3"})`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cafe-bench-"));
  try {
    fs.writeFileSync(path.join(dir, "index.js"), bundle.code);
    for (const [at, f] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, at)), { recursive: true });
      fs.symlinkSync(f, path.join(dir, at));
    }
    const env = { PATH: process.env.PATH, GEODATADIR: "geoip" };
    const empty = nodeWallMs(["-e", ""], { cwd: dir, env }, 5);
    const load = nodeWallMs(["-e", 'require("./index.js")'], { cwd: dir, env }, 5);
    console.log("\n== cold start (median wall ms, fresh node) ==");
    console.log(`node -e ""                ${empty.toFixed(0).padStart(9)} ms`);
    console.log(
      `require bundle + GeoIP    ${load.toFixed(0).padStart(9)} ms  (+${(load - empty).toFixed(0)} ms)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
