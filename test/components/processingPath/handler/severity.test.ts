import { expect } from "chai";
import {
  deriveSeverity,
  isAtLeast,
  parseSeverity,
  Severity,
  SEVERITY_ORDER,
  severityFromJson,
  severityFromText,
  TEXT_SCAN_CHARS,
} from "../../../../components/processingPath/handler/severity";

describe("log-processor severity", () => {
  it("orders severities from TRACE to CRITICAL", () => {
    expect(SEVERITY_ORDER).to.deep.equal(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"]);
    expect(isAtLeast(Severity.CRITICAL, Severity.ERROR)).to.equal(true);
    expect(isAtLeast(Severity.ERROR, Severity.ERROR)).to.equal(true);
    expect(isAtLeast(Severity.WARN, Severity.ERROR)).to.equal(false);
  });

  it("parses level names case-insensitively, with common aliases", () => {
    const cases: [string, Severity | undefined][] = [
      ["error", "ERROR"],
      ["ERROR", "ERROR"],
      ["Err", "ERROR"],
      ["severe", "ERROR"],
      ["fatal", "CRITICAL"],
      ["Critical", "CRITICAL"],
      ["warning", "WARN"],
      ["warn", "WARN"],
      [" info ", "INFO"],
      ["loud", undefined],
    ];
    for (const [name, expected] of cases) expect(parseSeverity(name), name).to.equal(expected);
  });

  it("reads the level field of JSON log events", () => {
    const cases: [string, Severity][] = [
      ['{"level":"ERROR","message":"Invoke failed"}', "ERROR"], // Powertools / Lambda JSON log format
      ['{"severity":"critical","msg":"x"}', "CRITICAL"],
      ['{"levelname":"WARNING","name":"root"}', "WARN"], // python-json-logger
      ['{"Level":"err"}', "ERROR"], // key case-insensitive
      ['{"level":50,"msg":"pino error"}', "ERROR"], // pino numeric
      ['{"level":60}', "CRITICAL"],
      ['{"log":{"level":"error"},"message":"ecs"}', "ERROR"], // ECS nested
      ['  {"level":"info","message":"ERROR in text is not the level"}', "INFO"],
    ];
    for (const [message, expected] of cases) expect(deriveSeverity(message), message).to.equal(expected);
  });

  it("falls back to the text when a JSON event names no level", () => {
    expect(deriveSeverity('{"msg":"x"} ERROR trailing')).to.equal("ERROR"); // not JSON at all
    expect(deriveSeverity('{"status":"FATAL crash"}')).to.equal("CRITICAL");
    expect(severityFromJson({ msg: "no level" })).to.equal(undefined);
  });

  it("reads level tokens of plain-text formats", () => {
    const cases: [string, Severity][] = [
      ["[ERROR] First test message", "ERROR"], // aws-lambda-go sample / Python on Lambda
      ["[ERROR]\t2026-11-23T10:00:00.000Z\treq-1\tboom", "ERROR"],
      ['2026-11-23T10:00:00.000Z\t6234bffe\tERROR\tInvoke Error \t{"errorType":"Error"}', "ERROR"], // Lambda Node runtime
      ["ERROR:root:database unreachable", "ERROR"], // Python logging default
      ["2026-11-23 10:00:00 FATAL [main] c.e.App - out of memory", "CRITICAL"], // log4j
      ["CRITICAL: disk full", "CRITICAL"],
      ["2026-11-23 WARN retrying after ERROR from upstream", "WARN"], // first marker wins
      ['time=2026-11-23 level=error msg="write failed"', "ERROR"], // logfmt
      ["[Wed Oct 11 14:32:52 2000] [core:error] [pid 35708] AH00126", "ERROR"], // Apache error log
      ["2026-11-23T10:00:00.000Z 1a2b Task timed out after 3.00 seconds", "ERROR"], // Lambda platform
      ['Traceback (most recent call last):\n  File "x.py"', "ERROR"],
      ["REPORT RequestId: 6234bffe\tDuration: 46.84 ms", "INFO"], // no marker → INFO
      ["no errors found, TimeoutError handled, error_count=0", "INFO"], // lower-case words are not levels
    ];
    for (const [message, expected] of cases) expect(deriveSeverity(message), message).to.equal(expected);
  });

  it("skips bracketed words that are not levels", () => {
    expect(severityFromText("2019/03/13/[$LATEST]94fa [main] [WARN] slow")).to.equal("WARN");
  });

  it("only scans the head of a long message", () => {
    const late = `${"x".repeat(TEXT_SCAN_CHARS)} ERROR`;
    expect(deriveSeverity(late)).to.equal("INFO");
    expect(deriveSeverity(`ERROR ${"x".repeat(10 * TEXT_SCAN_CHARS)}`)).to.equal("ERROR");
  });
});
