import { expect } from "chai";
import {
  groupLabel,
  LineClassifier,
  LineVerdict,
  MISSING_GROUP,
  type LineClassifierOptions,
} from "../../../apps/log-analyzer/src/analyze";
import { mulberry32 } from "../../../apps/order-worker/src/prng";

const DEFAULTS: LineClassifierOptions = { levelField: "level", levelValue: "ERROR", groupBy: "service" };

interface Outcome {
  verdict: LineVerdict;
  group?: string;
}

/** Scans `line` the way the stream driver does: inside a bigger buffer, a line feed right after it. */
function scan(line: Buffer | string, options: LineClassifierOptions = DEFAULTS): Outcome {
  const bytes = typeof line === "string" ? Buffer.from(line, "utf8") : line;
  const before = Buffer.from('{"level":"ERROR","service":"before"}\n');
  const buffer = Buffer.concat([before, bytes, Buffer.from('\n{"level":"ERROR","service":"after"}\n')]);
  const scanner = new LineClassifier(options);
  const verdict = scanner.classify(buffer, before.length, before.length + bytes.length);
  return verdict === LineVerdict.Match ? { verdict, group: scanner.group } : { verdict };
}

/** What JSON.parse says about the line: the behaviour the scanner must reproduce exactly. */
function reference(line: Buffer, options: LineClassifierOptions = DEFAULTS): Outcome {
  const text = line.toString("utf8");
  if (/^[ \t\r]*$/.test(text)) return { verdict: LineVerdict.Blank };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { verdict: LineVerdict.Malformed };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { verdict: LineVerdict.Malformed };
  const record = value as Record<string, unknown>;
  const field = (name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined);
  if (field(options.levelField) !== options.levelValue) return { verdict: LineVerdict.Record };
  return { verdict: LineVerdict.Match, group: groupLabel(field(options.groupBy)) };
}

const { Blank, Malformed, Record, Match } = LineVerdict;

describe("LineClassifier (the analyzer's verdict on a line, read through the JSON field extractor)", () => {
  describe("matches records like JSON.parse + obj[levelField] === levelValue", () => {
    const cases: [string, string | Buffer, Outcome][] = [
      ["a plain error", '{"level":"ERROR","service":"api","msg":"boom"}', { verdict: Match, group: "api" }],
      ["fields in any order", '{"service":"db","n":1,"level":"ERROR"}', { verdict: Match, group: "db" }],
      ["another level", '{"level":"INFO","service":"api"}', { verdict: Record }],
      ["the level compared case-sensitively", '{"level":"error","service":"api"}', { verdict: Record }],
      ["the level compared exactly", '{"level":"ERROR ","service":"api"}', { verdict: Record }],
      ["no level field", '{"service":"api","msg":"ERROR"}', { verdict: Record }],
      ["a non-string level", '{"level":["ERROR"],"service":"api"}', { verdict: Record }],
      [
        "the last duplicate key winning (not an error)",
        '{"level":"ERROR","level":"INFO"}',
        { verdict: Record },
      ],
      [
        "the last duplicate key winning (an error)",
        '{"level":"INFO","level":"ERROR","service":"x"}',
        { verdict: Match, group: "x" },
      ],
      [
        "a duplicated group key",
        '{"service":"a","level":"ERROR","service":"b"}',
        { verdict: Match, group: "b" },
      ],
      [
        "escaped keys and values",
        '{"\\u006cevel":"\\u0045RROR","serv\\u0069ce":"a\\"b\\\\c"}',
        { verdict: Match, group: 'a"b\\c' },
      ],
      ["an escaped slash", '{"level":"ERROR","service":"a\\/b"}', { verdict: Match, group: "a/b" }],
      ["a nested level ignored", '{"meta":{"level":"ERROR"},"level":"INFO"}', { verdict: Record }],
      ["a nested level alone", '{"meta":{"level":"ERROR","service":"x"}}', { verdict: Record }],
      [
        "a nested service ignored",
        '{"level":"ERROR","meta":{"service":"inner"}}',
        { verdict: Match, group: MISSING_GROUP },
      ],
      ["a missing group", '{"level":"ERROR"}', { verdict: Match, group: MISSING_GROUP }],
      ["a null group", '{"level":"ERROR","service":null}', { verdict: Match, group: MISSING_GROUP }],
      ["a number group", '{"level":"ERROR","service":4.50}', { verdict: Match, group: "4.5" }],
      [
        "an object group",
        '{"level":"ERROR","service":{ "a" : [1, true] }}',
        { verdict: Match, group: '{"a":[1,true]}' },
      ],
      [
        "whitespace everywhere",
        ' \t{ "level" : "ERROR" ,\t"service" : "api" } \r',
        { verdict: Match, group: "api" },
      ],
      ["an empty object", "{}", { verdict: Record }],
      [
        "every kind of value",
        '{"a":-0.5e+10,"b":[true,false,null,[],{},"s",0,1E3],"c":{},"level":"ERROR","service":"s"}',
        { verdict: Match, group: "s" },
      ],
      ["UTF-8 text", '{"level":"ERROR","service":"café ☕ 𝄞"}', { verdict: Match, group: "café ☕ 𝄞" }],
      [
        "a lone surrogate escape (valid JSON)",
        '{"level":"ERROR","service":"\\ud800"}',
        { verdict: Match, group: "\ud800" },
      ],
      ["an empty line", "", { verdict: Blank }],
      ["a whitespace line", " \t \r", { verdict: Blank }],
      ["an array", '[{"level":"ERROR"}]', { verdict: Malformed }],
      ["a string", '"ERROR"', { verdict: Malformed }],
      ["a number", "42", { verdict: Malformed }],
      ["null", "null", { verdict: Malformed }],
      ["plain text", "ERROR service=api boom", { verdict: Malformed }],
      ["a truncated object", '{"level":"ERROR","service":"api"', { verdict: Malformed }],
      ["a truncated string", '{"level":"ERROR","service":"api', { verdict: Malformed }],
      ["an extra brace", '{"level":"ERROR","service":"api"}}', { verdict: Malformed }],
      ["two objects on a line", '{"level":"ERROR"} {"level":"ERROR"}', { verdict: Malformed }],
      ["single quotes", "{'level':'ERROR'}", { verdict: Malformed }],
      ["a trailing comma", '{"level":"ERROR",}', { verdict: Malformed }],
      ["a trailing comma in an array", '{"a":[1,],"level":"ERROR"}', { verdict: Malformed }],
      ["a missing colon", '{"level" "ERROR"}', { verdict: Malformed }],
      ["an unquoted key", '{level:"ERROR"}', { verdict: Malformed }],
      ["a leading zero", '{"a":01,"level":"ERROR"}', { verdict: Malformed }],
      ["a bare dot", '{"a":1.,"level":"ERROR"}', { verdict: Malformed }],
      ["a leading dot", '{"a":.5,"level":"ERROR"}', { verdict: Malformed }],
      ["a lone minus", '{"a":-,"level":"ERROR"}', { verdict: Malformed }],
      ["an empty exponent", '{"a":1e+,"level":"ERROR"}', { verdict: Malformed }],
      ["a plus sign", '{"a":+1,"level":"ERROR"}', { verdict: Malformed }],
      ["NaN", '{"a":NaN,"level":"ERROR"}', { verdict: Malformed }],
      ["a misspelt literal", '{"a":tru,"level":"ERROR"}', { verdict: Malformed }],
      ["a capitalised literal", '{"a":True,"level":"ERROR"}', { verdict: Malformed }],
      ["a raw tab in a string", '{"level":"ERROR","service":"a\tb"}', { verdict: Malformed }],
      ["an unknown escape", '{"level":"ERROR","service":"\\x41"}', { verdict: Malformed }],
      ["a bad unicode escape", '{"level":"ERROR","service":"\\u12G4"}', { verdict: Malformed }],
      ["a short unicode escape", '{"level":"ERROR","service":"\\u12"}', { verdict: Malformed }],
      ["a mismatched bracket", '{"a":[1},"level":"ERROR"}', { verdict: Malformed }],
      ["a comment", '{"level":"ERROR"} // why', { verdict: Malformed }],
      [
        "invalid UTF-8 inside a string (decoded to U+FFFD)",
        Buffer.concat([
          Buffer.from('{"level":"ERROR","service":"'),
          Buffer.from([0xff, 0xc3]),
          Buffer.from('"}'),
        ]),
        { verdict: Match, group: "\ufffd\ufffd" },
      ],
      [
        "a non-ASCII byte outside strings",
        Buffer.concat([Buffer.from('{"level":"ERROR"}'), Buffer.from([0xc2, 0xa0])]),
        { verdict: Malformed },
      ],
      [
        "a byte order mark (only stripped at the start of a stream)",
        '\ufeff{"level":"ERROR"}',
        { verdict: Malformed },
      ],
    ];
    for (const [what, line, expected] of cases) {
      it(`handles ${what}`, () => {
        const bytes = typeof line === "string" ? Buffer.from(line, "utf8") : line;
        expect(scan(bytes), "scanner").to.deep.equal(expected);
        expect(reference(bytes), "JSON.parse reference").to.deep.equal(expected);
      });
    }
  });

  it("validates nesting of any depth (10,000 levels)", () => {
    const deep = `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)},"level":"ERROR","service":"deep"}`;
    expect(scan(deep)).to.deep.equal({ verdict: Match, group: "deep" });
    expect(scan(deep.replace("]]]]", "]]}]"))).to.deep.equal({ verdict: Malformed });
  });

  it("uses the configured fields and value", () => {
    const options = { levelField: "severity", levelValue: "FATAL", groupBy: "app" };
    expect(scan('{"severity":"FATAL","app":"web","level":"ERROR"}', options)).to.deep.equal({
      verdict: Match,
      group: "web",
    });
    expect(scan('{"level":"ERROR","service":"api"}', options)).to.deep.equal({ verdict: Record });
  });

  it("can group by the level field itself", () => {
    const options = { levelField: "level", levelValue: "ERROR", groupBy: "level" };
    expect(scan('{"level":"ERROR"}', options)).to.deep.equal({ verdict: Match, group: "ERROR" });
  });

  it("reads only own fields, never Object.prototype", () => {
    const options = { levelField: "level", levelValue: "ERROR", groupBy: "constructor" };
    expect(scan('{"level":"ERROR"}', options)).to.deep.equal({ verdict: Match, group: MISSING_GROUP });
    const proto = { levelField: "__proto__", levelValue: "ERROR", groupBy: "service" };
    expect(scan('{"__proto__":"ERROR","service":"p"}', proto)).to.deep.equal({ verdict: Match, group: "p" });
  });

  it("compares non-ASCII and replacement-character values after decoding", () => {
    const options = { levelField: "niveau", levelValue: "ÉRREUR\ufffd", groupBy: "service" };
    const line = Buffer.concat([
      Buffer.from('{"niveau":"ÉRREUR'),
      Buffer.from([0xff]),
      Buffer.from('","service":"s"}'),
    ]);
    expect(scan(line, options)).to.deep.equal({ verdict: Match, group: "s" });
    expect(reference(line, options)).to.deep.equal({ verdict: Match, group: "s" });
  });

  describe("agrees with JSON.parse on random and mutated lines", () => {
    // a deterministic PRNG, so a failure is reproducible
    const random = mulberry32(20_261_123);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const ws = (): string => (random() < 0.8 ? "" : pick([" ", "\t", "  ", "\r", " \t "]));
    const strings = [
      "ERROR",
      "INFO",
      "api",
      "db",
      "",
      'a\\"b',
      "\\u0045RROR",
      "caf\\u00e9",
      "é☕",
      "\\/",
      "ERR\\u004fR",
      "\\ud83d\\ude00",
    ];
    const keys = ["level", "service", "msg", "\\u006cevel", "servic\\u0065", "lev", "levels", "", "service "];
    const str = (): string => `"${pick(strings)}"`;
    const value = (depth: number): string => {
      const r = random();
      if (depth > 3 || r < 0.45) return str();
      if (r < 0.6)
        return pick(["0", "-1", "3.14", "1e9", "-0.0E-2", "true", "false", "null", "12345678901234567890"]);
      if (r < 0.8) return object(depth + 1);
      const n = Math.floor(random() * 4);
      return `[${ws()}${Array.from({ length: n }, () => value(depth + 1)).join(`${ws()},${ws()}`)}${ws()}]`;
    };
    const object = (depth: number): string => {
      const n = Math.floor(random() * 5);
      const members = Array.from({ length: n }, () => `"${pick(keys)}"${ws()}:${ws()}${value(depth)}`);
      return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
    };
    const junk = [
      0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x30, 0x2d, 0x2e, 0x65, 0x20, 0x09, 0x0d, 0x00, 0x1f,
      0x7f, 0x80, 0xff, 0xc3, 0x75, 0x74, 0x6e,
    ];
    const mutate = (line: Buffer): Buffer => {
      const bytes = [...line];
      const edits = 1 + Math.floor(random() * 3);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(random() * (bytes.length + 1));
        const r = random();
        if (r < 0.3 && bytes.length > 0) bytes.splice(Math.min(at, bytes.length - 1), 1);
        else if (r < 0.6) bytes.splice(at, 0, pick(junk));
        else if (r < 0.8 && bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = pick(junk);
        else if (r < 0.9) bytes.length = at;
        else bytes.splice(at, 0, ...bytes.slice(0, Math.floor(random() * 8)));
      }
      return Buffer.from(bytes);
    };

    it("20,000 generated lines and 20,000 mutations of them", () => {
      // Arrange
      const lines: Buffer[] = [];
      for (let k = 0; k < 20_000; k++) {
        const line = Buffer.from(
          random() < 0.3 ? `{"level":${str()},"service":${value(0)}}` : object(0),
          "utf8",
        );
        lines.push(line, mutate(line));
      }
      const counts = new Map<LineVerdict, number>();
      // Act / Assert
      for (const line of lines) {
        const expected = reference(line);
        expect(scan(line), `line ${JSON.stringify(line.toString("latin1"))}`).to.deep.equal(expected);
        counts.set(expected.verdict, (counts.get(expected.verdict) ?? 0) + 1);
      }
      // the corpus exercises every verdict, or the comparison proves little
      expect(counts.get(Match) ?? 0).to.be.greaterThan(500);
      expect(counts.get(Record) ?? 0).to.be.greaterThan(5000);
      expect(counts.get(Malformed) ?? 0).to.be.greaterThan(5000);
    });
  });
});
