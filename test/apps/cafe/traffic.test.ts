import { expect } from "chai";
import { parseAccessLogLine } from "../../../apps/cafe/src/accessLog";
import {
  CAFE_PATHS,
  TRAFFIC_USAGE,
  VISITOR_NETWORKS,
  cafeTraffic,
  runTrafficCli,
  trafficLines,
} from "../../../apps/cafe/src/traffic";
import { captureCli } from "../../support/cli";
import { MAX_SEED } from "../../../apps/order-worker/src/prng";

const cli = (argv: string[]) => captureCli((io) => runTrafficCli(argv, io));

const minuteOf = (t: Date) => Math.floor(t.getTime() / 60_000);

describe("café traffic generator", () => {
  it("writes valid combined-format lines the parser reads back, request for request", () => {
    const requests = [...cafeTraffic({ count: 2000, seed: 3 })];
    expect(requests).to.have.length(2000);
    for (const r of requests) {
      const p = parseAccessLogLine(r.line);
      expect(p, r.line).to.not.equal(null);
      expect(p).to.deep.include({ host: r.ip, method: r.method, path: r.path, status: r.status });
      expect(p!.time.getTime()).to.equal(r.time.getTime());
    }
    // time moves forward
    for (let i = 1; i < requests.length; i++)
      expect(requests[i]!.time.getTime()).to.be.greaterThanOrEqual(requests[i - 1]!.time.getTime());
  });

  it("is deterministic for a seed and different across seeds", () => {
    expect(trafficLines({ seed: 42, count: 300 })).to.deep.equal(trafficLines({ seed: 42, count: 300 }));
    expect(trafficLines({ seed: 42, count: 300 })).to.not.deep.equal(trafficLines({ seed: 43, count: 300 }));
  });

  it("browses the café's pages, orders from the menu and comes from every listed country", () => {
    const requests = [...cafeTraffic({ count: 5000, seed: 9, notFoundShare: 0 })];
    const paths = new Set(requests.map((r) => r.path));
    expect([...paths].sort()).to.deep.equal(Object.values(CAFE_PATHS).sort());
    const orders = requests.filter((r) => r.method === "POST");
    expect(orders.every((r) => r.path === CAFE_PATHS.order && r.status === 200)).to.equal(true);
    const menus = requests.filter((r) => r.path === CAFE_PATHS.menu).length;
    // ~35% of menu views end in an order click (default order share)
    expect(orders.length / menus).to.be.within(0.3, 0.4);
    expect(new Set(requests.map((r) => r.country))).to.have.property("size", VISITOR_NETWORKS.length);
    for (const r of requests) {
      const net = VISITOR_NETWORKS.find((n) => r.ip.startsWith(`${n.prefix}.`))!;
      expect([net.country, net.city]).to.deep.equal([r.country, r.city]);
    }
    // the US sends the most traffic (weight 30 of 103)
    const us = requests.filter((r) => r.country === "US").length / requests.length;
    expect(us).to.be.within(0.2, 0.4);
  });

  it("answers the configured share of requests with 404s", () => {
    for (const share of [0, 0.1, 0.5]) {
      const requests = [...cafeTraffic({ count: 4000, seed: 5, notFoundShare: share })];
      const notFound = requests.filter((r) => r.status === 404).length / requests.length;
      expect(notFound).to.be.closeTo(share, 0.03);
    }
  });

  it("keeps the configured rate on average", () => {
    const requests = [...cafeTraffic({ count: 6000, seed: 2, requestsPerMinute: 120 })];
    const minutes = (requests.at(-1)!.time.getTime() - requests[0]!.time.getTime()) / 60_000;
    expect(requests.length / minutes).to.be.closeTo(120, 10);
  });

  it("reproduces the café's incident: menu answers 500, orders drop to zero, traffic goes on", () => {
    const requests = [...cafeTraffic({ count: 3000, seed: 11, incidentAfterMinutes: 15 })];
    const start = minuteOf(requests[0]!.time);
    const before = requests.filter((r) => minuteOf(r.time) - start < 15);
    const after = requests.filter((r) => minuteOf(r.time) - start >= 15);
    expect(before.filter((r) => r.path === CAFE_PATHS.menu).every((r) => r.status !== 500)).to.equal(true);
    expect(before.filter((r) => r.method === "POST").length).to.be.greaterThan(50);
    const menuAfter = after.filter((r) => r.path === CAFE_PATHS.menu);
    expect(menuAfter.length).to.be.greaterThan(100);
    expect(menuAfter.every((r) => r.status === 500)).to.equal(true);
    expect(after.filter((r) => r.method === "POST")).to.have.length(0);
    // every minute of the incident still has traffic
    const perMinute = new Map<number, number>();
    for (const r of after) perMinute.set(minuteOf(r.time), (perMinute.get(minuteOf(r.time)) ?? 0) + 1);
    expect(Math.min(...perMinute.values())).to.be.greaterThan(20);
  });

  describe("npm run cafe", () => {
    it("documents every option with --help", async () => {
      const { code, stdout } = await cli(["--help"]);
      expect(code).to.equal(0);
      expect(stdout).to.equal(`${TRAFFIC_USAGE}\n`);
      for (const flag of [
        "--count",
        "--seed",
        "--start",
        "--rate",
        "--not-found-share",
        "--order-share",
        "--incident",
        "--incident-after",
      ])
        expect(stdout).to.include(flag);
    });

    it("writes the requested lines, and the incident from the first line with --incident", async () => {
      const { code, stdout } = await cli([
        "--count",
        "40",
        "--seed",
        "4",
        "--incident",
        "--start",
        "2026-01-01T00:00:00Z",
      ]);
      expect(code).to.equal(0);
      const lines = stdout.trimEnd().split("\n");
      expect(lines).to.have.length(40);
      expect(lines).to.deep.equal(
        trafficLines({
          count: 40,
          seed: 4,
          incidentAfterMinutes: 0,
          start: new Date("2026-01-01T00:00:00Z"),
        }),
      );
      expect(lines[0]).to.include("[01/Jan/2026:00:00:");
      expect(lines.filter((l) => l.includes("/cafe/menu.php")).every((l) => l.includes('" 500 '))).to.equal(
        true,
      );
    });

    it("rejects bad options with exit code 2, naming each problem", async () => {
      const bad = await cli(["--count=-1", "--not-found-share", "2", "--start", "yesterday"]);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include('--count must be a whole number from 0 to 100000000 lines (got "-1")');
      expect(bad.stderr).to.include('--not-found-share must be a number from 0 to 1 (got "2")');
      expect(bad.stderr).to.include(
        '--start must be an ISO-8601 date-time such as 2026-03-02T08:00:00Z (got "yesterday")',
      );
      // a negative number after its flag is its value, and "abc" is no number
      const negative = await cli(["--count", "-1", "--seed", "abc"]);
      expect(negative.code).to.equal(2);
      expect(negative.stderr).to.include(
        '--count must be a whole number from 0 to 100000000 lines (got "-1")',
      );
      expect(negative.stderr).to.include(`--seed must be a whole number from 0 to ${MAX_SEED} (got "abc")`);
      expect(negative.stderr).not.to.match(/ambiguous|NaN/);
      expect((await cli(["--bogus"])).code).to.equal(2);
      expect((await cli(["--incident", "--incident-after", "3"])).code).to.equal(2);
    });
  });
});
