import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createReadStream } from "node:fs";
import {
  analyzeFile,
  analyzeInParallel,
  analyzeStream,
  type AnalysisSummary,
} from "../../../apps/log-analyzer/src/analyze";
import { splitFile, threadsFor } from "../../../apps/log-analyzer/src/parallel";
import { mulberry32 } from "../../../apps/order-worker/src/prng";

/** A file with every kind of line: errors of many groups, blank, malformed, CRLF, too long, a BOM. */
function corpus(lines: number, seed: number, groups = 40): string {
  const random = mulberry32(seed);
  const out: string[] = [];
  for (let k = 0; k < lines; k++) {
    const r = random();
    if (r < 0.03) out.push("");
    else if (r < 0.06) out.push(`not json ${k}`);
    else if (r < 0.08) out.push(`{"level":"ERROR","service":"cut`);
    else if (r < 0.09) out.push(`{"level":"ERROR","service":"long","pad":"${"x".repeat(3000)}"}`);
    else {
      const level = random() < 0.4 ? "ERROR" : "INFO";
      const crlf = random() < 0.1 ? "\r" : "";
      out.push(`{"ts":${k},"level":"${level}","service":"svc-${Math.floor(random() * groups)}"}${crlf}`);
    }
  }
  return `\ufeff${out.join("\n")}${random() < 0.5 ? "\n" : ""}`;
}

const timeless = (s: AnalysisSummary): Omit<AnalysisSummary, "durationMs"> => {
  const { durationMs: _d, ...rest } = s;
  return rest;
};

describe("analyzer: a plain file split across worker threads", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "obskit-parallel-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("cuts ranges just after line feeds, covering the file", () => {
    const file = join(dir, "cuts.jsonl");
    const text = "a\nbb\nccc\n\ndddd";
    writeFileSync(file, text);
    const ranges = splitFile(file, text.length, 4);
    expect(ranges[0].start).to.equal(0);
    expect(ranges[ranges.length - 1].end).to.equal(text.length);
    for (let k = 1; k < ranges.length; k++) {
      expect(ranges[k].start).to.equal(ranges[k - 1].end);
      expect(text[ranges[k].start - 1]).to.equal("\n");
    }
    expect(ranges.length).to.be.greaterThan(1);
    expect(threadsFor(10, { threads: 4, minBytesPerThread: 3 })).to.equal(3);
    expect(threadsFor(100 * 1024 * 1024, { threads: 1 })).to.equal(1);
  });

  for (const [threads, seed] of [
    [2, 1],
    [3, 2],
    [4, 3],
  ] as const) {
    it(`gives exactly the one-thread summary with ${threads} threads (seed ${seed})`, async () => {
      const file = join(dir, `corpus-${seed}.jsonl`);
      writeFileSync(file, corpus(20_000, seed));
      const options = { maxLineBytes: 2048, maxMalformedSamples: 50, maxGroups: 10 };
      const one = await analyzeFile(file, { ...options, threads: 1 });
      const split = await analyzeInParallel(file, { ...options, threads, minBytesPerThread: 1 });
      expect(split, "the file was split").to.not.equal(undefined);
      const many = await analyzeFile(file, { ...options, threads, minBytesPerThread: 1 });
      expect(timeless(many)).to.deep.equal(timeless(one));
      expect(one.errorsTotal).to.be.greaterThan(1000);
      expect(one.malformedLines.tooLong).to.be.greaterThan(50);
    });
  }

  // the chunked file reader against the stream reader (one pass, no chunks) on the same bytes:
  // chunk sizes that cut lines anywhere, shorter and longer than the lines, one or more threads
  for (const [threads, chunkBytes, seed] of [
    [1, 1, 11],
    [1, 97, 12],
    [2, 1000, 13],
    [3, 4096, 14],
    [2, 1 << 20, 15],
  ] as const) {
    it(`counts by ${chunkBytes}-byte chunks on ${threads} thread(s) exactly as one stream does (seed ${seed})`, async () => {
      const file = join(dir, `chunks-${seed}.jsonl`);
      writeFileSync(file, corpus(chunkBytes === 1 ? 400 : 8000, seed));
      const options = { maxLineBytes: 2048, maxMalformedSamples: 30, maxGroups: 10 };
      const stream = await analyzeStream(createReadStream(file), options);
      const chunked = await analyzeInParallel(file, {
        ...options,
        threads,
        minBytesPerThread: 1,
        chunkBytes,
      });
      expect(chunked).to.deep.equal(stream);
      expect(stream.errorsTotal).to.be.greaterThan(20);
      expect(stream.malformedLines.count).to.be.greaterThan(5);
    });
  }

  it("counts an empty file, a lone line feed and a last line without one like one stream", async () => {
    for (const text of ["", "\n", '{"level":"ERROR","service":"a"}', '\n\n{"level":"ERROR"}\n', "\ufeff\n"]) {
      const file = join(dir, "edge.jsonl");
      writeFileSync(file, text);
      for (const chunkBytes of [1, 2, 3, 64]) {
        const chunked = await analyzeInParallel(file, { threads: 2, minBytesPerThread: 1, chunkBytes });
        expect(chunked, JSON.stringify(text)).to.deep.equal(await analyzeStream(createReadStream(file)));
      }
    }
  });

  it("falls back to one pass when the threads together saw more groups than are tracked", async () => {
    const file = join(dir, "many-groups.jsonl");
    writeFileSync(file, corpus(5000, 9, 5000));
    const options = { maxGroups: 10, threads: 2, minBytesPerThread: 1 };
    expect(await analyzeInParallel(file, options)).to.equal(undefined);
    const one = await analyzeFile(file, { maxGroups: 10, threads: 1 });
    expect(timeless(await analyzeFile(file, options))).to.deep.equal(timeless(one));
  });

  it("reads gzip input as one stream", async () => {
    const file = join(dir, "corpus.jsonl.gz");
    writeFileSync(file, gzipSync(corpus(3000, 5)));
    expect(await analyzeInParallel(file, { threads: 2, minBytesPerThread: 1 })).to.equal(undefined);
    const summary = await analyzeFile(file, { threads: 2, minBytesPerThread: 1 });
    expect(summary.compressed).to.equal(true);
    expect(summary.errorsTotal).to.be.greaterThan(500);
  });

  it("reports a worker's read error like a one-thread run", async () => {
    let error: unknown;
    try {
      await analyzeFile(join(dir, "missing.jsonl"), { threads: 2, minBytesPerThread: 1 });
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).to.equal("InputReadError");
  });
});
