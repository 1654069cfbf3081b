/**
 * `npm run bench -- <name>`: runs `bench/<name>.ts`. Every benchmark measures its baseline in the
 * same run and prints ratios against it; none of them is part of `npm test`.
 */
interface Bench {
  main(argv: string[]): Promise<void>;
}

const BENCHES: Record<string, { summary: string; load: () => Promise<Bench> }> = {
  filter: {
    summary: "filter patterns (term, JSON, space-delimited) over 1M lines vs jq",
    load: () => import("./filter"),
  },
  processor: {
    summary:
      "log processor: 10k-event delivery CPU vs gunzip+JSON.parse, DynamoDB requests, bundle size, cold start",
    load: () => import("./processor"),
  },
  plan: {
    summary: "obskit plan of dev + prod in one process vs cdk synth of the same monitoring (aws-cdk-lib)",
    load: () => import("./plan"),
  },
  cafe: {
    summary:
      "café analytics Lambda: lines/s vs a bare parse of the same lines, bundle and archive size, cold start",
    load: () => import("./cafe"),
  },
  analyze: {
    summary: "log analyzer: 2M-line JSONL file vs jq, python json.loads, readline+JSON.parse, wc -l",
    load: () => import("./analyze"),
  },
  replay: {
    summary: "replay: 1M order-worker events through filters + alarm evaluation vs JSON.parse of the lines",
    load: () => import("./replay"),
  },
  "replay-span": {
    summary: "replay: the same events over 1 hour, 1 day and 30 days of span (ratios to 1 hour: flat)",
    load: () => import("./replaySpan"),
  },
};

async function run(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const entry = name ? BENCHES[name] : undefined;
  if (!entry) {
    const list = Object.entries(BENCHES)
      .map(([n, b]) => `  ${n.padEnd(10)} ${b.summary}`)
      .join("\n");
    process.stderr.write(`usage: npm run bench -- <name>\n${list}\n`);
    process.exitCode = 2;
    return;
  }
  await (await entry.load()).main(rest);
}

void run();
