import { expect } from "chai";
import {
  checkSamples,
  compileFilterPattern,
  dimensionsFor,
  metricTransformationProblems,
  metricValueFor,
} from "../../../components/filterPattern";

const APACHE = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

describe("filter patterns: metric values and dimensions", () => {
  const json = compileFilterPattern('{ $.latency = * && $.eventType = "*" }');
  const delimited = compileFilterPattern("[ip, server, username, timestamp, request, status_code, bytes]");

  it("publishes a constant for every match and nothing otherwise", () => {
    expect(metricValueFor(compileFilterPattern("ERROR")("ERROR x"), "1")).to.equal(1);
    expect(metricValueFor(compileFilterPattern("ERROR")("INFO x"), "1")).to.equal(undefined);
    expect(metricValueFor({ matched: true }, "2.5")).to.equal(2.5);
  });

  it("publishes the extracted JSON number", () => {
    expect(metricValueFor(json('{"latency": 50, "eventType": "A"}'), "$.latency")).to.equal(50);
    expect(metricValueFor(json('{"latency": "75.5", "eventType": "A"}'), "$.latency")).to.equal(75.5);
  });

  it("publishes no datapoint when the extracted value is not a number", () => {
    expect(metricValueFor(json('{"latency": "slow", "eventType": "A"}'), "$.latency")).to.equal(undefined);
    expect(metricValueFor(json('{"latency": true, "eventType": "A"}'), "$.latency")).to.equal(undefined);
    expect(metricValueFor(delimited(APACHE.replace(" 1534", " -")), "$bytes")).to.equal(undefined);
  });

  it("publishes the extracted space-delimited number, by name or by position", () => {
    expect(metricValueFor(delimited(APACHE), "$bytes")).to.equal(1534);
    const m = compileFilterPattern("[..., status_code = 4*, bytes]")(APACHE);
    expect(metricValueFor(m, "$bytes")).to.equal(1534);
    expect(metricValueFor(m, "$1")).to.equal(undefined); // "127.0.0.1" is not a number
  });

  it("rejects a metricValue that is neither a number nor a field", () => {
    expect(() => metricValueFor({ matched: true }, "latency"))
      .to.throw()
      .with.property("name", "MetricTransformationError");
  });

  it("computes dimensions from extracted fields, leaving out the ones not found", () => {
    expect(
      dimensionsFor(json('{"latency": 5, "eventType": "UpdateTrail"}'), { EventType: "$.eventType" }),
    ).to.deep.equal({
      EventType: "UpdateTrail",
    });
    expect(dimensionsFor(delimited(APACHE), { server: "$server", code: "$status_code" })).to.deep.equal({
      server: "Prod",
      code: "404",
    });
    expect(dimensionsFor(json('{"latency": 5, "eventType": "X"}'), { Region: "$.region" })).to.deep.equal({});
    expect(dimensionsFor(json('{"latency": 5}'), { EventType: "$.eventType" })).to.equal(undefined);
  });

  it("finds every problem CloudWatch would reject in a metric transformation", () => {
    expect(
      metricTransformationProblems(json, { value: "$.latency", dimensions: { T: "$.eventType" } }),
    ).to.deep.equal([]);
    expect(
      metricTransformationProblems(delimited, { value: "$bytes", dimensions: { S: "$server" } }),
    ).to.deep.equal([]);
    const terms = compileFilterPattern("?ERROR ?WARN");
    expect(metricTransformationProblems(terms, { value: "1", dimensions: { C: "$.cluster" } })[0]).to.contain(
      "dimensions need a JSON or space-delimited pattern",
    );
    expect(metricTransformationProblems(json, { value: "$.size" })[0]).to.contain(
      "add it to the pattern, if only as `$.size = *`",
    );
    expect(metricTransformationProblems(delimited, { value: "$.bytes" })[0]).to.contain("must name a field");
    expect(
      metricTransformationProblems(json, { value: "1", dimensions: { A: "$.latency" }, defaultValue: 0 }),
    ).to.deep.equal(["a metric with dimensions cannot have a defaultValue"]);
    const four = { A: "$ip", B: "$server", C: "$bytes", D: "$request" };
    expect(metricTransformationProblems(delimited, { value: "1", dimensions: four })).to.deep.equal([
      "at most 3 dimensions are allowed (got 4)",
    ]);
    expect(metricTransformationProblems(terms, { value: "many" })[0]).to.contain(
      "neither a number nor a field",
    );
  });
});

describe("filter patterns: sample checks", () => {
  it("returns nothing when every sample behaves as declared", () => {
    expect(
      checkSamples("ERROR -timeout", { match: ["ERROR boom"], noMatch: ["ERROR timeout", "INFO ok"] }),
    ).to.deep.equal([]);
  });

  it("names the pattern, the line and what went wrong for a sample that should match", () => {
    const [p] = checkSamples("[ip, id, user, timestamp, request, status_code = 5*, bytes]", {
      match: ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5'],
    });
    expect(p.expected).to.equal("match");
    expect(p.reason).to.contain("[ip, id, user, timestamp, request, status_code = 5*, bytes]");
    expect(p.reason).to.contain("17/May/2015");
    expect(p.reason).to.contain('field 6 (status_code) is "200", so `status_code = 5*` is false');
  });

  it("explains JSON, term and field-count mismatches", () => {
    const reason = (pattern: string, line: string): string =>
      checkSamples(pattern, { match: [line] })[0].reason;
    expect(reason('{ $.level = "ERROR" }', '{"level": "INFO"}')).to.contain('$.level is "INFO"');
    expect(reason('{ $.level = "ERROR" }', "level=ERROR")).to.contain("not a JSON object");
    expect(reason('{ $.level = "ERROR" }', '{"level": "ERROR"')).to.contain("not valid JSON");
    expect(reason("{ $.users = 1 }", '{"users": [1]}')).to.contain("is an array");
    expect(reason("{ $.x = 1 }", "{}")).to.contain("$.x does not exist");
    expect(reason("ERROR", "error: disk")).to.contain('it occurs as "error": terms are case-sensitive');
    expect(reason("ERROR -disk", "ERROR: disk")).to.contain('the excluded term "disk" occurs at column 7');
    expect(reason("[a, b, c]", "one two")).to.contain(
      "has 2 space-delimited field(s) but the pattern needs 3",
    );
    expect(reason("%^x%", "yx")).to.contain("finds no match");
  });

  it("reports a sample that should not match, with what the match extracted", () => {
    const [p] = checkSamples("{ $.latency > 100 }", { noMatch: ['{"latency": 250}'] });
    expect(p).to.deep.include({ sample: '{"latency": 250}', expected: "noMatch" });
    expect(p.reason).to.contain(
      'should not match the sample "{\\"latency\\": 250}" but it does (extracted {"$.latency":250})',
    );
  });

  it("throws the syntax error of an invalid pattern", () => {
    expect(() => checkSamples("{ $.a = ", { match: ["x"] }))
      .to.throw()
      .with.property("name", "FilterPatternSyntaxError");
  });
});
