import { expect } from "chai";
import * as path from "node:path";
import { runUnderMocks, type MockRun, type PlannedResource } from "../../cli/plan/mockRuntime";
import { REPO_ROOT } from "../../cli/plan/plan";
import { readStackConfig } from "../../cli/plan/stackConfig";
import { ofType, one, planOf } from "../support/mocks";
import { mergeDistinct } from "../../stack";
import { CIS_CONTROLS, CIS_CONTROL_IDS } from "../../components";

const GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
/** The audit system's CIS alarms (every control is enabled in both stacks). */
const cisAlarms = (stack: string) => CIS_CONTROL_IDS.map((id) => `${stack}-cis-${id}`);

/** The platform monitoring module's seven Lambda services, as both stack files declare them (obskit:platform). */
const PLATFORM_FUNCTIONS = [
  "auth-service",
  "analytics-service",
  "market-intelligence-hub",
  "demand-insights-engine",
  "compliance-guardian",
  "retail-copilot",
  "global-market-pulse",
].map((s) => `ecommerce-ai-platform-${s}`);
/** The platform's centralized log groups (the platform monitoring module), by their key in logGroupNames. */
const PLATFORM_GROUPS: Record<string, string> = {
  ...Object.fromEntries(PLATFORM_FUNCTIONS.map((f) => [`platform-lambda-${f}`, `/aws/lambda/${f}`])),
  "platform-batch": "/aws/batch/job",
  "platform-apigateway": "/aws/apigateway/ecommerce-ai-platform",
};
/** The platform's CloudWatch alarms (dev has no DMS). */
const platformAlarms = (stack: string): string[] => [
  ...PLATFORM_FUNCTIONS.map((f) => `${stack}-platform-lambda-errors-${f}`),
  `${stack}-platform-apigateway-5xx`,
  ...(stack === "prod" ? ["prod-platform-dms-cdc-latency"] : []),
];

function byName(run: MockRun, type: string, name: string): PlannedResource {
  const found = ofType(run, type).filter((r) => r.inputs.name === name);
  expect(found, `${type} named ${name}`).to.have.length(1);
  return found[0];
}

/** (namespace, name) of every metric an alarm watches, including metric-math queries. */
function watchedMetrics(alarm: PlannedResource): { namespace: string; name: string }[] {
  const i = alarm.inputs;
  if (i.metricName) return [{ namespace: String(i.namespace), name: String(i.metricName) }];
  return ((i.metricQueries as { metric?: { namespace: string; metricName: string } }[]) ?? [])
    .filter((q) => q.metric)
    .map((q) => ({ namespace: q.metric!.namespace, name: q.metric!.metricName }));
}

function emitted(run: MockRun): Set<string> {
  return new Set(
    ofType(run, FILTER).map((f) => {
      const t = f.inputs.metricTransformation as { namespace: string; name: string };
      return `${t.namespace}/${t.name}`;
    }),
  );
}

/** Custom metrics published by code (EMF, PutMetricData), declared by the `obskit:emits` tag. */
function published(run: MockRun): Set<string> {
  return new Set(
    run.resources.flatMap((r) =>
      String((r.inputs.tags as Record<string, string> | undefined)?.["obskit:emits"] ?? "")
        .split(" ")
        .filter(Boolean),
    ),
  );
}

for (const stack of ["dev", "prod"] as const) {
  describe(`the ${stack} stack (offline plan)`, () => {
    let run: MockRun;
    before(async () => {
      run = (await planOf(stack)).run;
    });

    it("declares every log group explicitly, with the stage's retention and a CMK each", () => {
      const groups = ofType(run, GROUP);
      expect(groups.map((g) => g.inputs.name).sort()).to.deep.equal(
        [
          `/aws/lambda/${stack}-log-processor`,
          "/aws/lambda/test-log-emitter",
          "/log-analyzer/service",
          "/smart-orders/processor",
          `/aws/cloudtrail/obskit-${stack}`,
          "apache/access",
          "apache/error",
          "cafe/analytics",
          ...Object.values(PLATFORM_GROUPS),
        ].sort(),
      );
      for (const group of groups) {
        expect(group.inputs, String(group.inputs.name)).to.deep.include({
          retentionInDays: stack === "dev" ? 7 : 30,
          logGroupClass: "STANDARD",
        });
        expect(String(group.inputs.kmsKeyId)).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\//);
      }
      const keys = new Set(groups.map((g) => g.inputs.kmsKeyId));
      expect(keys.size, "one key per pipeline, one shared by the platform's groups").to.equal(9);
    });

    it("turns the apps' logs into the seeds' metrics", () => {
      expect([...emitted(run)].sort()).to.deep.equal(
        [
          ...CIS_CONTROL_IDS.map((id) => `CISBenchmark/${CIS_CONTROLS[id].metricName}`),
          "Cafe/404-Errors",
          "Cafe/5xx-Errors",
          "Cafe/BytesSent",
          "Cafe/ClientErrors",
          "Cafe/MenuServerErrors",
          "Cafe/OrderClicks",
          "Cafe/Requests",
          "LogMonitoring/ErrorCount",
          "SmartOrders/DelayedOrders",
          "SmartOrders/DuplicateOrders",
          "SmartOrders/OrdersProcessed",
          "SmartOrders/PaymentFailures",
          "SmartOrders/ProcessingTime",
        ].sort(),
      );
      const failures = ofType(run, FILTER).find((f) => f.inputs.name === "PaymentFailures");
      expect(failures?.inputs.pattern).to.equal('{ $.event = "PAYMENT_FAILED" }');
    });

    it("every alarm watches a metric that a metric filter (or a declared publisher) of the stack emits", () => {
      const known = new Set([...emitted(run), ...published(run)]);
      expect([...published(run)]).to.include("obskit/LogAnalyzer/ErrorCount");
      const alarms = ofType(run, ALARM);
      expect(alarms.length).to.be.greaterThan(0);
      for (const alarm of alarms) {
        for (const m of watchedMetrics(alarm)) {
          if (m.namespace.startsWith("AWS/")) continue;
          expect(
            known.has(`${m.namespace}/${m.name}`),
            `${String(alarm.inputs.name)} watches ${m.namespace}/${m.name}`,
          ).to.equal(true);
        }
      }
    });

    it("alarms on PaymentFailures ≥ 5 in 1 minute, notifying ALARM and OK, missing data not breaching", () => {
      const alarm = one(run, ALARM, "alarm-PaymentFailures");
      const topic = one(run, "aws:sns/topic:Topic");
      expect(alarm.inputs).to.deep.include({
        name: `${stack}-PaymentFailures`,
        namespace: "SmartOrders",
        metricName: "PaymentFailures",
        statistic: "Sum",
        threshold: 5,
        period: 60,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      });
      expect(alarm.inputs.alarmActions).to.deep.equal([topic.state.arn]);
      expect(alarm.inputs.okActions).to.deep.equal([topic.state.arn]);
    });

    it("takes its per-stage alarms and e-mail subscribers from config", () => {
      const names = ofType(run, ALARM)
        .map((a) => a.inputs.name)
        .sort();
      const emails = ofType(run, "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs.endpoint);
      if (stack === "dev") {
        expect(names).to.deep.equal(
          [
            ...cisAlarms(stack),
            "dev-Cafe404Errors",
            "dev-Cafe5xxErrors",
            "dev-CafeTrafficWithoutOrders",
            "dev-cafe-analytics-dead-letters",
            "dev-ErrorCount",
            "dev-PaymentFailures",
            "dev-analyzer-elb-5xx",
            "dev-analyzer-errors",
            "dev-analyzer-target-5xx",
            "dev-incidents-dead-letters",
            ...platformAlarms("dev"),
          ].sort(),
        );
        expect(emails).to.deep.equal(["oncall-dev@example.com"]);
      } else {
        expect(names).to.deep.equal(
          [
            ...cisAlarms(stack),
            "prod-Cafe404Errors",
            "prod-Cafe5xxErrors",
            "prod-CafeTrafficWithoutOrders",
            "prod-cafe-analytics-dead-letters",
            "prod-DelayedOrders",
            "prod-DuplicateOrders",
            "prod-ErrorCount",
            "prod-PaymentFailures",
            "prod-analyzer-elb-5xx",
            "prod-analyzer-errors",
            "prod-analyzer-target-5xx",
            "prod-incidents-dead-letters",
            ...platformAlarms("prod"),
          ].sort(),
        );
        expect(one(run, ALARM, "alarm-DelayedOrders").inputs).to.deep.include({
          threshold: 60,
          period: 300,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        });
        expect(emails).to.deep.equal(["oncall@example.com", "sre-leads@example.com"]);
      }
    });

    it("saves the design's ten Logs Insights queries and the top-customers contributor rule", () => {
      const queries = ofType(run, "aws:cloudwatch/queryDefinition:QueryDefinition").filter((q) =>
        String(q.inputs.name).startsWith("smart-orders/"),
      );
      expect(queries).to.have.length(10);
      for (const q of queries) {
        expect(String(q.inputs.name)).to.match(/^smart-orders\//);
        expect(q.inputs.logGroupNames).to.deep.equal(["/smart-orders/processor"]);
      }
      const byName = Object.fromEntries(
        queries.map((q) => [String(q.inputs.name), String(q.inputs.queryString)]),
      );
      expect(byName["smart-orders/failure-threshold-validation"]).to.contain("filter failures >= 5");
      const rule = one(run, "aws:cloudwatch/contributorInsightRule:ContributorInsightRule");
      expect(JSON.parse(String(rule.inputs.ruleDefinition)).Contents.Keys).to.deep.equal(["$.customerId"]);
    });

    it(
      stack === "prod"
        ? "protects logs, keys and topic, and detects log anomalies"
        : "keeps everything disposable, without anomaly detection",
      () => {
        const detectors = ofType(run, "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector");
        const mustKeep = [
          ...ofType(run, GROUP),
          one(run, "aws:sns/topic:Topic"),
          ...ofType(run, "aws:kms/key:Key"),
          one(run, "aws:dynamodb/table:Table"),
        ];
        for (const r of mustKeep)
          expect(r, r.name).to.deep.include({ protect: stack === "prod", retainOnDelete: stack === "prod" });
        expect(detectors).to.have.length(stack === "prod" ? 1 : 0);
      },
    );

    it("runs the order worker on Fargate, logging into the pipeline's group, with no task role", () => {
      const svc = one(run, "awsx:ecs:FargateService", "order-worker-service");
      const td = svc.inputs.taskDefinitionArgs as Record<string, Record<string, unknown>>;
      const container = td.container as {
        logConfiguration: { logDriver: string; options: Record<string, string> };
        image: string;
      };
      expect(container.logConfiguration.logDriver).to.equal("awslogs");
      expect(container.logConfiguration.options["awslogs-group"]).to.equal("/smart-orders/processor");
      expect(byName(run, GROUP, "/smart-orders/processor").protect).to.equal(stack === "prod");
      expect(td.logGroup).to.deep.equal({ skip: true });
      expect(td.taskRole).to.deep.equal({ skip: true });
      expect(container.image).to.match(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//);
      const image = one(run, "awsx:ecr:Image", "order-worker-image");
      expect(String(image.inputs.dockerfile)).to.match(/apps\/order-worker\/Dockerfile$/);
      expect(svc.inputs.desiredCount).to.equal(stack === "dev" ? 1 : 2);
    });

    it("exports the documented outputs with stable names", async () => {
      const plan = await planOf(stack);
      const { outputs } = plan.run;
      expect(Object.keys(outputs).sort()).to.deep.equal([
        "alarmArns",
        "alarmNames",
        "alertTopicArn",
        "analyzerBucketName",
        "analyzerMetric",
        "analyzerScheduledFunctionName",
        "analyzerServiceName",
        "analyzerUrl",
        "cafeAgentConfigParameter",
        "cafeAnalyticsFunctionName",
        "cafeArchiveBucketName",
        "cafeInstanceId",
        "cisAlarmNames",
        "dashboardNames",
        "dashboardUrls",
        "deadLetterQueueUrl",
        "environment",
        "incidentsTableName",
        "kmsKeyArns",
        "logGroupArns",
        "logGroupNames",
        "metricNames",
        "metricNamespace",
        "orderWorkerServiceName",
        "platformAlarmNames",
        "platformBatchFailureRule",
        "platformLogGroupNames",
        "processorBundleBytes",
        "processorFunctionName",
        "realtimeMetricNamespace",
        "region",
        "testEmitterFunctionName",
        "trailArn",
        "trailBucketName",
        "trailName",
      ]);
      expect(outputs.logGroupNames).to.deep.equal({
        orders: "/smart-orders/processor",
        errors: "/aws/lambda/test-log-emitter",
        processor: `/aws/lambda/${stack}-log-processor`,
        analyzer: "/log-analyzer/service",
        ...PLATFORM_GROUPS,
        cafeAccess: "apache/access",
        cafeAnalytics: "cafe/analytics",
        cafeErrors: "apache/error",
        trail: `/aws/cloudtrail/obskit-${stack}`,
      });
      expect(outputs.analyzerUrl).to.equal(
        stack === "prod"
          ? "https://d0000000000000.cloudfront.net"
          : `http://${String(outputs.analyzerUrl).slice(7)}`,
      );
      expect(outputs.analyzerMetric).to.deep.equal({ namespace: "obskit/LogAnalyzer", name: "ErrorCount" });
      expect(outputs.processorFunctionName).to.equal(`${stack}-log-processor`);
      expect(outputs.processorBundleBytes).to.be.a("number").greaterThan(1000);
      expect(outputs.testEmitterFunctionName === "").to.equal(stack === "prod");
      expect((outputs.alarmNames as Record<string, string>).DeadLetters).to.equal(
        `${stack}-incidents-dead-letters`,
      );
      // every alarm the plan declares is in the outputs, by name and ARN
      const declared = plan.run.resources
        .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
        .map((r) => r.inputs.name)
        .sort();
      expect(Object.values(outputs.alarmNames as Record<string, string>).sort()).to.deep.equal(declared);
      expect(Object.keys(outputs.alarmArns as object).sort()).to.deep.equal(
        Object.keys(outputs.alarmNames as object).sort(),
      );
      expect(outputs.alarmNames).to.include({
        AnalyzerElb5xx: `${stack}-analyzer-elb-5xx`,
        AnalyzerTarget5xx: `${stack}-analyzer-target-5xx`,
        AnalyzerErrors: `${stack}-analyzer-errors`,
      });
      expect(outputs.metricNamespace).to.equal("SmartOrders");
      expect((outputs.alarmNames as Record<string, string>).PaymentFailures).to.equal(
        `${stack}-PaymentFailures`,
      );
      expect(String(outputs.alertTopicArn)).to.match(/^arn:aws:sns:eu-west-1:123456789012:/);
      expect(Object.keys(outputs.kmsKeyArns as object).sort()).to.deep.equal([
        "alertTopic",
        "auditTrail",
        "cafeAccessLogs",
        "cafeAnalyticsLogs",
        "cafeErrorLogs",
        "errorLogs",
        "orderLogs",
        "platformLogs",
      ]);
      expect(String(outputs.orderWorkerServiceName)).to.match(/order-worker/);
    });
  });
}

/** Every way a plan lets traffic into a security group: inline `ingress` blocks and ingress-rule resources. */
function ingressSources(run: MockRun): { group: string; sources: Record<string, unknown> }[] {
  const inline = ofType(run, "aws:ec2/securityGroup:SecurityGroup").flatMap((sg) =>
    ((sg.inputs.ingress as Record<string, unknown>[] | undefined) ?? []).map((i) => ({
      group: sg.name,
      sources: i,
    })),
  );
  const rules = [
    ...ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
    ...ofType(run, "aws:ec2/securityGroupRule:SecurityGroupRule").filter((r) => r.inputs.type === "ingress"),
  ].map((r) => ({ group: r.name, sources: r.inputs }));
  return [...inline, ...rules];
}

const WORLD = ["0.0.0.0/0", "::/0"];

describe("the analyzer's exposure (offline plans)", () => {
  it("prod: an internal ALB reached only through a CloudFront VPC origin, nothing open to the world", async () => {
    const { run } = await planOf("prod");
    expect(one(run, "aws:lb/loadBalancer:LoadBalancer", "analyzer-alb").inputs.internal).to.equal(true);
    const origin = one(run, "aws:cloudfront/vpcOrigin:VpcOrigin");
    expect(origin.inputs.vpcOriginEndpointConfig).to.deep.include({
      arn: one(run, "aws:lb/loadBalancer:LoadBalancer", "analyzer-alb").state.arn,
    });
    for (const { group, sources } of ingressSources(run)) {
      for (const field of ["cidrBlocks", "ipv6CidrBlocks"])
        for (const cidr of (sources[field] as string[] | undefined) ?? [])
          expect(WORLD, `${group} ${field}`).not.to.include(cidr);
      expect(WORLD, `${group}`).not.to.include(sources.cidrIpv4);
      expect(WORLD, `${group}`).not.to.include(sources.cidrIpv6);
      expect(sources.prefixListIds ?? [], `${group} admits a prefix list`).to.deep.equal([]);
      expect(sources.prefixListId, `${group} admits a prefix list`).to.equal(undefined);
    }
    const vpcOriginSg = run.calls.find((c) => c.token === "aws:ec2/getSecurityGroup:getSecurityGroup");
    expect(vpcOriginSg?.inputs.name).to.equal("CloudFront-VPCOrigins-Service-SG");
    const albIngress = one(
      run,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "analyzer-alb-from-vpc-origin",
    );
    expect(albIngress.inputs.referencedSecurityGroupId).to.equal(vpcOriginSg?.result.id);
    const listener = one(run, "aws:lb/listener:Listener", "analyzer-http");
    expect(
      (listener.inputs.defaultActions as { fixedResponse?: { statusCode: string } }[])[0].fixedResponse,
    ).to.deep.include({ statusCode: "403" });
    expect(one(run, "aws:lb/listenerRule:ListenerRule").inputs.listenerArn).to.equal(listener.state.arn);
  });

  it("dev: the public HTTP ALB is there because Pulumi.dev.yaml asks for it, and only then", async () => {
    const { run } = await planOf("dev");
    expect(one(run, "aws:lb/loadBalancer:LoadBalancer", "analyzer-alb").inputs.internal).to.equal(false);
    expect(ofType(run, "aws:cloudfront/vpcOrigin:VpcOrigin")).to.have.length(0);
    const [albIngress] = ingressSources(run).filter((i) => i.group === "analyzer-alb-sg");
    expect(albIngress.sources).to.deep.include({ fromPort: 80, cidrBlocks: ["0.0.0.0/0"] });

    const config = readStackConfig(REPO_ROOT, "dev", "obskit");
    const analyzer = JSON.parse(config["obskit:analyzer"]) as Record<string, unknown>;
    expect(analyzer.exposure).to.equal("public-alb");
    delete analyzer.exposure;
    const withoutChoice = await runUnderMocks({
      project: "obskit",
      stack: "dev",
      config: { ...config, "obskit:analyzer": JSON.stringify(analyzer) },
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      program: () => require(path.join(REPO_ROOT, "index.ts")) as unknown,
    });
    expect(one(withoutChoice, "aws:lb/loadBalancer:LoadBalancer", "analyzer-alb").inputs.internal).to.equal(
      true,
    );
    expect(ofType(withoutChoice, "aws:cloudfront/vpcOrigin:VpcOrigin")).to.have.length(1);
    expect(withoutChoice.outputs.analyzerUrl).to.equal("https://d0000000000000.cloudfront.net");
  });
});

describe("createStack: merging the systems' fragments", () => {
  it("merges distinct keys and refuses a key two systems both claim", () => {
    expect(mergeDistinct([{ a: 1 }, { b: 2 }], "outputs")).to.deep.equal({ a: 1, b: 2 });
    expect(() => mergeDistinct([{ a: 1 }, { a: 2 }], "stack outputs")).to.throw(
      'two systems both contribute "a" to stack outputs',
    );
  });
});
