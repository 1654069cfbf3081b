/** Edge cases of our own: unicode, escapes, numbers, long and empty lines, malformed JSON, delimiters. */
import { expect } from "chai";
import { compileFilterPattern } from "../../../components/filterPattern";
import { type Row, runRows } from "./table";

const LONG = `${"x".repeat(1_000_000)} ERROR`;
const LONG_JSON = JSON.stringify({ level: "ERROR", blob: "y".repeat(500_000) });

const ROWS: Row[] = [
  { pattern: "café", events: ["Le café est prêt", "Le cafe est pret"], matches: [0], source: "unicode term" },
  { pattern: '"🔥 hot"', events: ["status: 🔥 hot", "status: hot"], matches: [0], source: "emoji phrase" },
  {
    pattern: '{ $.msg = "naïve" }',
    events: ['{"msg": "naïve"}', '{"msg": "na\\u00efve"}', '{"msg": "naive"}'],
    matches: [0, 1],
    source: "unicode JSON value, escaped or not",
  },
  {
    pattern: "[w1 = Grüße, w2]",
    events: ["Grüße an alle", "Gruesse an alle"],
    matches: [0],
    source: "unicode delimited field",
  },
  {
    pattern: '{ $.msg = "he said \\"hi\\"" }',
    events: ['{"msg": "he said \\"hi\\""}', '{"msg": "he said hi"}'],
    matches: [0],
    source: "escaped quotes in pattern and event",
  },
  {
    pattern: '{ $.msg = "*\\"hi\\"*" }',
    events: ['{"msg": "he said \\"hi\\" twice"}'],
    matches: [0],
    source: "escaped quotes with wildcards",
  },
  {
    pattern: '{ $.level = "ERROR" }',
    events: ['{"level": "\\u0045RROR"}', '{"level": "ERROR"}'],
    matches: [0, 1],
    source: "\\u escape in the event (raw-text pre-check must not skip it)",
  },
  {
    pattern: '"say \\"hi\\""',
    events: ['they say "hi" often', "they say hi"],
    matches: [0],
    source: "escaped quotes in a phrase",
  },
  {
    pattern: "{ $.n = 1e3 }",
    events: ['{"n": 1000}', '{"n": 1000.0}', '{"n": 1E3}', '{"n": 999}'],
    matches: [0, 1, 2],
    source: "1e3 equals 1000",
  },
  {
    pattern: "{ $.n = 1000 }",
    events: ['{"n": 1e3}', '{"n": "1000"}', '{"n": "1e3"}'],
    matches: [0, 1, 2],
    source: "numeric strings compare as numbers",
  },
  {
    pattern: "{ $.n > 1E2 }",
    events: ['{"n": 101}', '{"n": 100}', '{"n": "abc"}', '{"n": true}', '{"n": null}'],
    matches: [0],
    source: "numeric > on non-numbers is false",
  },
  {
    pattern: "{ $.n != 5 }",
    events: ['{"n": "abc"}', '{"n": 5}', '{"n": null}', "{}"],
    matches: [0],
    source: "!= needs an existing non-null value",
  },
  {
    pattern: "{ $.n = -0.5 }",
    events: ['{"n": -0.5}', '{"n": 0.5}'],
    matches: [0],
    source: "negative decimals",
  },
  {
    pattern: "{ $.n >= +5 }",
    events: ['{"n": 5}', '{"n": 4.999}'],
    matches: [0],
    source: "explicit plus sign",
  },
  {
    pattern: "{ $.code = 4* }",
    events: ['{"code": 404}', '{"code": "418"}', '{"code": 500}'],
    matches: [0, 1],
    source: "wildcard against a number's text",
  },
  { pattern: "ERROR", events: [LONG, "x".repeat(10_000)], matches: [0], source: "1 MB line" },
  { pattern: '{ $.level = "ERROR" }', events: [LONG_JSON], matches: [0], source: "500 kB JSON line" },
  { pattern: "ERROR", events: ["", " ", "ERROR"], matches: [2], source: "empty lines never contain a term" },
  { pattern: "", events: ["", "anything"], matches: [0, 1], source: "empty pattern matches empty lines" },
  { pattern: "   ", events: ["", "x"], matches: [0, 1], source: "blank pattern matches everything" },
  {
    pattern: "{ $.a NOT EXISTS }",
    events: ["", "not json", "{}", '{"a": 1}'],
    matches: [2],
    source: "JSON patterns never match non-JSON lines",
  },
  {
    pattern: "[a]",
    events: ["", "   ", "one"],
    matches: [2],
    source: "a line without fields has none to match",
  },
  {
    pattern: "ERROR",
    events: ['{"level": "ERROR", "msg": "trunc'],
    matches: [0],
    source: "malformed JSON is plain text to terms",
  },
  {
    pattern: '{ $.level = "ERROR" }',
    events: [
      '{"level": "ERROR", "msg": "trunc',
      '{"level": "ERROR"} trailing',
      "[1, 2]",
      '  {"level": "ERROR"}  ',
    ],
    matches: [3],
    source: "malformed or non-object JSON never matches",
  },
  {
    pattern: "{ $.constructor NOT EXISTS }",
    events: ["{}", '{"constructor": 1}'],
    matches: [0],
    source: "no prototype properties",
  },
  { pattern: "{ $.toString = * }", events: ["{}"], matches: [], source: "no prototype properties" },
  {
    pattern: "{ $.user = * }",
    events: ['{"user": {"id": 1}}', '{"user": "bob"}'],
    matches: [1],
    source: "= * needs a value node",
  },
  {
    pattern: "{ $.x = * }",
    events: ['{"x": null}', '{"x": false}', '{"x": ""}'],
    matches: [1, 2],
    source: "= * and null",
  },
  {
    pattern: "{ $.x IS NULL }",
    events: ['{"x": null}', "{}", '{"x": "null"}'],
    matches: [0],
    source: "IS NULL needs an existing null",
  },
  {
    pattern: '{ $.tags[*] = "prod" }',
    events: ['{"tags": ["dev", "prod"]}', '{"tags": ["dev"]}', '{"tags": "prod"}'],
    matches: [0],
    source: "wildcard over an array",
  },
  {
    pattern: "{ $.a.* = 3 }",
    events: ['{"a": {"x": 1, "y": 3}}', '{"a": {"x": 1}}'],
    matches: [0],
    source: "wildcard over an object",
  },
  {
    pattern: "{ $.tags[*] NOT EXISTS }",
    events: ['{"tags": []}', '{"tags": [1]}'],
    matches: [0],
    source: "NOT EXISTS with a wildcard",
  },
  {
    pattern: "{ $.a[5] NOT EXISTS }",
    events: ['{"a": [1]}', '{"a": [0,1,2,3,4,5]}'],
    matches: [0],
    source: "index past the end",
  },
  {
    pattern: "{ $.a.b = 1 }",
    events: ['{"a": [{"b": 1}]}', '{"a": {"b": 1}}'],
    matches: [1],
    source: "a key step on an array does not resolve",
  },
  {
    pattern: "{ $.detail-type = x }",
    events: ['{"detail-type": "x"}'],
    matches: [0],
    source: "hyphen in a property name",
  },
  { pattern: "error", events: ["ERROR", "error"], matches: [1], source: "case-sensitive" },
  { pattern: "-DEBUG", events: ["DEBUG x", "INFO x"], matches: [1], source: "exclusion only" },
  {
    pattern: '?"disk full" ?"out of memory"',
    events: ["ERROR disk full", "out of memory!", "ok"],
    matches: [0, 1],
    source: "optional phrases",
  },
  {
    pattern: "ERROR -ERRORCODE",
    events: ["ERROR x", "ERRORCODE: 1"],
    matches: [0],
    source: "exclusion is a substring too",
  },
  {
    pattern: "[a, b, c]",
    events: ["1\t2\t3", "1  2   3", " 1 2 3 "],
    matches: [0, 1, 2],
    source: "tabs and runs of spaces delimit",
  },
  {
    pattern: "[a, b = 2]",
    events: ["1 2", "1 2 3"],
    matches: [0],
    source: "the last field takes the rest of the line",
  },
  {
    pattern: "[a, b = *3]",
    events: ["1 2 3", "1 3"],
    matches: [0, 1],
    source: "the last field takes the rest of the line",
  },
  { pattern: "[a, b, c]", events: ["1 2"], matches: [], source: "fewer fields than the pattern" },
  {
    pattern: "[a, b = *y*, c = 3]",
    events: ['1 "x \\"y\\" z" 3'],
    matches: [0],
    source: "an escaped quote does not end a quoted field",
  },
  {
    pattern: "[a, b = *unterminated*]",
    events: ["1 [unterminated bracket", "1 [unterminated] bracket"],
    matches: [1],
    source:
      "a bracket that never closes makes a truncated, malformed line: it matches no space-delimited pattern",
  },
  {
    pattern: "[a, b, ...]",
    events: ['1 2 "Mozilla/5.0 (compatible', '1 2 "Mozilla/5.0 (compatible)"'],
    matches: [1],
    source:
      "a quote that never closes (a line cut off inside its user agent) matches no space-delimited pattern, even one asking nothing of that field",
  },
  {
    pattern: "[a, b > 10]",
    events: ["x 11", "x abc", "x 10"],
    matches: [0],
    source: "numeric field condition on text",
  },
  {
    pattern: "[a, b != 10]",
    events: ["x 11", "x abc", "x 10"],
    matches: [0, 1],
    source: "!= on text is true",
  },
  {
    pattern: "[..., last = END]",
    events: ["END", "a b END", "a END b"],
    matches: [0, 1],
    source: "ellipsis covers zero or more fields",
  },
  {
    pattern: "[a, ..., b = x, ..., c]",
    events: ["1 x 3", "1 2 x 4 5", "1 2 3"],
    matches: [0, 1],
    source: "two ellipses",
  },
  {
    pattern: '[a = "(x)", b]',
    events: ["(x) y", "x y"],
    matches: [0],
    source: "parentheses in a quoted value",
  },
];

describe("filter patterns: edge cases", () => {
  runRows(ROWS);

  it("reports the kind of each pattern", () => {
    expect(compileFilterPattern("").kind).to.equal("all");
    expect(compileFilterPattern('" "').kind).to.equal("all");
    expect(compileFilterPattern("ERROR").kind).to.equal("unstructured");
    expect(compileFilterPattern("%ERR%").kind).to.equal("unstructured");
    expect(compileFilterPattern("{ $.a = 1 }").kind).to.equal("json");
    expect(compileFilterPattern("[a, b]").kind).to.equal("space-delimited");
    expect(compileFilterPattern("[a, b]").source).to.equal("[a, b]");
  });

  it("gives the rest of the line to the last field, and extracts it", () => {
    const m = compileFilterPattern("[w1 = ERROR, w2]")("ERROR 09/25/2014 12:00:02 Failed to process request");
    expect(m.fields).to.deep.equal({ $w1: "ERROR", $w2: "09/25/2014 12:00:02 Failed to process request" });
  });

  it("extracts every JSON selector of the pattern that resolves to a value", () => {
    const m = compileFilterPattern('{ $.a = 1 || $.b.c = "x" || $.arr[*] = 7 || $.obj = * }')(
      '{"a": 1, "b": {"c": "y"}, "arr": [6, 7], "obj": {"k": 1}}',
    );
    expect(m).to.deep.equal({ matched: true, fields: { "$.a": 1, "$.b.c": "y", "$.arr[*]": 6 } });
  });

  it("lists the fields a pattern can extract", () => {
    expect(compileFilterPattern("{ $.latency = * && $.['cluster.name'] = c }").fieldNames).to.deep.equal([
      "$.latency",
      "$.['cluster.name']",
    ]);
    expect(compileFilterPattern("[ip, , ..., status = 5*, bytes]").fieldNames).to.deep.equal([
      "$ip",
      "$status",
      "$bytes",
    ]);
  });
});
