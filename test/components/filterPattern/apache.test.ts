/**
 * Space-delimited patterns over the real Apache combined-format log in shared/data, checked against
 * counts computed independently with a regular expression over the same file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { compileFilterPattern, metricValueFor } from "../../../components/filterPattern";

const LOG = path.resolve(__dirname, "../../../../shared/data/apache/access.log");

// ip ident user [timestamp] "request" status bytes "referer" "agent" (the last quote may be missing:
// one line of the file is truncated inside the user agent).
const COMBINED =
  /^(\S+) (\S+) (\S+) \[([^\]]*)\] "((?:[^"\\]|\\.)*)" (\S+) (\S+) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"?$/;

describe("filter patterns: real Apache access log", () => {
  const lines = fs
    .readFileSync(LOG, "utf8")
    .split("\n")
    .filter((l) => l !== "");
  const parsed = lines.map((l) => COMBINED.exec(l));

  const count = (pattern: string): number => {
    const m = compileFilterPattern(pattern);
    return lines.filter((l) => m(l).matched).length;
  };

  it("reads all 10,000 lines, each in combined format", () => {
    expect(lines).to.have.length(10_000);
    expect(parsed.every((p) => p !== null)).to.equal(true);
  });

  it("counts 5xx responses like the regex does (the last field takes the rest of the line)", () => {
    const expected = parsed.filter((p) => p![6].startsWith("5")).length;
    expect(expected).to.equal(3);
    expect(count("[ip, id, user, timestamp, request, status_code = 5*, bytes]")).to.equal(expected);
    expect(count("[ip, id, user, timestamp, request, status_code = 5*, ...]")).to.equal(expected);
  });

  it("counts 404s with all nine fields named", () => {
    const expected = parsed.filter((p) => p![6] === "404").length;
    expect(expected).to.be.greaterThan(100);
    expect(count("[ip, id, user, timestamp, request, status_code = 404, bytes, referer, agent]")).to.equal(
      expected,
    );
  });

  it("counts large GET responses to bots with wildcards and a numeric condition", () => {
    const expected = parsed.filter(
      (p) =>
        p![5].startsWith("GET ") && /^\d+$/.test(p![7]) && Number(p![7]) > 100_000 && p![9].includes("bot"),
    ).length;
    expect(expected).to.be.greaterThan(0);
    expect(
      count(
        '[ip, id, user, timestamp, request = "GET *", status_code, bytes > 100000, referer, agent = *bot*]',
      ),
    ).to.equal(expected);
  });

  it("counts the bracketed timestamp and quoted request as single fields", () => {
    const expected = parsed.filter((p) => p![4].startsWith("18/May/2015") && p![5].includes("/blog/")).length;
    expect(expected).to.be.greaterThan(0);
    expect(
      count("[..., timestamp = 18/May/2015*, request = */blog/*, status_code, bytes, referer, agent]"),
    ).to.equal(expected);
  });

  it("sums bytes of 404 responses like the regex does", () => {
    const m = compileFilterPattern("[ip, id, user, timestamp, request, status_code = 404, bytes, ...]");
    const ours = lines.reduce((sum, l) => sum + (metricValueFor(m(l), "$bytes") ?? 0), 0);
    const theirs = parsed
      .filter((p) => p![6] === "404" && /^\d+$/.test(p![7]))
      .reduce((s, p) => s + Number(p![7]), 0);
    expect(ours).to.equal(theirs);
  });

  it("counts a quoted-phrase term like a substring search", () => {
    const expected = lines.filter((l) => l.includes("GET /presentations")).length;
    expect(count('"GET /presentations"')).to.equal(expected);
  });
});
