import { expect } from "chai";
import { validateDashboardBody, type DashboardBody } from "../../components";
import { EMPTY_CONTEXT, type ResourceView } from "../../policy/rules";
import { dashboardReferencesDeclared } from "../../policy/rules/dashboard-references-declared";
import { ofType, planOf } from "../support/mocks";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

async function stackState(stack: string): Promise<ResourceView[]> {
  const { run } = await planOf(stack);
  return run.resources
    .filter((r) => r.custom)
    .map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.state }));
}

async function bodies(stack: string): Promise<Record<string, DashboardBody>> {
  const { run } = await planOf(stack);
  return Object.fromEntries(
    ofType(run, DASHBOARD).map((d) => [
      String(d.inputs.dashboardName),
      JSON.parse(String(d.inputs.dashboardBody)) as DashboardBody,
    ]),
  );
}

const titles = (b: DashboardBody) => b.widgets.map((w) => w.properties.title ?? w.properties.markdown);

describe("the stacks' dashboards", () => {
  for (const stack of ["dev", "prod"]) {
    describe(stack, () => {
      it("outputs each dashboard's name and console URL", async () => {
        const { run } = await planOf(stack);
        const names = run.outputs.dashboardNames as Record<string, string>;
        expect(names).to.deep.equal({
          orders: `${stack}-smart-orders`,
          realtime: `${stack}-error-pipeline`,
          audit: `${stack}-audit`,
          platformApi: `${stack}-platform-api-performance`,
          platformDataPipeline: `${stack}-platform-data-pipeline`,
          cafe: `${stack}-cafe`,
        });
        expect((run.outputs.dashboardUrls as Record<string, string>).orders).to.match(
          new RegExp(
            `^https://[a-z0-9-]+\\.console\\.aws\\.amazon\\.com/cloudwatch/home\\?region=[a-z0-9-]+#dashboards/dashboard/${stack}-smart-orders$`,
          ),
        );
      });

      it("every body is valid, laid out without overlaps", async () => {
        for (const [name, body] of Object.entries(await bodies(stack)))
          expect(validateDashboardBody(body), name).to.deep.equal({ errors: [], warnings: [], body });
      });

      it("every dashboard shows only metrics, log groups, alarms and rules the stack declares", async () => {
        const resources = await stackState(stack);
        expect(dashboardReferencesDeclared.check(resources, EMPTY_CONTEXT)).to.deep.equal([]);
        // and the check has something to find: without the order log group, its queries point nowhere
        const without = resources.filter(
          (r) =>
            !(r.type === "aws:cloudwatch/logGroup:LogGroup" && r.props.name === "/smart-orders/processor"),
        );
        expect(dashboardReferencesDeclared.check(without, EMPTY_CONTEXT).map((v) => v.message)).to.include(
          `dashboard ${stack}-smart-orders, widget 3 "Event distribution": queries log group /smart-orders/processor, which is no log group of this stack.`,
        );
      });

      it("each dashboard's references are checked: removing what it shows from the stack is reported", async () => {
        const resources = await stackState(stack);
        const check = (rs: ResourceView[]) =>
          dashboardReferencesDeclared.check(rs, EMPTY_CONTEXT).map((v) => v.message);
        // the platform's functions and API are deployed elsewhere: only the stack's alarms on them
        // make their native metrics the stack's; without the alarms every such widget is reported
        const noPlatformAlarms = resources.filter(
          (r) =>
            !(r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && /-platform-/.test(String(r.props.name))),
        );
        const platform = check(noPlatformAlarms).filter((m) => m.includes("platform-api-performance"));
        expect(platform).to.include(
          `dashboard ${stack}-platform-api-performance, widget 2 "4xx and 5xx errors": shows native metric AWS/ApiGateway/4XXError of ApiName=ecommerce-ai-platform, which is no resource of this stack nor watched by an alarm of it.`,
        );
        expect(
          platform.some((m) => m.includes('"Invocations": shows native metric AWS/Lambda/Invocations')),
        ).to.equal(true);
        // the café's per-country search reads the analytics function's namespace; the cafe filters' metrics
        const noCafe = resources.filter(
          (r) =>
            !(r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" && /cafe/.test(r.name)) &&
            !(r.type === "aws:lambda/function:Function" && /cafe-analytics/.test(r.name)),
        );
        const cafe = check(noCafe).filter((m) => m.startsWith(`dashboard ${stack}-cafe,`));
        expect(cafe).to.include(
          `dashboard ${stack}-cafe, widget 14 "Traffic by country": searches the namespace obskit/Cafe, in which this stack publishes no metric.`,
        );
        expect(cafe.some((m) => m.includes("shows metric Cafe/Requests"))).to.equal(true);
        // the audit dashboard: its CIS alarms and the trail's group
        const noTrail = resources.filter(
          (r) =>
            !(
              r.type === "aws:cloudwatch/logGroup:LogGroup" && /cloudtrail|trail/i.test(String(r.props.name))
            ),
        );
        expect(
          check(noTrail).some(
            (m) => m.startsWith(`dashboard ${stack}-audit,`) && m.includes("queries log group"),
          ),
        ).to.equal(true);
      });
    });
  }

  it("the order worker's single pane has its design's three parts and their widgets", async () => {
    const b = (await bodies("dev"))["dev-smart-orders"];
    expect(titles(b)).to.deep.equal([
      "## Health & traffic\nOrders and events per minute, and how the events are distributed.",
      "Orders per minute",
      "Orders and events per minute",
      "Event distribution",
      "Order volume (Logs Insights)",
      "Recent events",
      "## Incident & customer impact\nPayment failures against their alarm, the failure rate as an SLO-style percentage, and who is affected.",
      "Payment failures per minute",
      "Payment failure rate (%)",
      "Alarm status",
      "Top customers by payment failures",
      "Noisy customers",
      "Recent payment failures",
      "## Performance & forensics\nProcessing latency, delayed orders and the worst cases.",
      "Processing time: average and p99",
      "Delayed orders (> 2 s)",
      "Latency over 2 s per minute",
      "Worst-case orders",
    ]);
    const byTitle = (t: string) => b.widgets.find((w) => w.properties.title === t)!;
    expect(byTitle("Event distribution").properties).to.deep.include({
      view: "pie",
      query: "SOURCE '/smart-orders/processor' | stats count() by event",
    });
    // the threshold line is the alarm's own threshold (Pulumi.dev.yaml: 5)
    expect(byTitle("Payment failures per minute").properties.annotations).to.deep.equal({
      horizontal: [{ label: "dev-PaymentFailures", value: 5, color: "#d62728" }],
    });
    expect(byTitle("Payment failure rate (%)").properties.metrics).to.deep.include([
      { expression: "100 * failed / total", label: "failure rate %", id: "rate" },
    ]);
    const latency = byTitle("Processing time: average and p99").properties.metrics as unknown[][];
    expect(latency.map((row) => (row[2] as { stat: string }).stat)).to.deep.equal(["Average", "p99"]);
  });

  it("the café's business dashboard: traffic, 404/5xx against their alarms, menu.php errors, orders, the zero-orders alarm, geography", async () => {
    const b = (await bodies("dev"))["dev-cafe"];
    const byTitle = (t: string) => b.widgets.find((w) => w.properties.title === t)!;
    expect(titles(b).filter((t) => !String(t).startsWith("##"))).to.deep.equal([
      "Last minute",
      "Requests by status class",
      "Bytes sent",
      "404 errors",
      "5xx errors",
      "/cafe/menu.php errors (5xx)",
      "Order volume",
      "Traffic without orders (alarm condition)",
      "Café alarms",
      "Orders per minute (Logs Insights)",
      "Requests and errors per minute",
      "Traffic by country",
      "Orders by country",
      "Requests by country",
      "Top cities",
      "Orders by country",
      "/cafe/menu.php 500s",
      "Top pages",
      "Top client IPs",
    ]);
    // thresholds from the alarms (Pulumi.dev.yaml: 404 > 5, 5xx >= 1; the zero-orders condition is 1)
    const line = (t: string) => (byTitle(t).properties.annotations as { horizontal: unknown[] }).horizontal;
    expect(line("404 errors")).to.deep.equal([{ label: "dev-Cafe404Errors", value: 5, color: "#d62728" }]);
    expect(line("5xx errors")).to.deep.equal([{ label: "dev-Cafe5xxErrors", value: 1, color: "#d62728" }]);
    const condition = byTitle("Traffic without orders (alarm condition)").properties.metrics as unknown[][];
    // the alarm's own expression (dev's floor: 10 requests a minute) over the two hidden inputs
    expect(condition[2][0]).to.deep.include({
      expression: "IF(FILL(requests, 0) >= 10 AND FILL(orders, 0) == 0, 1, 0)",
      id: "condition",
    });
    expect(
      condition.slice(0, 2).map((r) => [r[1], (r[2] as { id: string; visible: boolean }).id]),
    ).to.deep.equal([
      ["Requests", "requests"],
      ["OrderClicks", "orders"],
    ]);
    expect(
      (byTitle("Café alarms").properties.alarms as string[]).map((a) => a.replace(/.*:alarm:/, "")),
    ).to.deep.equal([
      "dev-CafeTrafficWithoutOrders",
      "dev-Cafe404Errors",
      "dev-Cafe5xxErrors",
      "dev-cafe-analytics-dead-letters",
    ]);
    expect((byTitle("Traffic by country").properties.metrics as unknown[][])[0][0]).to.deep.include({
      expression: `SEARCH('{obskit/Cafe,service,country} MetricName="Requests" service="cafe-analytics"', 'Sum', 300)`,
    });
    expect(byTitle("Top cities").properties.query).to.match(
      /^SOURCE 'cafe\/analytics' \| .*stats count\(\*\) as requests by country, city/s,
    );
    expect(byTitle("/cafe/menu.php 500s").properties.query).to.include('filter request = "/cafe/menu.php"');
    expect(
      b.widgets.some((w) => String(w.properties.markdown).includes("GeoLite2 data created by MaxMind")),
    ).to.equal(true);
  });

  it("the platform's API performance and data pipeline dashboards (the platform monitoring module) show the configured services only", async () => {
    for (const stack of ["dev", "prod"]) {
      const all = await bodies(stack);
      const api = all[`${stack}-platform-api-performance`];
      const metricsOf = (b: DashboardBody) =>
        b.widgets.flatMap((w) =>
          ((w.properties.metrics ?? []) as unknown[][]).map((r) => r.slice(0, 2).join("/")),
        );
      expect([...new Set(metricsOf(api))]).to.deep.equal([
        "AWS/ApiGateway/Count",
        "AWS/ApiGateway/4XXError",
        "AWS/ApiGateway/5XXError",
        "AWS/ApiGateway/Latency",
        "AWS/ApiGateway/IntegrationLatency",
        "AWS/Lambda/Invocations",
        "AWS/Lambda/Errors",
        "AWS/Lambda/Throttles",
        "AWS/Lambda/Duration",
      ]);
      const errors = api.widgets.find((w) => w.properties.title === "Errors")!.properties;
      expect((errors.metrics as unknown[][]).length).to.equal(7);
      expect(
        (errors.annotations as { horizontal: { value: number }[] }).horizontal.map((h) => h.value),
      ).to.deep.equal([10]);
      const status = api.widgets.find((w) => w.type === "alarm")!.properties.alarms as string[];
      expect(status).to.have.length(8);
      const lambdaQuery = api.widgets.find((w) => w.properties.title === "Recent Lambda errors")!.properties
        .query;
      expect(String(lambdaQuery).match(/SOURCE '\/aws\/lambda\/[^']+'/g)).to.have.length(7);

      const pipeline = all[`${stack}-platform-data-pipeline`];
      const dms = [
        "AWS/DMS/CDCLatencySource",
        "AWS/DMS/CDCLatencyTarget",
        "AWS/DMS/CDCThroughputRowsSource",
        "AWS/DMS/CDCThroughputRowsTarget",
        "AWS/DMS/CDCIncomingChanges",
      ];
      // dev has no DMS (Pulumi.dev.yaml): no DMS widget; prod has the task and its lag alarm
      expect([...new Set(metricsOf(pipeline))]).to.deep.equal([
        ...(stack === "prod" ? dms : []),
        "AWS/Events/TriggeredRules",
        "AWS/Events/FailedInvocations",
      ]);
      const rule = (
        pipeline.widgets.find((w) => w.properties.title === "Failed jobs (rule matches)")!.properties
          .metrics as unknown[][]
      )[0];
      expect(rule.slice(2, 4)).to.deep.equal(["RuleName", `${stack}-platform-batch-job-failed`]);
      expect(pipeline.widgets.some((w) => w.properties.title === "Recent Batch job errors")).to.equal(true);
      expect(pipeline.widgets.some((w) => w.properties.title === "Replication lag alarm")).to.equal(
        stack === "prod",
      );
    }
  });

  it("the audit dashboard: CIS alarm status, CIS events, recent root and failed console sign-ins", async () => {
    const b = (await bodies("dev"))["dev-audit"];
    const [, alarms, events, query] = b.widgets;
    expect((alarms.properties.alarms as string[]).length).to.equal(
      (events.properties.metrics as unknown[]).length,
    );
    expect((alarms.properties.alarms as string[]).length).to.be.greaterThan(0);
    expect((alarms.properties.alarms as string[]).every((a) => /:alarm:dev-cis-/.test(a))).to.equal(true);
    expect(query.properties.query).to.match(/^SOURCE '[^']+' \| fields @timestamp, eventName/);
    expect(query.properties.query).to.include('eventName = "ConsoleLogin"');
  });

  it("the ERROR pipeline's dashboard: error count, recent errors, alarm status, incidents stored and dead letters", async () => {
    const b = (await bodies("dev"))["dev-error-pipeline"];
    expect(b.widgets.map((w) => [w.type, w.properties.title ?? "heading"])).to.deep.equal([
      ["text", "heading"],
      ["metric", "Error count (1 min)"],
      ["alarm", "Alarm status"],
      ["log", "Recent errors"],
      ["metric", "Incidents stored"],
      ["metric", "Dead letters"],
    ]);
    const dlq = b.widgets[5].properties;
    expect((dlq.metrics as unknown[][])[0].slice(0, 3)).to.deep.equal([
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      "QueueName",
    ]);
    expect((dlq.annotations as { horizontal: { value: number }[] }).horizontal[0].value).to.equal(1);
    expect((b.widgets[2].properties.alarms as string[]).map((a) => a.replace(/.*:alarm:/, ""))).to.deep.equal(
      ["dev-ErrorCount", "dev-incidents-dead-letters"],
    );
  });
});
