import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import {
  ANALYZE_DEFAULTS,
  analyzeFile,
  analyzeStream,
  buildSummary,
  thresholdSchema,
  type StreamCounts,
} from "../../../apps/log-analyzer/src/analyze";
import { AnalysisTimeoutError } from "../../../apps/log-analyzer/src/errors";
import { rejection } from "../../support/errors";

/** The input split into chunks of `size` bytes. */
function chunks(input: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < input.length; at += size) parts.push(input.subarray(at, at + size));
  return Readable.from(parts);
}

const SAMPLE = [
  '{"ts":"2025-09-15T12:00:00Z","level":"ERROR","service":"payments","msg":"card declined"}',
  '{"ts":"2025-09-15T12:00:01Z","level":"INFO","service":"payments","msg":"ok"}',
  "",
  '{"ts":"2025-09-15T12:00:02Z","level":"ERROR","service":"auth","msg":"token expired"}',
  "this is not json",
  '{"ts":"2025-09-15T12:00:03Z","level":"ERROR","service":"payments","msg":"timeout"}',
  '{"ts":"2025-09-15T12:00:04Z","level":"WARN","service":"auth"}',
  '{"ts":"2025-09-15T12:00:05Z","level":"ERROR","service":"api","msg":"ünïcödé ☕"}\r',
  '{"truncated":',
  '{"level":"ERROR","service":"auth"}',
].join("\n");

const SAMPLE_COUNTS: StreamCounts = {
  linesRead: 10,
  blankLines: 1,
  records: 7,
  errorsTotal: 5,
  errorsByService: [
    { service: "auth", count: 2 },
    { service: "payments", count: 2 },
    { service: "api", count: 1 },
  ],
  groups: { limit: 1000, otherErrors: 0, countsExact: true, maxOvercount: 0 },
  malformedLines: { count: 2, firstLineNumbers: [5, 9], tooLong: 0 },
  compressed: false,
};

describe("analyzeStream", () => {
  it("counts lines, errors by service (most first, ties by name), blank and malformed lines", async () => {
    expect(await analyzeStream(Readable.from([Buffer.from(SAMPLE)]))).to.deep.equal(SAMPLE_COUNTS);
  });

  it("gives the same counts however the stream is chunked", async () => {
    const input = Buffer.from(SAMPLE);
    for (const size of [1, 2, 3, 5, 7, 13, 64, 100, input.length]) {
      expect(await analyzeStream(chunks(input, size)), `chunks of ${size}`).to.deep.equal(SAMPLE_COUNTS);
    }
  });

  it("counts a last line that has no line feed, and no extra line after a final line feed", async () => {
    const withoutFinalNewline = await analyzeStream(Readable.from([Buffer.from('{"level":"ERROR"}')]));
    const withFinalNewline = await analyzeStream(Readable.from([Buffer.from('{"level":"ERROR"}\n')]));
    expect(withoutFinalNewline.linesRead).to.equal(1);
    expect(withoutFinalNewline.errorsTotal).to.equal(1);
    expect(withFinalNewline.linesRead).to.equal(1);
    expect(withFinalNewline.errorsTotal).to.equal(1);
  });

  it("reads an empty input as zero lines", async () => {
    const counts = await analyzeStream(Readable.from([]));
    expect(counts).to.deep.include({ linesRead: 0, records: 0, errorsTotal: 0, compressed: false });
  });

  it("decompresses gzip input, detected from its bytes, in any chunking", async () => {
    const gz = gzipSync(Buffer.from(SAMPLE));
    for (const size of [1, 2, 10, gz.length]) {
      expect(await analyzeStream(chunks(gz, size)), `chunks of ${size}`).to.deep.equal({
        ...SAMPLE_COUNTS,
        compressed: true,
      });
    }
  });

  it("reads every member of a multi-member gzip file (concatenated archives)", async () => {
    const gz = Buffer.concat([
      gzipSync('{"level":"ERROR","service":"a"}\n'),
      gzipSync('{"level":"ERROR","service":"b"}\n'),
    ]);
    const counts = await analyzeStream(Readable.from([gz]));
    expect(counts.errorsByService).to.deep.equal([
      { service: "a", count: 1 },
      { service: "b", count: 1 },
    ]);
  });

  it("rejects a corrupt or truncated gzip stream with InputDecodeError", async () => {
    const gz = gzipSync(Buffer.from(SAMPLE.repeat(50)));
    const truncated = await rejection(analyzeStream(Readable.from([gz.subarray(0, gz.length / 2)])));
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x41, 20, 60);
    const garbled = await rejection(analyzeStream(Readable.from([corrupt])));
    expect(truncated.name).to.equal("InputDecodeError");
    expect(garbled.name).to.equal("InputDecodeError");
  });

  it("skips a UTF-8 byte order mark at the start of the input (plain or gzip)", async () => {
    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"level":"ERROR","service":"bom"}\n'),
    ]);
    for (const input of [withBom, gzipSync(withBom)]) {
      const counts = await analyzeStream(chunks(input, 1));
      expect(counts.errorsByService).to.deep.equal([{ service: "bom", count: 1 }]);
      expect(counts.malformedLines.count).to.equal(0);
    }
  });

  it("counts lines longer than maxLineBytes as malformed without buffering them, and goes on", async () => {
    // Arrange: a long line inside a chunk, one spanning chunks, and one at the end
    const long = `{"level":"ERROR","service":"${"x".repeat(200)}"}`;
    const input = Buffer.from(
      [long, '{"level":"ERROR","service":"ok"}', long, '{"level":"INFO"}', long].join("\n"),
    );
    for (const size of [16, 1000]) {
      // Act
      const counts = await analyzeStream(chunks(input, size), { maxLineBytes: 100 });
      // Assert
      expect(counts.linesRead, `chunks of ${size}`).to.equal(5);
      expect(counts.errorsByService).to.deep.equal([{ service: "ok", count: 1 }]);
      expect(counts.malformedLines).to.deep.equal({ count: 3, firstLineNumbers: [1, 3, 5], tooLong: 3 });
    }
  });

  it("keeps the first maxMalformedSamples line numbers and counts all malformed lines", async () => {
    const input = Buffer.from(
      Array.from({ length: 30 }, (_, k) => (k % 2 === 0 ? "garbage" : "{}")).join("\n"),
    );
    const counts = await analyzeStream(Readable.from([input]), { maxMalformedSamples: 3 });
    expect(counts.malformedLines).to.deep.equal({ count: 15, firstLineNumbers: [1, 3, 5], tooLong: 0 });
  });

  it("uses the configured level field, level value and group-by field", async () => {
    const input = Buffer.from(
      [
        '{"severity":"FATAL","app":"web"}',
        '{"severity":"ERROR","app":"web"}',
        '{"level":"ERROR","service":"api"}',
      ].join("\n"),
    );
    const counts = await analyzeStream(Readable.from([input]), {
      levelField: "severity",
      levelValue: "FATAL",
      groupBy: "app",
    });
    expect(counts.errorsTotal).to.equal(1);
    expect(counts.errorsByService).to.deep.equal([{ service: "web", count: 1 }]);
  });

  it("reads the stream incrementally and stops when its signal aborts", async () => {
    // Arrange: an endless source that aborts the analysis after five chunks
    const controller = new AbortController();
    let pulled = 0;
    const endless = async function* () {
      for (;;) {
        pulled++;
        if (pulled === 5) controller.abort();
        yield Buffer.from('{"level":"ERROR","service":"loop"}\n'.repeat(100));
      }
    };
    // Act
    const error = await rejection(analyzeStream(endless(), { signal: controller.signal }));
    // Assert
    expect(error.name).to.equal("AnalysisAbortedError");
    expect(pulled).to.be.at.most(6);
  });

  it("reports an abort as the signal's reason even when the source fails first (a destroyed body)", async () => {
    // Arrange: the source dies with a plain "aborted" error right after the abort, as a socket does
    const controller = new AbortController();
    const reason = new AnalysisTimeoutError("too slow");
    const dying = async function* () {
      yield Buffer.from('{"level":"ERROR","service":"a"}\n');
      controller.abort(reason);
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    };
    // Act
    const error = await rejection(analyzeStream(dying(), { signal: controller.signal }));
    const timedOut = new AbortController();
    const viaTimeoutSignal = await rejection(
      analyzeStream(
        (async function* () {
          timedOut.abort(new DOMException("signal timed out", "TimeoutError"));
          yield Buffer.from("{}\n");
          throw new Error("aborted");
        })(),
        { signal: timedOut.signal },
      ),
    );
    // Assert
    expect(error).to.equal(reason);
    expect(viaTimeoutSignal.name).to.equal("AnalysisTimeoutError");
  });
});

describe("analyzeStream: distinct groups are capped", () => {
  const errorLines = (services: string[]): Readable =>
    Readable.from([Buffer.from(services.map((s) => `{"level":"ERROR","service":"${s}"}\n`).join(""))]);

  it("lists the top maxGroups groups and counts the rest in groups.otherErrors (exact below 10 × maxGroups)", async () => {
    // 25 groups: g00 has 25 errors, g01 24, …, g24 1
    const services = Array.from({ length: 25 }, (_, i) =>
      Array.from({ length: 25 - i }, () => `g${String(i).padStart(2, "0")}`),
    ).flat();
    const counts = await analyzeStream(errorLines(services), { maxGroups: 3 });
    expect(counts.errorsTotal).to.equal(325);
    expect(counts.errorsByService).to.deep.equal([
      { service: "g00", count: 25 },
      { service: "g01", count: 24 },
      { service: "g02", count: 23 },
    ]);
    expect(counts.groups).to.deep.equal({
      limit: 3,
      otherErrors: 325 - 72,
      countsExact: true,
      maxOvercount: 0,
    });
  });

  it("past 10 × maxGroups distinct groups, still finds the heavy hitters (even late ones) within the stated bound", async () => {
    // Arrange: 5,000 one-off services, then a late heavy hitter, interleaved with an early one
    const services: string[] = [];
    for (let i = 0; i < 5000; i++) {
      services.push(`once-${i}`);
      if (i % 10 === 0) services.push("early");
    }
    for (let i = 0; i < 300; i++) services.push("late");
    // Act: capacity 10 × 5 = 50 tracked groups
    const counts = await analyzeStream(errorLines(services), { maxGroups: 5 });
    // Assert
    const total = services.length;
    expect(counts.errorsTotal).to.equal(total);
    expect(counts.groups.countsExact).to.equal(false);
    expect(counts.groups.maxOvercount).to.be.at.most(Math.floor(total / 50));
    expect(counts.errorsByService).to.have.length(5);
    const byName = new Map(counts.errorsByService.map((g) => [g.service, g.count]));
    for (const [name, truth] of [
      ["early", 500],
      ["late", 300],
    ] as const) {
      const reported = byName.get(name);
      expect(reported, name).to.be.a("number");
      expect(reported).to.be.within(truth, truth + counts.groups.maxOvercount);
    }
    const listed = counts.errorsByService.reduce((sum, g) => sum + g.count, 0);
    expect(counts.groups.otherErrors).to.equal(total - listed);
  });

  it("keeps at most 256 characters of a group label", async () => {
    const long = "x".repeat(10_000);
    const counts = await analyzeStream(errorLines([long, long]));
    expect(counts.errorsByService).to.deep.equal([{ service: `${"x".repeat(255)}…`, count: 2 }]);
  });

  it("refuses a maxGroups outside 1–10000", async () => {
    for (const maxGroups of [0, 10_001, 1.5]) {
      const error = await rejection(analyzeStream(errorLines(["a"]), { maxGroups }));
      expect(error.message, String(maxGroups)).to.contain(
        `maxGroups must be a whole number from 1 to 10000 (got ${maxGroups})`,
      );
    }
  });
});

describe("buildSummary", () => {
  const context = { source: { type: "file" as const, path: "x.jsonl" }, options: {}, durationMs: 12.345 };

  it("is breached when errorsTotal reaches the threshold, not below it", () => {
    const at = buildSummary({ ...SAMPLE_COUNTS, errorsTotal: 3 }, { ...context, threshold: 3 });
    const below = buildSummary({ ...SAMPLE_COUNTS, errorsTotal: 2 }, { ...context, threshold: 3 });
    expect(at.thresholdBreached).to.equal(true);
    expect(below.thresholdBreached).to.equal(false);
  });

  it("defaults to threshold 1 (any error breaches) and records the match settings and duration", () => {
    const summary = buildSummary({ ...SAMPLE_COUNTS, errorsTotal: 0 }, context);
    expect(summary.threshold).to.equal(ANALYZE_DEFAULTS.threshold);
    expect(summary.thresholdBreached).to.equal(false);
    expect(summary.match).to.deep.equal({ levelField: "level", levelValue: "ERROR", groupBy: "service" });
    expect(summary.durationMs).to.equal(12.3);
    expect(summary.source).to.deep.equal({ type: "file", path: "x.jsonl" });
  });
});

describe("thresholdSchema", () => {
  it("accepts integers ≥ 1 given as numbers or strings, and rejects the rest", () => {
    expect(thresholdSchema.parse("3")).to.equal(3);
    expect(thresholdSchema.parse(1)).to.equal(1);
    for (const bad of ["0", "-1", "1.5", "abc", ""]) {
      expect(thresholdSchema.safeParse(bad).success, bad).to.equal(false);
    }
  });

  it("accepts only decimal digits in a string: 1e3, 0x10, +3, ' 3', 3.0 are refused, naming the rule", () => {
    for (const bad of ["1e3", "0x10", "+3", " 3", "3.0", "0b11", "Infinity"]) {
      const result = thresholdSchema.safeParse(bad);
      expect(result.success, bad).to.equal(false);
      expect(result.error?.issues[0].message, bad).to.match(
        /integer ≥ 1 written in decimal digits only .* at most 1000000000/,
      );
    }
    expect(thresholdSchema.parse("1000")).to.equal(1000);
  });
});

describe("analyzeFile", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "log-analyzer-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("analyses a plain and a gzip file to the same counts", async () => {
    // Arrange
    await writeFile(join(dir, "app.jsonl"), SAMPLE);
    await writeFile(join(dir, "app.jsonl.gz"), gzipSync(SAMPLE));
    // Act
    const plain = await analyzeFile(join(dir, "app.jsonl"), { threshold: 6 });
    const gz = await analyzeFile(join(dir, "app.jsonl.gz"), { threshold: 6 });
    // Assert
    expect(plain).to.deep.include({
      errorsTotal: 5,
      threshold: 6,
      thresholdBreached: false,
      compressed: false,
    });
    expect(plain.source).to.deep.equal({ type: "file", path: join(dir, "app.jsonl") });
    expect(gz).to.deep.include({ errorsTotal: 5, compressed: true });
    expect(gz.errorsByService).to.deep.equal(plain.errorsByService);
  });

  it("rejects a missing file or a directory with InputReadError", async () => {
    const missing = await rejection(analyzeFile(join(dir, "nope.jsonl")));
    const directory = await rejection(analyzeFile(dir));
    expect(missing.name).to.equal("InputReadError");
    expect(missing.message).to.contain("no such file");
    expect(directory.name).to.equal("InputReadError");
  });
});
