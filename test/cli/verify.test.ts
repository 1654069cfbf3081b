import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  StopQueryCommand,
  TestMetricFilterCommand,
  type TestMetricFilterCommandInput,
  type TestMetricFilterCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { run, PROTECTED_FLAG, type VerifyDeps } from "../../cli/commands/verify";
import { modelFromPlan, type VerifyFilter, type VerifyModel } from "../../cli/verify/model";
import {
  batchEvents,
  checkFilter,
  fireAlarm,
  planFire,
  TEST_METRIC_FILTER_MAX_EVENTS,
  type Clock,
  type VerifyReport,
} from "../../cli/verify/verify";
import { compileFilterPattern } from "../../components/filterPattern";
import { planOf } from "../support/mocks";

const logsMock = mockClient(CloudWatchLogsClient);
const cwMock = mockClient(CloudWatchClient);

const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
const clients = (region: string) => ({
  logs: new CloudWatchLogsClient({ region, credentials: CREDS }),
  cloudwatch: new CloudWatchClient({ region, credentials: CREDS }),
});

function fakeClock(start = Date.parse("2026-03-01T12:00:00Z")): Clock & { slept: number } {
  const c = {
    t: start,
    slept: 0,
    now: () => c.t,
    sleep: (ms: number) => {
      c.t += ms;
      c.slept += ms;
      return Promise.resolve();
    },
  };
  return c;
}

function capture() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

/** TestMetricFilter as AWS answers it when it agrees with our engine (1-based eventNumber). */
function awsAgreeing(input: TestMetricFilterCommandInput): Partial<TestMetricFilterCommandOutput> {
  const matcher = compileFilterPattern(input.filterPattern ?? "");
  const matches = (input.logEventMessages ?? []).flatMap((message, i) => {
    const m = matcher(message);
    if (!m.matched) return [];
    const extractedValues = Object.fromEntries(
      Object.entries(m.fields ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return [{ eventNumber: i + 1, eventMessage: message, extractedValues }];
  });
  return { matches };
}

let dev: VerifyModel;

async function verify(argv: string[], model: VerifyModel, extra: Partial<VerifyDeps> = {}) {
  const { out, io } = capture();
  const deps: VerifyDeps = { clients, clock: fakeClock(), model: () => Promise.resolve(model), ...extra };
  const status = await run(argv, io, undefined, deps);
  return { status, ...out, json: () => JSON.parse(out.stdout) as VerifyReport };
}

function filterNamed(name: string): VerifyFilter {
  const f = dev.filters.find((x) => x.name === name);
  if (!f) throw new Error(`no filter ${name}`);
  return f;
}

describe("obskit verify", function () {
  this.timeout(60_000);

  before(async () => {
    dev = modelFromPlan(await planOf("dev"));
  });

  beforeEach(() => {
    logsMock.reset();
    cwMock.reset();
    logsMock.on(TestMetricFilterCommand).callsFake(awsAgreeing);
    logsMock.on(StartQueryCommand).resolves({ queryId: "q-1" });
    logsMock.on(GetQueryResultsCommand).resolvesOnce({ status: "Running" }).resolves({ status: "Complete" });
  });

  it("reads every filter's declared samples, the saved queries and the alarms from the offline plan", () => {
    const withSamples = dev.filters.filter((f) => f.samples.match.length > 0);
    // the order worker's, the real-time path's, the café's and every CIS control's filters carry samples
    for (const name of ["PaymentFailures", "ErrorCount", "NotFound", "RootAccountUsage"])
      expect(withSamples.map((f) => f.name)).to.include(name);
    expect(filterNamed("PaymentFailures").logGroupName).to.equal("/smart-orders/processor");
    expect(dev.queries.length).to.be.greaterThan(0);
    expect(dev.alarms.find((a) => a.key === "PaymentFailures")?.name).to.equal("dev-PaymentFailures");
    expect(dev.region).to.equal("eu-west-1");
    expect(dev.protect).to.equal(false);
  });

  it("exits 0 when AWS agrees with the engine on every sample and every query runs", async () => {
    const r = await verify(["--stack", "dev", "--json"], dev);
    expect(r.stderr).to.equal("");
    expect(r.status).to.equal(0);
    const report = r.json();
    expect(report.ok).to.equal(true);
    const tested = dev.filters.filter((f) => f.samples.match.length + f.samples.noMatch.length > 0);
    expect(report.filters.map((f) => f.filter)).to.deep.equal(tested.map((f) => f.name));
    for (const f of report.filters) expect(f.disagreements, f.filter).to.deep.equal([]);
    // every sample went to AWS, no call above the API's 50 events
    const calls = logsMock.commandCalls(TestMetricFilterCommand);
    expect(calls.length).to.equal(report.filters.reduce((n, f) => n + f.calls, 0));
    for (const c of calls) expect(c.args[0].input.logEventMessages?.length).to.be.within(1, 50);
    expect(report.queries.map((q) => q.query)).to.deep.equal(dev.queries.map((q) => q.name));
    expect(report.queries.every((q) => q.ok && q.status === "Complete")).to.equal(true);
    const start = logsMock.commandCalls(StartQueryCommand)[0].args[0].input;
    expect(start.endTime! - start.startTime!).to.equal(300);
  });

  it("reports, per filter, the samples AWS matches otherwise or extracts other values from, exit 1", async () => {
    const payment = filterNamed("PaymentFailures");
    const timing = filterNamed("ProcessingTime");
    const dropped = payment.samples.match[0];
    logsMock.on(TestMetricFilterCommand).callsFake((input: TestMetricFilterCommandInput) => {
      const out = awsAgreeing(input);
      if (input.filterPattern === payment.pattern)
        out.matches = out.matches?.filter((m) => m.eventMessage !== dropped);
      if (input.filterPattern === timing.pattern)
        out.matches = out.matches?.map((m, i) =>
          i === 0 ? { ...m, extractedValues: { ...m.extractedValues, "$.processingTimeMs": "-1" } } : m,
        );
      return out;
    });
    const r = await verify(["--stack", "dev", "--json"], { ...dev, filters: [payment, timing], queries: [] });
    expect(r.status).to.equal(1);
    const [p, t] = r.json().filters;
    expect(p.ok).to.equal(false);
    expect(p.disagreements).to.have.length(1);
    expect(p.disagreements[0]).to.include({ sample: dropped, declared: "match" });
    expect(p.disagreements[0].reason).to.equal("our engine matches it, AWS does not");
    expect(t.disagreements).to.have.length(1);
    expect(t.disagreements[0].reason).to.match(
      /extracted values differ \(\$\.processingTimeMs: AWS "-1", our engine "\d+"\)/,
    );
    const text = await verify(["--stack", "dev"], { ...dev, filters: [payment], queries: [] });
    expect(text.stdout).to.match(/FAIL PaymentFailures on \/smart-orders\/processor: .*1 disagreement/);
    expect(text.stdout).to.contain("verdict: FAILED");
  });

  it("reports a pattern AWS rejects although the engine accepted it", async () => {
    logsMock
      .on(TestMetricFilterCommand)
      .rejects(
        Object.assign(new Error("Invalid metric filter pattern"), { name: "InvalidParameterException" }),
      );
    const r = await verify(["--stack", "dev", "--json"], {
      ...dev,
      filters: [filterNamed("ErrorCount")],
      queries: [],
    });
    expect(r.status).to.equal(1);
    expect(r.json().filters[0].error).to.equal(
      "TestMetricFilter failed: InvalidParameterException: Invalid metric filter pattern",
    );
  });

  it("batches TestMetricFilter calls at 50 events and 1 MiB, and skips events AWS cannot take", async () => {
    const match = Array.from({ length: 120 }, (_, i) => `ERROR request ${i} failed`);
    const filter: VerifyFilter = {
      name: "Errors",
      logGroupName: "/g",
      pattern: "ERROR",
      namespace: "N",
      metricName: "Errors",
      value: "1",
      samples: { match, noMatch: ["", `INFO ${"x".repeat(300_000)}`, "INFO fine"] },
    };
    const logs = new CloudWatchLogsClient({ region: "eu-west-1", credentials: CREDS });
    const result = await checkFilter(filter, logs);
    const sizes = logsMock
      .commandCalls(TestMetricFilterCommand)
      .map((c) => c.args[0].input.logEventMessages?.length);
    expect(sizes).to.deep.equal([50, 50, 21]);
    expect(result).to.include({ samplesTested: 121, calls: 3, ok: true });
    expect(result.skipped.map((s) => s.reason)).to.deep.equal([
      "CloudWatch Logs accepts no empty event",
      "300005 bytes: over CloudWatch Logs' 262118-byte event limit",
    ]);
    // large events: a batch never exceeds 1 MiB
    const big = Array.from({ length: 9 }, () => "y".repeat(200_000));
    expect(batchEvents(big).map((b) => b.length)).to.deep.equal([5, 4]);
    expect(batchEvents(match).every((b) => b.length <= TEST_METRIC_FILTER_MAX_EVENTS)).to.equal(true);
  });

  it("reports a saved query's syntax error by name, and a query that never finishes", async () => {
    const [good, bad] = dev.queries;
    logsMock
      .on(StartQueryCommand, { queryString: bad.queryString })
      .rejects(
        Object.assign(new Error("unexpected symbol found | at line 1"), { name: "MalformedQueryException" }),
      );
    const r = await verify(["--stack", "dev", "--json"], { ...dev, filters: [], queries: [good, bad] });
    expect(r.status).to.equal(1);
    const [g, b] = r.json().queries;
    expect(g).to.include({ query: good.name, ok: true, status: "Complete" });
    expect(b).to.include({
      query: bad.name,
      ok: false,
      status: "MalformedQuery",
      error: "syntax error: unexpected symbol found | at line 1",
    });

    logsMock.on(GetQueryResultsCommand).resolves({ status: "Running" });
    const clock = fakeClock();
    const slow = await verify(
      ["--stack", "dev", "--json", "--query-timeout", "30"],
      { ...dev, filters: [], queries: [good] },
      { clock },
    );
    expect(slow.status).to.equal(1);
    expect(slow.json().queries[0]).to.include({ status: "TimedOut", ok: false });
    expect(logsMock.commandCalls(StopQueryCommand)).to.have.length(1);
    expect(clock.slept).to.equal(30_000);
  });

  describe("--fire", () => {
    const only = () => ({ ...dev, filters: dev.filters, queries: [] });

    it("writes breaching events into a stream of its own and reports the time to ALARM", async () => {
      const alarm = dev.alarms.find((a) => a.key === "PaymentFailures")!;
      const clock = fakeClock();
      let firstWrite: number | undefined;
      logsMock.on(PutLogEventsCommand).callsFake(() => {
        firstWrite ??= clock.now();
        return {};
      });
      cwMock.on(DescribeAlarmsCommand).callsFake(() => {
        const inAlarm = firstWrite !== undefined && clock.now() - firstWrite >= 70_000;
        return {
          MetricAlarms: [
            {
              AlarmName: alarm.name,
              StateValue: inAlarm ? "ALARM" : "OK",
              StateReason: inAlarm ? "Threshold Crossed" : "ok",
              StateUpdatedTimestamp: new Date(inAlarm ? clock.now() : 0),
            },
          ],
        };
      });
      const r = await verify(["--stack", "dev", "--json", "--fire", "--alarm", "PaymentFailures"], only(), {
        clock,
      });
      expect(r.status, r.stdout + r.stderr).to.equal(0);
      const fired = r.json().fire!.fired;
      expect(fired).to.have.length(1);
      expect(fired[0]).to.include({
        alarm: "dev-PaymentFailures",
        reachedAlarm: true,
        timeToAlarmSeconds: 70,
        ok: true,
      });
      const create = logsMock.commandCalls(CreateLogStreamCommand)[0].args[0].input;
      expect(create.logGroupName).to.equal("/smart-orders/processor");
      expect(create.logStreamName).to.match(
        /^obskit-verify-fire\/dev-PaymentFailures\/2026-03-01T12-00-00-000Z-[0-9a-f]{6}$/,
      );
      const put = logsMock.commandCalls(PutLogEventsCommand)[0].args[0].input;
      expect(put.logStreamName).to.equal(create.logStreamName);
      // threshold 5 with "greater than or equal" needs 5, "greater than" 6 events of value 1
      const need =
        alarm.comparisonOperator === "GreaterThanThreshold" ? alarm.threshold! + 1 : alarm.threshold!;
      expect(put.logEvents).to.have.length(need);
      for (const e of put.logEvents!) expect(JSON.parse(e.message!).event).to.equal("PAYMENT_FAILED");
      expect(r.stderr).to.match(
        /writing \d+ event\(s\) matching filter PaymentFailures to \/smart-orders\/processor \(stream obskit-verify-fire\//,
      );
    });

    it("fails after the alarm's period × evaluation periods + margin when it never reaches ALARM", async () => {
      const clock = fakeClock();
      cwMock.on(DescribeAlarmsCommand).resolves({
        MetricAlarms: [{ AlarmName: "dev-ErrorCount", StateValue: "OK", StateReason: "no errors" }],
      });
      const r = await verify(["--stack", "dev", "--json", "--fire", "--alarm", "ErrorCount"], only(), {
        clock,
      });
      expect(r.status).to.equal(1);
      const [f] = r.json().fire!.fired;
      expect(f).to.include({ reachedAlarm: false, ok: false, timeoutSeconds: 120, state: "OK" });
      expect(f.error).to.equal("did not reach ALARM within 120 s (state OK)");
      expect(clock.slept).to.equal(120_000);
    });

    it("without --alarm fires every alarm a filter sample can breach and says why the others are left out", async () => {
      const clock = fakeClock();
      const start = clock.now();
      cwMock.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => {
        const late = clock.now() - start >= 60_000;
        return {
          MetricAlarms: [
            {
              AlarmName: input.AlarmNames?.[0],
              StateValue: late ? "ALARM" : "OK",
              StateUpdatedTimestamp: new Date(late ? clock.now() : 0),
            },
          ],
        };
      });
      const r = await verify(["--stack", "dev", "--json", "--fire"], only(), { clock });
      expect(r.status, r.stdout).to.equal(0);
      const fire = r.json().fire!;
      const fired = fire.fired.map((f) => f.key);
      for (const k of [
        "PaymentFailures",
        "ErrorCount",
        "Cafe404Errors",
        "Cafe5xxErrors",
        "cis:root-account-usage",
      ])
        expect(fired).to.include(k);
      expect(fire.fired.every((f) => f.ok)).to.equal(true);
      const streams = logsMock.commandCalls(CreateLogStreamCommand).map((c) => c.args[0].input.logStreamName);
      expect(new Set(streams).size).to.equal(fired.length);
      expect(fire.notFireable).to.deep.include({
        alarm: dev.alarms.find((a) => a.key === "CafeTrafficWithoutOrders")?.name,
        key: "CafeTrafficWithoutOrders",
        reason: "a metric-math alarm: no single log metric filter drives it",
      });
      expect(fire.notFireable.find((n) => n.key === "DeadLetters")?.reason).to.equal(
        "AWS/SQS/ApproximateNumberOfMessagesVisible is not produced by a metric filter",
      );
    });

    it("writes again each period until an M-of-N alarm has M breaching datapoints", async () => {
      const prod = modelFromPlan(await planOf("prod"));
      const alarm = prod.alarms.find((a) => a.key === "DelayedOrders")!;
      const plan = planFire(alarm, prod.filters);
      if ("reason" in plan) throw new Error(plan.reason);
      expect(plan.periods).to.be.greaterThan(1);
      const clock = fakeClock();
      const writes: number[] = [];
      logsMock.on(PutLogEventsCommand).callsFake(() => {
        writes.push(clock.now());
        return {};
      });
      cwMock.on(DescribeAlarmsCommand).callsFake(() => ({
        MetricAlarms: [
          {
            AlarmName: alarm.name,
            StateValue: writes.length >= plan.periods ? "ALARM" : "OK",
            StateUpdatedTimestamp: new Date(clock.now()),
          },
        ],
      }));
      const logs = new CloudWatchLogsClient({ region: "eu-west-1", credentials: CREDS });
      const cloudwatch = new CloudWatchClient({ region: "eu-west-1", credentials: CREDS });
      const r = await fireAlarm(plan, { logs, cloudwatch }, clock, {
        pollMs: 10_000,
        announce: () => undefined,
      });
      expect(r).to.include({ ok: true, eventsWritten: plan.eventsPerPeriod * plan.periods });
      expect(writes).to.have.length(plan.periods);
      for (let i = 1; i < writes.length; i++)
        expect(writes[i] - writes[i - 1]).to.be.at.least(plan.periodSeconds * 1000);
    });

    it("plans M-of-N alarms, Sum thresholds and refuses what events cannot breach", () => {
      const f = filterNamed("PaymentFailures");
      const base = {
        name: "a",
        namespace: f.namespace,
        metricName: f.metricName,
        evaluationPeriods: 3,
        metricMath: false,
      };
      const p = planFire(
        {
          ...base,
          statistic: "Sum",
          threshold: 10,
          comparisonOperator: "GreaterThanThreshold",
          period: 300,
          datapointsToAlarm: 2,
        },
        dev.filters,
      );
      expect(p).to.include({ eventsPerPeriod: 11, periods: 2, timeoutSeconds: 960 });
      expect(
        planFire(
          { ...base, statistic: "Sum", threshold: 1, comparisonOperator: "LessThanThreshold" },
          dev.filters,
        ),
      ).to.have.property("reason", "LessThanThreshold cannot be breached by writing more events");
      expect(
        planFire(
          { ...base, metricName: undefined, metricMath: true, comparisonOperator: "GreaterThanThreshold" },
          dev.filters,
        ),
      )
        .to.have.property("reason")
        .that.contains("metric-math");
      expect(
        planFire(
          {
            ...base,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            statistic: "Sum",
            threshold: 1,
            comparisonOperator: "GreaterThanThreshold",
          },
          dev.filters,
        ),
      ).to.have.property("reason", "AWS/Lambda/Errors is not produced by a metric filter");
    });

    it("refuses a protected stage unless told explicitly, before any AWS call", async () => {
      const prod = modelFromPlan(await planOf("prod"));
      expect(prod.protect).to.equal(true);
      const r = await verify(["--stack", "prod", "--fire"], prod);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.contain(`refusing without --${PROTECTED_FLAG}`);
      expect(logsMock.calls()).to.have.length(0);
      expect(cwMock.calls()).to.have.length(0);
      // with the explicit flag it writes, and says where
      cwMock.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
        MetricAlarms: [
          { AlarmName: input.AlarmNames?.[0], StateValue: "ALARM", StateUpdatedTimestamp: new Date() },
        ],
      }));
      const told = await verify(
        ["--stack", "prod", "--json", "--fire", "--alarm", "PaymentFailures", `--${PROTECTED_FLAG}`],
        { ...prod, queries: [] },
        { clock: { now: () => Date.now(), sleep: () => Promise.resolve() } },
      );
      expect(told.status, told.stderr).to.equal(0);
      expect(logsMock.commandCalls(PutLogEventsCommand)).to.have.length(1);
      expect(told.stderr).to.contain(
        "to /smart-orders/processor (stream obskit-verify-fire/prod-PaymentFailures/",
      );
      // the plain checks write nothing and run on prod
      expect((await verify(["--stack", "prod", "--json"], { ...prod, queries: [] })).status).to.equal(0);
    });

    it("rejects an unknown --alarm key as a usage error", async () => {
      const r = await verify(["--stack", "dev", "--fire", "--alarm", "Nope"], dev);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.contain("--alarm Nope: no such alarm in stack dev");
    });
  });

  it("exits 2 with a clear message when no credentials are found or AWS refuses them", async () => {
    const none = (region: string) => ({
      logs: new CloudWatchLogsClient({
        region,
        credentials: () =>
          Promise.reject(
            Object.assign(new Error("Could not load credentials from any providers"), {
              name: "CredentialsProviderError",
            }),
          ),
      }),
      cloudwatch: new CloudWatchClient({ region, credentials: CREDS }),
    });
    const r = await verify(["--stack", "dev"], dev, { clients: none });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("obskit verify needs AWS credentials for the stack's account");
    expect(logsMock.calls()).to.have.length(0);

    logsMock.on(TestMetricFilterCommand).rejects(
      Object.assign(new Error("The security token included in the request is invalid."), {
        name: "UnrecognizedClientException",
      }),
    );
    const refused = await verify(["--stack", "dev"], dev);
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.contain("obskit verify needs AWS credentials for the stack's account");
  });

  it("prints its usage for --help and exits 2 without --stack", async () => {
    const help = await verify(["--help"], dev);
    expect(help.status).to.equal(0);
    expect(help.stdout).to.contain("usage: obskit verify --stack <name>");
    expect((await verify([], dev)).status).to.equal(2);
    expect((await verify(["--stack", "dev", "--alarm", "x"], dev)).stderr).to.contain("go with --fire");
  });
});
