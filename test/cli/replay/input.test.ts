import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { run } from "../../../cli/commands/replay";
import {
  EARLIEST_REPLAY_MS,
  notLogText,
  ownTime,
  readTimedLines,
  renderSkipped,
  SKIP_EXAMPLES,
} from "../../../cli/replay/input";
import type { Scenario } from "../../../cli/replay/scenarios";
import { planOf } from "../../support/mocks";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.parse("2026-03-10T12:00:00Z");
const T = Date.parse("2026-03-02T08:00:00Z");
const options = { ratePerSecond: 1, startMs: T, nowMs: NOW, maxSpanMs: 31 * DAY };
const json = (at: number | string, extra = ""): string =>
  `{"timestamp":${typeof at === "number" ? JSON.stringify(new Date(at).toISOString()) : JSON.stringify(at)},"level":"ERROR"${extra}}`;

function captureIo() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-replay-input-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe("replay: the lines of a user's file it cannot use", () => {
  it("skips a time field that is not a time, a time before 2000 or more than 2 hours ahead, and control characters, counting each reason with the first lines' numbers", () => {
    const text = [
      json(T),
      json("yesterday"),
      json("1990-05-01T10:00:00Z"),
      json(NOW + 3 * 3_600_000),
      "plain text line",
      `binary\u0000junk`,
      json(NOW + 3_600_000),
      '{"time":0}',
      "",
      '1.2.3.4 - - [31/Feb/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 1',
      "\u001b[31mcoloured\u001b[0m text is text",
    ].join("\n");
    const { lines, skipped } = readTimedLines(text, options);
    expect(lines.map((l) => l.message)).to.deep.equal([
      json(T),
      "plain text line",
      json(NOW + 3_600_000),
      "\u001b[31mcoloured\u001b[0m text is text",
    ]);
    // a line without a time follows the previous event at --rate
    expect(lines[1].timestamp).to.equal(T + 1000);
    expect(skipped).to.deep.include({
      total: 6,
      lines: 10,
      byReason: { "unparsable-timestamp": 2, "timestamp-out-of-range": 3, "not-text": 1 },
    });
    expect(skipped.examples.map((e) => [e.line, e.reason])).to.deep.equal([
      [2, "unparsable-timestamp"],
      [3, "timestamp-out-of-range"],
      [4, "timestamp-out-of-range"],
      [6, "not-text"],
      [8, "timestamp-out-of-range"],
      [10, "unparsable-timestamp"],
    ]);
    expect(skipped.examples[0].detail).to.equal('timestamp "yesterday"');
    expect(skipped.examples[3].excerpt).to.equal("binary\\x00junk");
    expect(skipped.examples[4].detail).to.equal("1970-01-01T00:00:00.000Z");
    const report = renderSkipped("app.log", skipped);
    expect(report).to.match(/^skipped 6 of 10 lines of app\.log, not replayed:\n/);
    expect(report).to.match(
      / 3 timestamp-out-of-range: its time is before 2000-01-01 or more than 2 hours ahead/,
    );
    expect(report).to.include(
      '  line 2 (unparsable-timestamp: timestamp "yesterday"): {"timestamp":"yesterday"',
    );
    expect(renderSkipped("app.log", readTimedLines(json(T), options).skipped)).to.equal("");
  });

  it("keeps the stretch of the span bound holding the most events; one stray line is reported, not simulated", () => {
    const text = [
      json(Date.parse("2015-06-01T00:00:00Z")),
      ...Array.from({ length: 50 }, (_, i) => json(T + i * MINUTE)),
      json(T - 40 * DAY),
    ].join("\n");
    const { lines, skipped } = readTimedLines(text, options);
    expect(lines).to.have.length(50);
    expect(Math.max(...lines.map((l) => l.timestamp)) - Math.min(...lines.map((l) => l.timestamp))).to.equal(
      49 * MINUTE,
    );
    expect(skipped.byReason).to.deep.equal({ "outside-span": 2 });
    expect(skipped.examples.map((e) => e.line)).to.deep.equal([1, 52]);
    expect(skipped.examples[0].detail).to.match(
      /^2015-06-01T00:00:00\.000Z, outside 2026-03-02T08:00:00\.000Z → /,
    );
  });

  it(`shows at most ${SKIP_EXAMPLES} examples per reason, and counts them all`, () => {
    const { skipped } = readTimedLines(Array.from({ length: 40 }, () => json("soon")).join("\n"), options);
    expect(skipped.byReason).to.deep.equal({ "unparsable-timestamp": 40 });
    expect(skipped.examples.map((e) => e.line)).to.deep.equal([1, 2, 3]);
  });

  it("tells a field holding no time from a line without one", () => {
    expect(ownTime(json(T))).to.deep.equal({ ms: T });
    expect(ownTime('{"time":"noon"}')).to.deep.equal({ unparsable: 'time "noon"' });
    expect(ownTime('{"timestamp":null,"time":"2026-03-02T08:00:00Z"}')).to.deep.equal({ ms: T });
    expect(ownTime('{"message":"no time here"}')).to.equal(undefined);
    expect(ownTime("plain")).to.equal(undefined);
    expect(EARLIEST_REPLAY_MS).to.equal(Date.parse("2000-01-01T00:00:00Z"));
  });

  it("an empty, blank, binary or compressed file is no log text; text with tabs and UTF-8 is", () => {
    expect(notLogText(Buffer.alloc(0))).to.match(/^is empty \(0 bytes\)/);
    expect(notLogText(Buffer.from("\n  \r\n\t\n"))).to.match(/^is empty \(only blank lines\)/);
    expect(notLogText(Buffer.from("ok line\nbad\u0000line\n"))).to.match(
      /^looks binary \(a NUL byte at offset 11\)/,
    );
    expect(notLogText(gzipSync(Buffer.from(json(T))))).to.match(
      /^is gzip-compressed: decompress it first \(gunzip -k/,
    );
    expect(notLogText(Buffer.from("a\tb café ✓\n"))).to.equal(undefined);
  });
});

describe("obskit replay --file / --start: inputs a replay refuses", function () {
  this.timeout(180_000);
  const deps = { scenarios: { all: [], standard: [] }, plan: planOf, now: () => NOW };
  const replay = async (argv: string[], extra = {}) => {
    const c = captureIo();
    const code = await run(["--stack", "dev", ...argv], c.io, undefined, { ...deps, ...extra });
    return { code, ...c.out };
  };
  const file = (f: string) => ["--file", f, "--log-group", "/smart-orders/processor"];

  it("an empty, binary or gzip file: exit 2, one line naming --file, the file and the fix, no stack trace", async () => {
    for (const [name, content, message] of [
      ["empty.log", "", /--file .*empty\.log is empty \(0 bytes\): give a file with one log event per line/],
      ["bin.log", Buffer.from([1, 2, 0, 3, 4]), /--file .*bin\.log looks binary \(a NUL byte at offset 2\)/],
      ["app.log.gz", gzipSync(json(T)), /--file .*app\.log\.gz is gzip-compressed: decompress it first/],
    ] as const) {
      const r = await replay([...file(tempFile(name, content))]);
      expect(r.code, name).to.equal(2);
      expect(r.stderr)
        .to.match(/^obskit replay: /)
        .and.match(message);
      expect(r.stderr.split("\n").filter((l) => l !== "")).to.have.length(1);
      expect(r.stderr).not.to.match(/\n\s+at /);
    }
  });

  it("a file none of whose lines can be replayed: exit 2 with the skipped lines' report", async () => {
    const r = await replay(
      file(tempFile("bad.log", `${json("yesterday")}\n${json("1990-05-01T10:00:00Z")}\n`)),
    );
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/none of its 2 lines can be replayed/);
    expect(r.stderr).to.match(/line 1 \(unparsable-timestamp: timestamp "yesterday"\)/);
    expect(r.stderr).to.match(/line 2 \(timestamp-out-of-range: 1990-05-01T10:00:00\.000Z\)/);
  });

  it("a line dated 1990 beside one of today is skipped and reported, in the text and in --json; the replay covers minutes", async () => {
    const f = tempFile("two.log", `${json("1990-05-01T10:00:00Z")}\n${json(T)}\n`);
    const text = await replay([...file(f), "--detail", "--out", path.join(path.dirname(f), "out")]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(
      /\(2026-03-02T08:00:00\.000Z → 2026-03-02T08:11:00\.000Z\) ==\n.* → 1 log event in 1 log group/,
    );
    expect(text.stdout).to.match(
      /skipped 1 of 2 lines of .*two\.log, not replayed:\n +1 timestamp-out-of-range: /,
    );
    expect(text.stdout).to.include(
      'line 1 (timestamp-out-of-range: 1990-05-01T10:00:00.000Z): {"timestamp":"1990',
    );
    const doc = await replay([...file(f), "--json"]);
    expect(doc.code, doc.stderr).to.equal(0);
    const parsed = JSON.parse(doc.stdout) as { skippedLines: unknown };
    expect(parsed.skippedLines).to.deep.equal({
      total: 1,
      lines: 2,
      byReason: { "timestamp-out-of-range": 1 },
      examples: [
        {
          line: 1,
          reason: "timestamp-out-of-range",
          excerpt: json("1990-05-01T10:00:00Z"),
          detail: "1990-05-01T10:00:00.000Z",
        },
      ],
    });
  });

  it("an implausible --start: exit 2 naming the flag, the value, the bound and the fix", async () => {
    const before = await replay(["--start", "1970-01-01T00:00:00Z"]);
    expect(before.code).to.equal(2);
    expect(before.stderr).to.match(
      /^obskit replay: --start 1970-01-01T00:00:00Z is before 2000-01-01T00:00:00Z, the earliest a replay starts: give a later time, or leave --start out\n/,
    );
    const ahead = await replay(["--start", "2026-03-10T14:30:00Z"]);
    expect(ahead.code).to.equal(2);
    expect(ahead.stderr).to.match(
      /--start 2026-03-10T14:30:00Z is more than 2 hours ahead of now .*give a time before 2026-03-10T14:00:00Z/,
    );
    const word = await replay(["--start", "yesterday"]);
    expect(word.code).to.equal(2);
    expect(word.stderr).to.match(
      /--start must be an ISO-8601 time such as 2026-03-02T08:00:00Z \(got "yesterday"\)/,
    );
    // within the bounds: accepted
    const f = tempFile("one.log", "plain line\n");
    const ok = await replay([...file(f), "--start", "2000-01-01T00:00:00Z", "--json"]);
    expect(ok.code, ok.stderr).to.equal(0);
  });

  it("a scenario longer than the span bound: exit 2 naming the bound and the fix", async () => {
    const long: Scenario = {
      name: "long",
      description: "nothing for 32 days",
      systems: ["orders"],
      durationMinutes: 32 * 24 * 60,
      expect: { fires: [], quiet: ["PaymentFailures"] },
      drive: () => undefined,
    };
    const r = await replay(["--start", "2026-01-02T00:00:00Z"], {
      scenarios: { all: [long], standard: [long] },
    });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      /^obskit replay: the replay would cover 32\.0 days of simulated time \(2026-01-02T00:00:00\.000Z → .*\), more than the 31 days a replay covers: replay a shorter stretch/,
    );
    expect(r.stderr).not.to.match(/\n\s+at /);
  });
});
