import { expect } from "chai";
import { ASSUMPTION_DEFAULTS, type Assumptions } from "../../../cli/cost/assumptions";
import {
  estimate as estimateStack,
  schedulePerMonth,
  type CostResource,
  type Estimate,
  type LineItem,
} from "../../../cli/cost/estimate";
import { stackOf } from "../../support/stack";
import { REQUIRED_ITEMS, type PriceTable } from "../../../cli/cost/prices";
import { compareWithSeed, countChanges } from "../../../cli/cost/report";

/** Round prices, so every expected value below is computed by hand from the numbers in the test. */
function table(prices: Record<string, number>): PriceTable {
  const items: PriceTable["items"] = {};
  for (const key of [...REQUIRED_ITEMS, ...Object.keys(prices)])
    items[key] = {
      price: prices[key] ?? 1,
      unit: `USD per unit of ${key}`,
      source: "https://aws.amazon.com/x/pricing/",
      checked: "not confirmed: test table",
    };
  return { region: "eu-west-1", currency: "USD", asOf: "2026-01-01", kind: "test", note: "test", items };
}

const A: Assumptions = { ...ASSUMPTION_DEFAULTS };
/** The estimate of a hand-made plan of these resources. */
const estimate = (resources: CostResource[], prices: PriceTable, a: Assumptions): Estimate =>
  estimateStack(stackOf(resources), prices, a);
const res = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  state?: Record<string, unknown>,
): CostResource => ({
  type,
  name,
  inputs,
  state,
});
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const lineOf = (lines: LineItem[], item: RegExp): LineItem => {
  const found = lines.filter((l) => item.test(l.item));
  expect(found, `${item}: ${lines.map((l) => l.item).join(" | ")}`).to.have.length(1);
  return found[0];
};
const DAYS = 730 / 24; // 30.41666…

describe("cost estimate arithmetic", () => {
  it("logs: ingestion by class, storage by retention (never-expiring: one year), the stack rate split across groups", () => {
    const prices = table({
      "logs.ingestion.standard": 0.5,
      "logs.ingestion.infrequentAccess": 0.25,
      "logs.storage": 0.03,
    });
    const e = estimate(
      [
        res(LOG_GROUP, "a", { name: "/a", retentionInDays: 7, logGroupClass: "STANDARD" }),
        res(LOG_GROUP, "b", { name: "/b", logGroupClass: "INFREQUENT_ACCESS" }),
      ],
      prices,
      { ...A, ingestGbPerDay: 2 },
    );
    // 2 GB/day over 2 groups = 1 GB/day each; 30.4167 days a month
    expect(lineOf(e.lines, /^ingestion \/a/).monthlyUsd).to.be.closeTo(DAYS * 0.5, 1e-9); // 15.2083
    expect(lineOf(e.lines, /^ingestion \/b/).monthlyUsd).to.be.closeTo(DAYS * 0.25, 1e-9); // 7.6042
    // 1 GB/day × 7 days × 0.15 = 1.05 GB × $0.03
    expect(lineOf(e.lines, /^storage \/a \(7-day/).monthlyUsd).to.be.closeTo(0.0315, 1e-9);
    // 1 GB/day × 365 days × 0.15 = 54.75 GB × $0.03
    expect(lineOf(e.lines, /^storage \/b \(never expires/).monthlyUsd).to.be.closeTo(1.6425, 1e-9);
    expect(e.byCategory["CloudWatch Logs"]).to.equal(24.49); // 15.2083 + 7.6042 + 0.0315 + 1.6425
    expect(e.totalUsd).to.equal(24.49);
    expect(lineOf(e.lines, /^ingestion \/a/).assumptions[0]).to.match(
      /2 GB\/day for the stack split across 2 log groups/,
    );
  });

  it("without --ingest-gb-per-day, each group ingests the documented per-group default", () => {
    const e = estimate(
      [res(LOG_GROUP, "a", { name: "/a", retentionInDays: 30 })],
      table({ "logs.ingestion.standard": 1 }),
      A,
    );
    expect(lineOf(e.lines, /^ingestion/).quantity).to.be.closeTo(0.2 * DAYS, 1e-9);
  });

  it("alarms: $ per alarm metric — standard, high resolution, anomaly band ×3, metric math per metric, composite", () => {
    const prices = table({ "alarms.standard": 0.1, "alarms.highResolution": 0.3, "alarms.composite": 0.5 });
    const metric = (name: string, period = 60) => ({
      metric: { namespace: "AWS/EC2", metricName: name, period, stat: "Sum" },
    });
    const e = estimate(
      [
        res(ALARM, "std", { name: "std", namespace: "AWS/EC2", metricName: "CPU", period: 300 }),
        res(ALARM, "hires", { name: "hires", namespace: "AWS/EC2", metricName: "CPU", period: 10 }),
        res(ALARM, "band", {
          name: "band",
          metricQueries: [
            { id: "m", ...metric("CPU") },
            { id: "b", expression: "ANOMALY_DETECTION_BAND(m, 2)" },
          ],
          thresholdMetricId: "b",
        }),
        res(ALARM, "math", {
          name: "math",
          metricQueries: [
            { id: "a", ...metric("A") },
            { id: "b", ...metric("B") },
            { id: "e", expression: "a/b" },
          ],
        }),
        res("aws:cloudwatch/compositeAlarm:CompositeAlarm", "comp", { alarmName: "comp" }),
      ],
      prices,
      A,
    );
    expect(lineOf(e.lines, /^std /).monthlyUsd).to.be.closeTo(0.1, 1e-12);
    expect(lineOf(e.lines, /^hires .*high resolution/).monthlyUsd).to.be.closeTo(0.3, 1e-12);
    expect(lineOf(e.lines, /^band \(anomaly detection/).monthlyUsd).to.be.closeTo(0.3, 1e-12);
    expect(lineOf(e.lines, /^math \(metric math/).monthlyUsd).to.be.closeTo(0.2, 1e-12);
    expect(lineOf(e.lines, /^comp \(composite/).monthlyUsd).to.be.closeTo(0.5, 1e-12);
    expect(e.byCategory["CloudWatch alarms"]).to.equal(1.4);
  });

  it("metrics: one per name + dimension combination; custom namespaces named only by alarms count too", () => {
    const filter = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
    const e = estimate(
      [
        res(filter, "f1", {
          logGroupName: "/a",
          metricTransformation: { namespace: "App", name: "Errors", value: "1" },
        }),
        res(filter, "f2", {
          logGroupName: "/b",
          metricTransformation: { namespace: "App", name: "Errors", value: "1" },
        }),
        res(filter, "f3", {
          logGroupName: "/a",
          metricTransformation: {
            namespace: "App",
            name: "Latency",
            value: "$.ms",
            dimensions: { route: "$.route", code: "$.code" },
          },
        }),
        res(ALARM, "code", { namespace: "App/Code", metricName: "Published", period: 60 }),
        res(ALARM, "onFilter", { namespace: "App", metricName: "Errors", period: 60 }),
        res(ALARM, "aws", {
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          period: 60,
        }),
      ],
      table({ "metrics.custom": 0.3, "alarms.standard": 0 }),
      { ...A, dimensionValuesPerDimension: 5 },
    );
    // Errors once (two filters, same metric) + Latency 5×5 combinations + App/Code/Published = 27 metrics
    expect(e.byCategory["CloudWatch metrics"]).to.equal(8.1);
    expect(lineOf(e.lines, /^App\/Latency by/).quantity).to.equal(25);
  });

  it("dashboards: the first 3 are free", () => {
    const dash = (n: number) =>
      Array.from({ length: n }, (_, i) => res("aws:cloudwatch/dashboard:Dashboard", `d${i}`, {}));
    const prices = table({ "dashboards.dashboard": 3 });
    expect(estimate(dash(5), prices, A).totalUsd).to.equal(6);
    expect(estimate(dash(2), prices, A).totalUsd).to.equal(0);
  });

  it("Lambda: a scheduled function's rate from its schedule, others assumed; GB-s from memory × timeout share", () => {
    const prices = table({
      "lambda.requests": 0.2,
      "lambda.duration.arm64": 0.0000133334,
      "lambda.duration.x86_64": 0.0000166667,
    });
    const arn = "arn:aws:lambda:eu-west-1:1:function:sched";
    const e = estimate(
      [
        res(
          "aws:lambda/function:Function",
          "sched",
          { memorySize: 1024, timeout: 100, architectures: ["arm64"] },
          { arn },
        ),
        res(
          "aws:cloudwatch/eventRule:EventRule",
          "rule",
          { scheduleExpression: "rate(10 minutes)" },
          { name: "rule-1" },
        ),
        res("aws:cloudwatch/eventTarget:EventTarget", "t", { rule: "rule-1", arn }),
        res("aws:lambda/function:Function", "busy", { memorySize: 256, timeout: 10 }, { arn: "other" }),
      ],
      prices,
      { ...A, lambdaInvocationsPerMonth: 2_000_000, lambdaDurationRatio: 0.01 },
    );
    // 730 h × 6 an hour = 4,380 invocations × 1 GB × 1 s
    expect(lineOf(e.lines, /^requests sched/).quantity).to.be.closeTo(4380 / 1e6, 1e-12);
    expect(lineOf(e.lines, /^duration sched \(arm64/).monthlyUsd).to.be.closeTo(4380 * 0.0000133334, 1e-12);
    // 2,000,000 × 0.25 GB × 0.1 s = 50,000 GB-s (x86_64); requests 2 × $0.20
    expect(lineOf(e.lines, /^duration busy \(x86_64/).quantity).to.be.closeTo(50_000, 1e-6);
    expect(lineOf(e.lines, /^duration busy/).monthlyUsd).to.be.closeTo(0.833335, 1e-9);
    expect(lineOf(e.lines, /^requests busy/).monthlyUsd).to.be.closeTo(0.4, 1e-12);
    expect(schedulePerMonth("rate(1 hour)")).to.equal(730);
    expect(schedulePerMonth("cron(0 12 * * ? *)")).to.equal(undefined);
  });

  it("Fargate from task size × desired count × 730 h; EC2 hourly + gp3; ALB hours + LCUs", () => {
    const prices = table({
      "fargate.vcpu.x86_64": 0.04048,
      "fargate.memory.x86_64": 0.004445,
      "ec2.t4g.small": 0.0184,
      "ebs.gp3": 0.088,
      "elb.alb.hour": 0.0252,
      "elb.alb.lcu": 0.008,
    });
    const e = estimate(
      [
        res("awsx:ecs:FargateService", "svc", {
          desiredCount: 2,
          taskDefinitionArgs: { cpu: "512", memory: "1024" },
        }),
        res("aws:ec2/instance:Instance", "vm", {
          instanceType: "t4g.small",
          rootBlockDevice: { volumeSize: 16, volumeType: "gp3" },
        }),
        res("aws:ec2/instance:Instance", "big", { instanceType: "x2iedn.32xlarge" }),
        res("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application" }),
      ],
      prices,
      { ...A, albLcus: 1 },
    );
    expect(lineOf(e.lines, /^vCPU svc/).monthlyUsd).to.be.closeTo(730 * 0.04048, 1e-9); // 1 vCPU: 29.5504
    expect(lineOf(e.lines, /^memory svc/).monthlyUsd).to.be.closeTo(1460 * 0.004445, 1e-9); // 2 GB: 6.4897
    expect(lineOf(e.lines, /^instance vm/).monthlyUsd).to.be.closeTo(13.432, 1e-9);
    expect(lineOf(e.lines, /^gp3 volume vm/).monthlyUsd).to.be.closeTo(1.408, 1e-9);
    expect(lineOf(e.lines, /^ALB alb/).monthlyUsd).to.be.closeTo(18.396, 1e-9);
    expect(lineOf(e.lines, /^LCUs alb/).monthlyUsd).to.be.closeTo(5.84, 1e-9);
    expect(e.notPriced).to.deep.include({
      resource: "big",
      type: "aws:ec2/instance:Instance",
      reason: "no price for instance type x2iedn.32xlarge in eu-west-1.json",
    });
  });

  it("CloudTrail: first copy of management events free, data events per 100,000 by selected type", () => {
    const prices = table({ "cloudtrail.dataEvents": 0.1, "cloudtrail.managementEvents.additionalCopy": 2 });
    const trail = res("aws:cloudtrail/trail:Trail", "trail", {
      advancedEventSelectors: [
        { fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
          ],
        },
      ],
    });
    const first = estimate([trail], prices, { ...A, s3DataEventsPerMonth: 250_000 });
    expect(first.totalUsd).to.equal(0.25);
    expect(first.lines.some((l) => /Lambda/.test(l.item))).to.equal(false);
    const second = estimate([trail], prices, {
      ...A,
      s3DataEventsPerMonth: 250_000,
      trailIsFirstManagementCopy: false,
      managementEventsPerMonth: 300_000,
    });
    expect(second.totalUsd).to.equal(6.25);
  });

  it("Contributor Insights events, KMS, SNS e-mail, Firehose fed by a subscription filter", () => {
    const prices = table({
      "logs.ingestion.standard": 0,
      "logs.storage": 0,
      "logs.contributorInsights.rule": 0.5,
      "logs.contributorInsights.events": 0.02,
      "kms.key": 1,
      "kms.requests": 0.03,
      "sns.publish": 0.5,
      "sns.email": 2,
      "firehose.ingestion": 0.031,
    });
    const fh = "arn:aws:firehose:eu-west-1:1:deliverystream/s";
    const e = estimate(
      [
        res(LOG_GROUP, "g", { name: "/g", retentionInDays: 7 }),
        res("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "r", {
          ruleName: "top",
          ruleDefinition: JSON.stringify({ LogGroupNames: ["/g"] }),
        }),
        ...["k1", "k2", "k3"].map((k) => res("aws:kms/key:Key", k, {})),
        res("aws:sns/topic:Topic", "topic", {}),
        res("aws:sns/topicSubscription:TopicSubscription", "e1", { protocol: "email" }),
        res("aws:sns/topicSubscription:TopicSubscription", "e2", { protocol: "email" }),
        res("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "s", {}, { arn: fh }),
        res("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "sub", {
          logGroup: "/g",
          destinationArn: fh,
        }),
      ],
      prices,
      {
        ...A,
        ingestGbPerDay: 1,
        avgLogEventBytes: 500,
        contributorInsightsMatchRatio: 0.05,
        kmsRequestsPerKeyPerMonth: 100_000,
        alarmNotificationsPerMonth: 200,
      },
    );
    // 30.4167 GB ÷ 500 B = 60.83 M events × 5% = 3.0417 M matched × $0.02
    expect(lineOf(e.lines, /^events matched by top/).monthlyUsd).to.be.closeTo(
      (((DAYS * 1e9) / 500) * 0.05 * 0.02) / 1e6,
      1e-12,
    );
    expect(lineOf(e.lines, /^rule top/).monthlyUsd).to.equal(0.5);
    expect(e.byCategory.KMS).to.equal(3.9); // 3 keys + 300,000 requests × $0.03/10,000
    expect(lineOf(e.lines, /^e-mail notifications to 2/).monthlyUsd).to.be.closeTo(0.008, 1e-12); // 400 e-mails
    expect(lineOf(e.lines, /^ingestion s$/).monthlyUsd).to.be.closeTo(DAYS * 0.031, 1e-12); // 0.9429
  });

  it("the total is the sum of its lines, and the seed comparison reads the design's four categories", () => {
    const e = estimate(
      [
        res(LOG_GROUP, "a", { name: "/a", retentionInDays: 7 }),
        res("aws:cloudwatch/dashboard:Dashboard", "d", {}),
      ],
      table({ "logs.ingestion.standard": 0.57, "logs.storage": 0.03 }),
      A,
    );
    expect(e.totalUsd).to.equal(Math.round(e.lines.reduce((s, l) => s + l.monthlyUsd, 0) * 100) / 100);
    const seed = compareWithSeed(e);
    expect([seed.seedLowUsd, seed.seedHighUsd]).to.deep.equal([80, 160]);
    expect(seed.lines.map((l) => l.category)).to.deep.equal([
      "CloudWatch dashboards",
      "CloudWatch alarms",
      "CloudWatch Logs",
      "CloudTrail",
    ]);
    expect(seed.lines.find((l) => l.category === "CloudWatch Logs")?.estimateUsd).to.equal(
      e.byCategory["CloudWatch Logs"],
    );
    expect(countChanges([res("x", "1", {}), res("y", "2", {})], [res("x", "1", {})])).to.deep.equal({
      y: -1,
    });
  });
});
