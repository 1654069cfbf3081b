import { expect } from "chai";
import {
  formatAccessLogLine,
  formatApacheTime,
  parseAccessLogLine,
  parseApacheTime,
} from "../../../apps/cafe/src/accessLog";
import { accessLogLines } from "../../support/data";

const lines = accessLogLines();

describe("cafe access log parser", () => {
  it("parses every field of a real combined line", () => {
    const r = parseAccessLogLine(lines[0]!);
    expect(r).to.deep.include({
      host: "83.149.9.216",
      ident: undefined,
      authuser: undefined,
      timeText: "17/May/2015:10:05:03 +0000",
      utcOffsetMinutes: 0,
      request: "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1",
      method: "GET",
      path: "/presentations/logstash-monitorama-2013/images/kibana-search.png",
      query: undefined,
      protocol: "HTTP/1.1",
      status: 200,
      bytes: 203023,
      referer: "http://semicomplete.com/presentations/logstash-monitorama-2013/",
    });
    expect(r?.time.toISOString()).to.equal("2015-05-17T10:05:03.000Z");
    expect(r?.userAgent).to.match(/^Mozilla\/5\.0 \(Macintosh/);
  });

  it("parses the whole real log: every line but the truncated one, with the documented status classes", () => {
    expect(lines).to.have.length(10_000);
    const classes: Record<string, number> = {};
    const failed: number[] = [];
    lines.forEach((line, i) => {
      const r = parseAccessLogLine(line);
      if (r === null) failed.push(i + 1);
      else classes[`${Math.floor(r.status / 100)}xx`] = (classes[`${Math.floor(r.status / 100)}xx`] ?? 0) + 1;
    });
    // SOURCES.md: line 8899 is truncated inside the user agent; 2xx 9170, 3xx 609, 4xx 217, 5xx 3.
    expect(failed).to.deep.equal([8899]);
    expect(classes).to.deep.equal({ "2xx": 9170, "3xx": 609, "4xx": 217, "5xx": 3 });
  });

  it("reads '-' bytes as 0 and '-' referer/user agent as absent", () => {
    const r = parseAccessLogLine(
      '157.55.33.15 - - [20/May/2015:12:05:34 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "-"',
    );
    expect(r?.bytes).to.equal(0);
    expect(r?.referer).to.equal(undefined);
    expect(r?.userAgent).to.equal(undefined);
  });

  it("applies the logged UTC offset to the instant", () => {
    const r = parseAccessLogLine(
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    );
    expect(r?.time.toISOString()).to.equal("2000-10-10T20:55:36.000Z");
    expect(r?.utcOffsetMinutes).to.equal(-420);
    expect(r?.authuser).to.equal("frank");
  });

  it("splits the query string off the path and decodes escaped quotes", () => {
    const r = parseAccessLogLine(
      '10.0.0.1 - - [01/Jan/2026:00:00:00 +0100] "POST /cafe/processOrder.php?item=3 HTTP/1.1" 302 12 "-" "agent \\"quoted\\" \\\\ end"',
    );
    expect(r?.path).to.equal("/cafe/processOrder.php");
    expect(r?.query).to.equal("item=3");
    expect(r?.userAgent).to.equal('agent "quoted" \\ end');
    expect(r?.time.toISOString()).to.equal("2025-12-31T23:00:00.000Z");
  });

  it("returns null for malformed, truncated or impossible lines instead of throwing", () => {
    const good = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"';
    expect(parseAccessLogLine(good)).to.not.equal(null);
    for (const bad of [
      "",
      "not a log line",
      lines[8898]!,
      good.slice(0, -1), // closing quote lost
      good.replace("17/May", "31/Feb"),
      good.replace("May", "Mai"),
      good.replace("10:05:03", "25:05:03"),
      good.replace(" 200 ", " 999 "),
      good.replace(" 200 ", " 20x "),
      good.replace(" 5 ", " -5 "),
      good.replace('"GET / HTTP/1.1"', '"-"'),
      good.replace('"GET / HTTP/1.1"', '"GET / HTTP/1.1 extra"'),
      good + " trailing-field",
    ]) {
      expect(parseAccessLogLine(bad), bad).to.equal(null);
    }
  });

  it("writes lines that parse back to the same request", () => {
    const time = new Date("2026-03-01T08:30:00Z");
    const line = formatAccessLogLine({
      host: "81.2.69.160",
      time,
      utcOffsetMinutes: 60,
      method: "GET",
      target: "/cafe/menu.php?x=1",
      status: 500,
      bytes: 0,
      userAgent: 'Mozilla/5.0 "test"',
    });
    expect(line).to.equal(
      '81.2.69.160 - - [01/Mar/2026:09:30:00 +0100] "GET /cafe/menu.php?x=1 HTTP/1.1" 500 - "-" "Mozilla/5.0 \\"test\\""',
    );
    const r = parseAccessLogLine(line);
    expect(r?.time.getTime()).to.equal(time.getTime());
    expect(r).to.deep.include({
      path: "/cafe/menu.php",
      query: "x=1",
      status: 500,
      bytes: 0,
      userAgent: 'Mozilla/5.0 "test"',
    });
  });

  it("round-trips Apache time text in any offset", () => {
    for (const text of [
      "10/Oct/2000:13:55:36 -0700",
      "29/Feb/2024:23:59:59 +0530",
      "01/Jan/2026:00:00:00 +0000",
    ]) {
      const t = parseApacheTime(text);
      expect(t).to.not.equal(null);
      expect(formatApacheTime(t!.time, t!.utcOffsetMinutes)).to.equal(text);
    }
    expect(parseApacheTime("29/Feb/2023:00:00:00 +0000")).to.equal(null);
  });
});
