import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ABSENT,
  JsonFieldExtractor,
  JsonKind,
  JsonLine,
  resolveJsonPath,
  type JsonPath,
} from "../../../components/filterPattern/jsonFields";
import { compileFilterPattern } from "../../../components/filterPattern";
import { compileJsonParsed } from "../../../components/filterPattern/match";
import { parsePattern } from "../../../components/filterPattern/parser";
import { createOrderEventGenerator } from "../../../apps/order-worker/src/generator";
import { formatEvent } from "../../../apps/order-worker/src/events";
import { mulberry32, type Random } from "../../../apps/order-worker/src/prng";

const SUBSCRIPTION_DIR = join(__dirname, "..", "..", "..", "..", "shared", "data", "subscription");

interface Outcome {
  line: JsonLine;
  values?: unknown[];
}

/** What JSON.parse says: the behaviour the extractor must reproduce exactly. */
function reference(text: string, paths: readonly JsonPath[]): Outcome {
  if (/^[ \t\r\n]*$/.test(text)) return { line: JsonLine.Blank };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line: JsonLine.NotObject };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { line: JsonLine.NotObject };
  return { line: JsonLine.Object, values: paths.map((p) => resolveJsonPath(value, p)) };
}

function outcome(x: JsonFieldExtractor, line: JsonLine, paths: readonly JsonPath[]): Outcome {
  if (line !== JsonLine.Object) return { line };
  return { line, values: paths.map((_, slot) => x.value(slot)) };
}

/** The extractor on the line as bytes inside a bigger buffer (as a file is read) and as a string. */
function bothWays(
  x: JsonFieldExtractor,
  bytes: Buffer,
  paths: readonly JsonPath[],
): [Outcome, Outcome, Outcome] {
  const before = Buffer.from('{"level":"ERROR","a":{"b":1}}\n');
  const buffer = Buffer.concat([before, bytes, Buffer.from('\n{"level":"X"}\n')]);
  const inBuffer = outcome(x, x.scanBytes(buffer, before.length, before.length + bytes.length), paths);
  // the buffer is left as it was
  expect(buffer.subarray(before.length + bytes.length)[0]).to.equal(0x0a);
  const atEnd = outcome(x, x.scanBytes(bytes, 0, bytes.length), paths);
  const asString = outcome(x, x.scanString(bytes.toString("utf8")), paths);
  return [inBuffer, atEnd, asString];
}

function check(x: JsonFieldExtractor, line: Buffer | string, paths: readonly JsonPath[]): Outcome {
  const bytes = typeof line === "string" ? Buffer.from(line, "utf8") : line;
  const expected = reference(bytes.toString("utf8"), paths);
  const [a, b, c] = bothWays(x, bytes, paths);
  const label = `line ${JSON.stringify(bytes.toString("latin1"))}`;
  expect(a, `${label} (in a buffer)`).to.deep.equal(expected);
  expect(b, `${label} (at the end of a buffer)`).to.deep.equal(expected);
  expect(c, `${label} (as a string)`).to.deep.equal(expected);
  return expected;
}

/** The string form is checked against JSON.parse of the same string (lone surrogates survive there). */
function checkString(x: JsonFieldExtractor, text: string, paths: readonly JsonPath[]): void {
  expect(outcome(x, x.scanString(text), paths), JSON.stringify(text)).to.deep.equal(reference(text, paths));
}

const PATHS: JsonPath[] = [
  ["level"],
  ["service"],
  ["a", "b"],
  ["a", "c", 0],
  ["arr", 1],
  ["arr", 0, "x"],
  ["a"],
];

describe("JsonFieldExtractor", () => {
  const x = new JsonFieldExtractor(PATHS);

  describe("reads selected values exactly as JSON.parse gives them", () => {
    const cases: [string, string | Buffer][] = [
      ["top-level values", '{"level":"ERROR","service":"api","msg":"boom"}'],
      ["nested keys", '{"a":{"b":42,"c":["x",2]}}'],
      ["array indexes", '{"arr":[{"x":1},{"x":2},3]}'],
      ["an index past the end", '{"arr":[{"y":1}]}'],
      ["an index into an object", '{"arr":{"0":{"x":1},"1":2}}'],
      ["a key into an array", '{"a":[{"b":1}]}'],
      ["a whole object selected", '{"a":{"b":[1,{"c":null}],"d":"e"}}'],
      ["duplicate keys: the last wins", '{"level":"ERROR","level":"INFO"}'],
      ["duplicate parents: nothing of the first survives", '{"a":{"b":1,"c":[5]},"a":{"d":2}}'],
      ["duplicate parents: the last wins", '{"a":{"b":1},"a":{"b":2}}'],
      ["a duplicate parent that is not an object", '{"a":{"b":1},"a":7}'],
      ["escaped keys and values", '{"\\u006cevel":"\\u0045RROR","serv\\u0069ce":"a\\"b\\\\c\\n\\t\\/"}'],
      ["surrogate pairs and lone surrogates", '{"level":"\\ud83d\\ude00","service":"\\ud800x"}'],
      ["UTF-8 text", '{"level":"café ☕ 𝄞","service":"ünï"}'],
      ["numbers", '{"level":-0,"service":1E400,"a":{"b":12345678901234567890,"c":[-0.5e-3]}}'],
      ["more numbers", '{"level":0,"service":-123456789012345,"a":{"b":1234567890123456,"c":[1e2]}}'],
      ["literals", '{"level":true,"service":false,"a":null}'],
      ["null parents", '{"a":null,"arr":null}'],
      ["whitespace everywhere", ' \t{ "level" : "ERROR" ,\t"a" :\r\n { "b" : [ ] } } \r'],
      ["an empty object", "{}"],
      ["nested levels ignored", '{"meta":{"level":"ERROR"},"x":{"a":{"b":1}}}'],
      ["an empty key", '{"":1,"level":""}'],
      ["an empty line", ""],
      ["a whitespace line", " \t \r"],
      ["an array", '[{"level":"ERROR"}]'],
      ["a string", '"ERROR"'],
      ["a number", "42"],
      ["null", "null"],
      ["plain text", "ERROR service=api boom"],
      ["a truncated object", '{"level":"ERROR","service":"api"'],
      ["a truncated string", '{"level":"ERROR","service":"api'],
      ["an extra brace", '{"level":"ERROR"}}'],
      ["two objects", '{"level":"ERROR"} {"level":"ERROR"}'],
      ["single quotes", "{'level':'ERROR'}"],
      ["a trailing comma", '{"level":"ERROR",}'],
      ["a trailing comma in a selected array", '{"arr":[1,],"level":"ERROR"}'],
      ["a missing colon", '{"level" "ERROR"}'],
      ["a leading zero", '{"a":{"b":01}}'],
      ["a bare dot", '{"level":1.}'],
      ["an empty exponent", '{"level":1e+}'],
      ["a plus sign", '{"level":+1}'],
      ["NaN", '{"level":NaN}'],
      ["a misspelt literal", '{"level":tru}'],
      ["a raw tab in a string", '{"level":"a\tb"}'],
      ["an unknown escape", '{"level":"\\x41"}'],
      ["a short unicode escape", '{"level":"\\u12"}'],
      ["a mismatched bracket", '{"a":{"c":[1}}'],
      ["a NUL byte", '{"level":"ERROR"}\u0000'],
      ["a NUL byte in a string", '{"level":"ERR\u0000OR"}'],
      ["a byte order mark", '\ufeff{"level":"ERROR"}'],
      ["a line feed as whitespace", '{"level":\n"ERROR"}'],
      ["a raw line feed in a string", '{"level":"ERR\nOR"}'],
      [
        "invalid UTF-8 inside a string",
        Buffer.concat([Buffer.from('{"level":"'), Buffer.from([0xff, 0xc3]), Buffer.from('"}')]),
      ],
      [
        "a non-ASCII byte outside strings",
        Buffer.concat([Buffer.from('{"level":1}'), Buffer.from([0xc2, 0xa0])]),
      ],
    ];
    for (const [what, line] of cases) it(`handles ${what}`, () => check(x, line, PATHS));
  });

  it("keeps lone surrogates of a string event, as JSON.parse does", () => {
    checkString(x, '{"level":"a\ud800b","service":"\udc00"}', PATHS);
    checkString(x, '{"a":{"b":"\ud83d\ude00","c":["\ud800"]}}', PATHS);
    checkString(x, '{"level":"\ufffd"}', PATHS);
  });

  it("selects keys that bytes cannot compare (surrogates, U+FFFD)", () => {
    const paths: JsonPath[] = [["k\ud800"], ["\ufffd"], ["plain"]];
    const y = new JsonFieldExtractor(paths);
    checkString(y, '{"k\ud800":1,"\ufffd":2,"plain":3}', paths);
    checkString(y, '{"k\\ud800":1,"\\ufffd":2}', paths);
    check(y, '{"\\ufffd":2,"plain":"x"}', paths);
  });

  it("validates nesting of any depth (10,000 levels)", () => {
    const deep = `{"x":${"[".repeat(10_000)}${"]".repeat(10_000)},"level":"deep"}`;
    expect(check(x, deep, PATHS).values?.[0]).to.equal("deep");
    expect(check(x, deep.replace("]]]]", "]]}]"), PATHS).line).to.equal(JsonLine.NotObject);
  });

  it("tells the kind of a value without decoding it, and compares strings by bytes", () => {
    const line = Buffer.from('{"level":"ERROR","service":{"x":1},"a":{"b":"E\\u0052ROR"}}');
    expect(x.scanBytes(line, 0, line.length)).to.equal(JsonLine.Object);
    expect(x.kind(0)).to.equal(JsonKind.PlainString);
    expect(x.kind(1)).to.equal(JsonKind.Object);
    expect(x.kind(2)).to.equal(JsonKind.EscapedString);
    expect(x.kind(4)).to.equal(JsonKind.Absent);
    expect(x.value(4)).to.equal(ABSENT);
    expect(x.scalar(1)).to.equal(undefined);
    expect(x.stringEquals(0, "ERROR", Buffer.from("ERROR"))).to.equal(true);
    expect(x.stringEquals(2, "ERROR", Buffer.from("ERROR"))).to.equal(true);
    expect(x.stringEquals(1, "ERROR", Buffer.from("ERROR"))).to.equal(false);
  });

  it("refuses paths it cannot select", () => {
    expect(() => new JsonFieldExtractor([[]])).to.throw(RangeError);
    expect(() => new JsonFieldExtractor([[0]])).to.throw(RangeError);
    expect(() => new JsonFieldExtractor([["a", -1]])).to.throw(RangeError);
    expect(() => new JsonFieldExtractor([["a"], ["a"]])).to.throw(RangeError);
  });

  describe("agrees with JSON.parse on generated, mutated and real lines (seeded)", () => {
    const SEED = 20_261_128;
    const random: Random = mulberry32(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const ws = (): string => (random() < 0.75 ? "" : pick([" ", "\t", "  ", "\r", "\n", " \t "]));
    const strings = [
      "ERROR",
      "INFO",
      "api",
      "",
      'a\\"b',
      "\\u0045RROR",
      "caf\\u00e9",
      "é☕𝄞",
      "\\/",
      "\\ud83d\\ude00",
      "\\ud800",
      "\\udc00x",
      "\\b\\f\\n\\r\\t",
      "\\u0000",
      "\ufffd",
    ];
    const keys = ["level", "service", "a", "b", "c", "arr", "x", "\\u006cevel", "\\u0061", "lev", "", "a "];
    const numbers = [
      "0",
      "-0",
      "-1",
      "3.14",
      "1e9",
      "1E+2",
      "-0.0E-2",
      "1e400",
      "-1e-400",
      "12345678901234567890",
      "9007199254740993",
      "123456789012345",
      "1234567890123456",
      "0.1",
      "5e-324",
    ];
    const value = (depth: number): string => {
      const r = random();
      if (depth > 4 || r < 0.35) return `"${pick(strings)}"`;
      if (r < 0.55) return pick([...numbers, "true", "false", "null"]);
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
      0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x30, 0x2d, 0x2e, 0x65, 0x20, 0x09, 0x0d, 0x0a, 0x00,
      0x1f, 0x7f, 0x80, 0xff, 0xc3, 0x75, 0x74, 0x6e,
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
        else if (r < 0.9)
          bytes.length = at; // truncated
        else bytes.splice(at, 0, ...bytes.slice(0, Math.floor(random() * 8)));
      }
      return Buffer.from(bytes);
    };

    it(`30,000 generated lines and 30,000 mutations of them (seed ${SEED})`, () => {
      const tally = new Map<JsonLine, number>();
      let resolved = 0;
      for (let k = 0; k < 30_000; k++) {
        const line = Buffer.from(object(0), "utf8");
        for (const l of [line, mutate(line)]) {
          const expected = check(x, l, PATHS);
          tally.set(expected.line, (tally.get(expected.line) ?? 0) + 1);
          resolved += expected.values?.filter((v) => v !== ABSENT).length ?? 0;
        }
      }
      // the corpus exercises every outcome, or the comparison proves little
      expect(tally.get(JsonLine.Object) ?? 0).to.be.greaterThan(20_000);
      expect(tally.get(JsonLine.NotObject) ?? 0).to.be.greaterThan(10_000);
      expect(resolved).to.be.greaterThan(20_000);
    });

    it("order-worker lines, whole and truncated", () => {
      const paths: JsonPath[] = [["event"], ["amount"], ["processingTimeMs"], ["customerId"], ["orderId"]];
      const y = new JsonFieldExtractor(paths);
      const next = createOrderEventGenerator({ seed: SEED });
      for (let k = 0; k < 3000; k++) {
        const line = formatEvent(next({ incident: k % 7 === 0 }));
        expect(check(y, line, paths).line).to.equal(JsonLine.Object);
        check(y, line.slice(0, Math.floor(random() * line.length)), paths);
        check(y, mutate(Buffer.from(line)), paths);
      }
    });

    it("CloudTrail-like records", () => {
      const paths: JsonPath[] = [
        ["eventName"],
        ["errorCode"],
        ["userIdentity", "type"],
        ["userIdentity", "sessionContext", "sessionIssuer", "userName"],
        ["resources", 0, "ARN"],
        ["requestParameters"],
        ["sourceIPAddress"],
      ];
      const y = new JsonFieldExtractor(paths);
      for (let k = 0; k < 2000; k++) {
        const record = {
          eventVersion: "1.08",
          userIdentity: {
            type: pick(["AssumedRole", "IAMUser", "Root", "AWSService"]),
            principalId: `AROA${k}:session`,
            arn: `arn:aws:sts::123456789012:assumed-role/r${k % 5}/s`,
            sessionContext:
              random() < 0.7 ? { sessionIssuer: { userName: `role-${k % 3}` }, attributes: {} } : undefined,
          },
          eventTime: new Date(1_700_000_000_000 + k * 1000).toISOString(),
          eventSource: "s3.amazonaws.com",
          eventName: pick(["GetObject", "PutObject", "ConsoleLogin", "AssumeRole"]),
          awsRegion: "eu-west-1",
          sourceIPAddress: pick(["10.0.0.1", "2001:db8::1", "s3.amazonaws.com"]),
          errorCode: random() < 0.2 ? pick(["AccessDenied", "UnauthorizedOperation"]) : undefined,
          requestParameters: random() < 0.5 ? null : { bucketName: "b", key: `k/${k}é\u2028` },
          resources: random() < 0.6 ? [{ ARN: `arn:aws:s3:::b/k${k}`, type: "AWS::S3::Object" }] : [],
          readOnly: random() < 0.5,
          eventID: `e-${k}`,
        };
        const line = JSON.stringify(record, null, random() < 0.2 ? 1 : undefined);
        expect(check(y, line, paths).line).to.equal(JsonLine.Object);
        check(y, mutate(Buffer.from(line)), paths);
      }
    });

    it("the subscription samples: payloads, their events and their messages", () => {
      const paths: JsonPath[] = [
        ["messageType"],
        ["logEvents", 0, "message"],
        ["logEvents", 1, "id"],
        ["logEvents"],
        ["eventVersion"],
        ["userIdentity", "type"],
        ["awslogs", "data"],
      ];
      const y = new JsonFieldExtractor(paths);
      let lines = 0;
      for (const file of readdirSync(SUBSCRIPTION_DIR).filter((f) => /\.(json|ndjson)$/.test(f))) {
        const text = readFileSync(join(SUBSCRIPTION_DIR, file), "utf8");
        const docs = file.endsWith(".ndjson") ? text.split("\n").filter((l) => l !== "") : [text];
        for (const doc of docs) {
          check(y, doc, paths);
          check(y, JSON.stringify(JSON.parse(doc)), paths);
          lines += 2;
          const events = (JSON.parse(doc) as { logEvents?: { message: string }[] }).logEvents ?? [];
          for (const e of events) {
            check(y, e.message, paths); // the AWS-doc messages are truncated JSON, as printed
            check(y, JSON.stringify(e), paths);
            lines += 2;
          }
        }
      }
      expect(lines).to.be.greaterThan(20);
    });

    it("the analyzer's malformed and odd lines", () => {
      const lines = [
        '{"ts":"2025-09-15T12:00:05Z","level":"ERROR","service":"api","msg":"ünïcödé ☕"}\r',
        "this is not json",
        '{"truncated":',
        '{"level":"ERROR","service":"x".repeat(3)}',
        '{"level":"ERROR","service":"a"}{"level":"ERROR"}',
        '{"level":"ERROR","service":"a"},',
        "\u001f\u008b\u0008",
        "{}",
        "[]",
        '{"level": "ERROR" , "service" : null }',
      ];
      for (const line of lines) check(x, line, PATHS);
    });
  });
});

describe("filter engine: JSON patterns read through the extractor agree with JSON.parse evaluation", () => {
  const PATTERNS = [
    '{ $.level = "ERROR" }',
    "{ $.latency > 1900 }",
    '{ $.level = "ERROR" && $.latency > 500 }',
    '{ $.level != "INFO" || $.a.b = 1 }',
    "{ $.a.b IS NULL }",
    "{ $.a.b NOT EXISTS }",
    "{ $.flag IS TRUE || $.flag IS FALSE }",
    "{ $.arr[1] = 2 }",
    "{ $.arr[0].x >= -0.5 }",
    "{ $.level = %E.R% }",
    '{ $.service = "ap*" }',
    "{ $.latency = 1e3 }",
    "{ $.a.c[0] != 3 }",
  ];
  const random = mulberry32(7_777);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const values = [
    '"ERROR"',
    '"INFO"',
    '"E\\u0052ROR"',
    '"api"',
    '"apx"',
    "1900",
    "1901",
    "1e3",
    '"2000"',
    "-0",
    "null",
    "true",
    "false",
    "[1,2]",
    '{"b":1,"c":[3]}',
    '{"b":null}',
    '{"c":[4,3]}',
    '[{"x":-0.5},2]',
    '"1000"',
  ];
  const keys = ["level", "latency", "service", "a", "arr", "flag", "\\u006cevel"];
  const line = (): string => {
    const n = 1 + Math.floor(random() * 6);
    const body = Array.from({ length: n }, () => `"${pick(keys)}":${pick(values)}`).join(",");
    const text = `{${body}}`;
    const r = random();
    return r < 0.1 ? text.slice(0, Math.floor(random() * text.length)) : r < 0.15 ? `x${text}` : text;
  };
  for (const pattern of PATTERNS) {
    it(pattern, () => {
      const matcher = compileFilterPattern(pattern);
      const ast = parsePattern(pattern);
      if (ast.kind !== "json") throw new Error("not a JSON pattern");
      const reference = compileJsonParsed(ast);
      let matches = 0;
      for (let k = 0; k < 3000; k++) {
        const event = line();
        const expected = reference.text(event);
        expect(matcher(event), event).to.deep.equal(expected);
        const bytes = Buffer.from(event);
        expect(matcher.matchBytes(bytes, 0, bytes.length), event).to.deep.equal(expected);
        if (expected.matched) matches++;
      }
      expect(matches, "some events match").to.be.greaterThan(10);
    });
  }
});
