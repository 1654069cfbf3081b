import type * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  AlarmSortBy,
  DashboardAlarmState,
  AlertingPath,
  AnnotationFill,
  Dashboard,
  DASHBOARD_DEFAULTS,
  GraphView,
  LogPipeline,
  Metric,
  ObskitArgsError,
  PeriodOverride,
  QueryView,
  TextBackground,
  validateDashboardArgs,
  WidgetKind,
  YAxisSide,
  type DashboardArgs,
  type DashboardSection,
  type WidgetSpec,
} from "../../../components";
import { layoutSections, overlaps } from "../../../components/dashboard/layout";
import { expectProblems, problemsIn, rejection, thrown } from "../../support/errors";
import { one, runProgram } from "../../support/mocks";
import { overTheWire } from "../../support/wire";

const LINE =
  '{"timestamp":"2026-01-12T07:11:52.386Z","orderId":"ORD-e593fe","customerId":"CUST-9","event":"PAYMENT_FAILED","amount":391,"processingTimeMs":0}';
const OK =
  '{"timestamp":"2026-01-12T07:11:53.001Z","orderId":"ORD-a1b2c3","customerId":"CUST-4","event":"ORDER_PROCESSED","amount":120,"processingTimeMs":340}';

const text = (markdown: string, extra: Partial<WidgetSpec> = {}): WidgetSpec =>
  ({ kind: "text", markdown, ...extra }) as WidgetSpec;

describe("Dashboard layout", () => {
  const sections: DashboardSection[] = [
    {
      title: "Traffic",
      widgets: [
        { kind: "graph", title: "a", metrics: [{ namespace: "N", name: "A" }] },
        { kind: "graph", title: "b", metrics: [{ namespace: "N", name: "B" }], view: "pie" },
        { kind: "graph", title: "c", metrics: [{ namespace: "N", name: "C" }], view: "singleValue" },
        { kind: "graph", title: "d", metrics: [{ namespace: "N", name: "D" }] },
        text("wide", { width: 20, height: 3 }),
      ],
    },
    { widgets: [text("x", { width: 4 }), text("y", { width: 4, newRow: true })] },
  ];

  it("places sections on the 24-column grid: heading, then rows left to right at the kinds' default sizes", () => {
    const placed = layoutSections(sections);
    const s = DASHBOARD_DEFAULTS.sizes;
    expect(placed.map((p) => [p.heading, p.box])).to.deep.equal([
      [true, { x: 0, y: 0, width: 24, height: 1 }],
      [false, { x: 0, y: 1, ...s.line }],
      [false, { x: 8, y: 1, ...s.pie }],
      [false, { x: 14, y: 1, ...s.singleValue }],
      // 20 + 8 > 24: a new row, as tall as the tallest widget of the row before
      [false, { x: 0, y: 7, ...s.line }],
      [false, { x: 0, y: 13, width: 20, height: 3 }],
      [false, { x: 0, y: 16, width: 4, height: 2 }],
      [false, { x: 0, y: 18, width: 4, height: 2 }],
    ]);
    expect(placed[0].widget).to.deep.include({
      kind: "text",
      markdown: "## Traffic",
      background: "transparent",
    });
  });

  it("never overlaps and stays inside the grid, whatever the sizes", () => {
    const widths = [1, 5, 7, 12, 24, 3, 9, 17, 2, 6, 11];
    const many: DashboardSection[] = [0, 1, 2].map((k) => ({
      title: `s${k}`,
      widgets: widths.map((w, i) =>
        text(`${k}-${i}`, { width: w, height: 1 + ((i * 7 + k) % 5), newRow: i === 5 }),
      ),
    }));
    const placed = layoutSections(many);
    for (const p of placed) expect(p.box.x + p.box.width).to.be.at.most(24);
    for (let a = 0; a < placed.length; a++)
      for (let b = a + 1; b < placed.length; b++)
        expect(overlaps(placed[a].box, placed[b].box), `${a}/${b}`).to.equal(false);
  });

  it("is stable: the same sections give the same layout, in reading order", () => {
    const a = layoutSections(sections).map((p) => p.box);
    const b = layoutSections(structuredClone(sections)).map((p) => p.box);
    expect(a).to.deep.equal(b);
    const order = a.map((box) => box.y * 24 + box.x);
    expect(order).to.deep.equal([...order].sort((x, y) => x - y));
  });
});

describe("Dashboard", () => {
  function program(sections?: (p: LogPipeline, alerts: AlertingPath) => DashboardSection[]) {
    return () => {
      const orders = new LogPipeline("orders", {
        logGroupName: "/smart-orders/processor",
        retentionInDays: 7,
        metricFilters: [
          {
            name: "PaymentFailures",
            pattern: '{ $.event = "PAYMENT_FAILED" }',
            namespace: "SmartOrders",
            samples: { match: [LINE], noMatch: [OK] },
          },
          {
            name: "OrdersProcessed",
            pattern: '{ $.orderId = "ORD-*" }',
            namespace: "SmartOrders",
            samples: { match: [LINE, OK], noMatch: ["x"] },
          },
        ],
        queries: [{ name: "event-distribution", query: "stats count() by event" }],
        contributorRules: [{ name: "top", keys: ["$.customerId"], aggregateOn: "Count" }],
      });
      const alerts = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
      const alarm = alerts.addAlarm({
        name: "PaymentFailures",
        metric: orders.metric("PaymentFailures"),
        threshold: 5,
      });
      const d = new Dashboard("orders-dash", {
        dashboardName: "dev-orders",
        sections: sections?.(orders, alerts) ?? [
          {
            title: "Health",
            widgets: [
              {
                kind: "graph",
                title: "Failures",
                metrics: [orders.metric("PaymentFailures")],
                alarmThresholds: [alarm],
              },
              {
                kind: "graph",
                title: "Failure rate",
                metrics: [
                  { metric: orders.metric("PaymentFailures"), id: "f", visible: false },
                  { metric: orders.metric("OrdersProcessed"), id: "t", visible: false },
                  { expression: "100 * f / t", id: "rate", label: "failure rate %" },
                ],
                annotations: [{ value: 5, label: "SLO" }],
              },
              {
                kind: "graph",
                title: "Lambda errors",
                metrics: [{ namespace: "AWS/Lambda", name: "Errors", dimensions: { FunctionName: "fn" } }],
                view: "bar",
              },
              { kind: "query", title: "Events", query: orders.queries["event-distribution"], view: "pie" },
              { kind: "query", title: "Recent", queryString: "fields @message | limit 5", logs: [orders] },
              { kind: "contributors", title: "Top customers", rule: orders.contributorRules.top },
              { kind: "alarms", title: "Alarms", alarms: [alerts.alarms.PaymentFailures] },
            ],
          },
        ],
      });
      return { name: d.dashboardName, url: d.url };
    };
  }

  it("builds a validated body from the package's objects, and outputs its name and console URL", async () => {
    const run = await runProgram(program());
    const dash = one(run, "aws:cloudwatch/dashboard:Dashboard");
    expect(dash.name).to.equal("orders-dash-dashboard");
    expect(one(run, "obskit:index:Dashboard").name).to.equal("orders-dash");
    expect(run.outputs).to.deep.equal({
      name: "dev-orders",
      url: "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/dev-orders",
    });
    const body = JSON.parse(String(dash.inputs.dashboardBody)) as {
      widgets: { type: string; properties: Record<string, unknown> }[];
    };
    const [heading, failures, rate, lambda, events, recent, top, alarms] = body.widgets;
    expect(heading).to.deep.include({ type: "text", x: 0, y: 0, width: 24, height: 1 });
    expect(failures.properties).to.deep.include({
      title: "Failures",
      region: "eu-west-1",
      view: "timeSeries",
      stacked: false,
      metrics: [["SmartOrders", "PaymentFailures", { stat: "Sum", period: 60, label: "PaymentFailures" }]],
      annotations: { horizontal: [{ label: "dev-PaymentFailures", value: 5, color: "#d62728" }] },
    });
    expect(rate.properties.metrics).to.deep.equal([
      [
        "SmartOrders",
        "PaymentFailures",
        { stat: "Sum", period: 60, label: "PaymentFailures", id: "f", visible: false },
      ],
      [
        "SmartOrders",
        "OrdersProcessed",
        { stat: "Sum", period: 60, label: "OrdersProcessed", id: "t", visible: false },
      ],
      [{ expression: "100 * f / t", label: "failure rate %", id: "rate" }],
    ]);
    expect(lambda.properties).to.deep.include({
      view: "bar",
      metrics: [["AWS/Lambda", "Errors", "FunctionName", "fn", { stat: "Sum", period: 60 }]],
    });
    expect(events).to.deep.include({ type: "log" });
    expect(events.properties).to.deep.include({
      view: "pie",
      query: "SOURCE '/smart-orders/processor' | stats count() by event",
    });
    expect(recent.properties.query).to.equal("SOURCE '/smart-orders/processor' | fields @message | limit 5");
    expect(top.properties.insightRule).to.deep.include({ maxContributorCount: 10, orderBy: "Sum" });
    expect(alarms).to.deep.include({ type: "alarm" });
    expect(alarms.properties.alarms).to.deep.equal([
      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:dev-PaymentFailures",
    ]);
  });

  it("rejects bad widgets at construction, naming field, value and fix", () => {
    const m = new Metric({ namespace: "N", name: "A" });
    const problems = validateDashboardArgs({
      dashboardName: "has space",
      sections: [
        {
          widgets: [
            { kind: "graph", title: "g", metrics: [] },
            { kind: "graph", title: "gauge", metrics: [m], view: "gauge" },
            {
              kind: "graph",
              title: "math",
              metrics: [
                { metric: m, id: "a" },
                { expression: "a / b", label: "x" },
              ],
            },
            { kind: "query", title: "q", queryString: "fields @message" },
            { kind: "alarms", title: "none", alarms: [] },
            text("w", { width: 30 }),
          ],
        },
      ],
    });
    expectProblems(problems, [
      { propertyPath: "dashboardName", value: "has space" },
      { propertyPath: "sections[0].widgets[0].metrics", value: [] },
      { propertyPath: "sections[0].widgets[1].yAxis", value: undefined },
      { propertyPath: "sections[0].widgets[2].metrics[1].expression", value: "b" },
      { propertyPath: "sections[0].widgets[3].logs", value: undefined },
      { propertyPath: "sections[0].widgets[4].alarms", value: [] },
      { propertyPath: "sections[0].widgets[5].width", value: 30 },
    ]);
    // the ids the expression could refer to, and the widths allowed
    expect(problems[3].fix).to.contain("a");
    expect(problems[6].reason).to.contain("1 to 24");
    // outside a stack: the region is given, so the one problem is the empty sections
    const err = thrown(() => new Dashboard("bad", { sections: [], region: "eu-west-1" }));
    expect(err.message).to.match(/^Dashboard "bad": 1 invalid argument:\n {2}- `sections` /);
    expectProblems(problemsIn(err, "Dashboard", "bad"), [{ propertyPath: "sections", value: [] }]);
  });

  it("refuses more than 500 widgets", () => {
    const widgets = Array.from({ length: 500 }, (_, i) => text(`${i}`));
    const problems = validateDashboardArgs({ sections: [{ title: "too many", widgets }] });
    expectProblems(problems, [{ propertyPath: "sections", value: 501 }]);
    expect(problems[0].reason).to.contain("500");
  });
});

describe("Dashboard from another language (args as plain data)", () => {
  function pipeline(): LogPipeline {
    return new LogPipeline("orders", {
      logGroupName: "/smart-orders/processor",
      retentionInDays: 7,
      metricFilters: [
        {
          name: "PaymentFailures",
          pattern: '{ $.event = "PAYMENT_FAILED" }',
          namespace: "SmartOrders",
          samples: { match: [LINE], noMatch: [OK] },
        },
      ],
      queries: [{ name: "event-distribution", query: "stats count() by event" }],
      contributorRules: [{ name: "top", keys: ["$.customerId"], aggregateOn: "Count" }],
    });
  }

  /**
   * Every widget kind and series form, with every enum field set. `asData`: as another language
   * passes it — metrics as { namespace, name, … }, the pipeline as { logGroupName }, alarms as
   * { arn }, enums as their enum objects' values; else as a TypeScript program writes it.
   */
  function args(orders: LogPipeline, alerts: AlertingPath, asData: boolean): DashboardArgs {
    const alarm = alerts.alarms.PaymentFailures as aws.cloudwatch.MetricAlarm;
    const failures = asData
      ? { namespace: "SmartOrders", name: "PaymentFailures", label: "PaymentFailures" }
      : orders.metric("PaymentFailures");
    return {
      dashboardName: "dev-orders",
      start: "-P1D",
      periodOverride: asData ? PeriodOverride.Auto : "auto",
      sections: [
        {
          title: "Health",
          description: "Payments",
          widgets: [
            {
              kind: asData ? WidgetKind.Graph : "graph",
              title: "Failures",
              metrics: [
                failures,
                { metric: failures, id: "f", yAxis: asData ? YAxisSide.Right : "right", color: "#ff0000" },
                {
                  namespace: "AWS/Lambda",
                  name: "Errors",
                  dimensions: { FunctionName: "fn" },
                  statistic: "p99",
                  periodSeconds: 300,
                },
                { expression: "2 * f", id: "double", label: "twice" },
                { alarmMetric: alarm, label: "alarm's metric" },
              ],
              view: asData ? GraphView.StackedArea : "stackedArea",
              stat: "p99.9",
              period: 300,
              yAxis: { left: { min: 0, label: "n" } },
              alarmThresholds: [alarm],
              annotations: [{ value: 5, label: "SLO", fill: asData ? AnnotationFill.Above : "above" }],
              width: 12,
            },
            {
              kind: "graph",
              title: "Now",
              metrics: [failures],
              view: asData ? GraphView.SingleValue : "singleValue",
              sparkline: true,
            },
            {
              kind: asData ? WidgetKind.Query : "query",
              title: "Events",
              query: orders.queries["event-distribution"],
              view: asData ? QueryView.Pie : "pie",
            },
            {
              kind: "query",
              title: "Recent",
              queryString: "fields @message | limit 5",
              logs: [asData ? { logGroupName: orders.logGroupName } : orders],
              view: asData ? QueryView.TimeSeries : "timeSeries",
              stacked: true,
              newRow: true,
            },
            {
              kind: "contributors",
              title: "Top customers",
              rule: orders.contributorRules.top,
              top: 5,
              period: 300,
            },
            {
              kind: asData ? WidgetKind.Alarms : "alarms",
              title: "Alarms",
              alarms: [asData ? { arn: alarm.arn } : alarm],
              states: asData ? [DashboardAlarmState.Alarm, DashboardAlarmState.Ok] : ["ALARM", "OK"],
              sortBy: asData ? AlarmSortBy.Timestamp : "timestamp",
            },
            {
              kind: asData ? WidgetKind.Text : "text",
              markdown: "**note**",
              background: asData ? TextBackground.Transparent : "transparent",
              height: 1,
            },
          ],
        },
      ],
    };
  }

  async function resourcesOf(asData: boolean) {
    const run = await runProgram(async () => {
      const orders = pipeline();
      const alerts = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
      alerts.addAlarm({ name: "PaymentFailures", metric: orders.metric("PaymentFailures"), threshold: 5 });
      const a = args(orders, alerts, asData);
      new Dashboard("orders-dash", asData ? await overTheWire(a) : a);
    });
    // the Dashboard registers after the await of the data run: compare regardless of registration order
    return run.resources
      .map(({ urn, type, name, inputs }) => ({ urn, type, name, inputs }))
      .sort((a, b) => a.urn.localeCompare(b.urn));
  }

  it("builds the same resources and body from plain data as from the TypeScript objects", async () => {
    const fromTs = await resourcesOf(false);
    const fromData = await resourcesOf(true);
    expect(fromData).to.deep.equal(fromTs);
    const dash = fromData.find((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
    const body = JSON.parse(String(dash?.inputs.dashboardBody)) as {
      periodOverride: string;
      widgets: { type: string; properties: Record<string, unknown> }[];
    };
    expect(body.periodOverride).to.equal("auto");
    const [, graph, , , recent, , alarms, text] = body.widgets;
    expect(graph.properties).to.deep.include({
      view: "timeSeries",
      stacked: true,
      stat: "p99.9",
      period: 300,
    });
    expect(graph.properties.metrics).to.deep.equal([
      ["SmartOrders", "PaymentFailures", { label: "PaymentFailures" }],
      [
        "SmartOrders",
        "PaymentFailures",
        { label: "PaymentFailures", id: "f", yAxis: "right", color: "#ff0000" },
      ],
      ["AWS/Lambda", "Errors", "FunctionName", "fn", {}],
      [{ expression: "2 * f", label: "twice", id: "double" }],
      ["SmartOrders", "PaymentFailures", { label: "alarm's metric" }],
    ]);
    expect(recent.properties).to.deep.include({
      query: "SOURCE '/smart-orders/processor' | fields @message | limit 5",
      view: "timeSeries",
      stacked: true,
    });
    expect(alarms.properties).to.deep.include({ sortBy: "timestamp", states: ["ALARM", "OK"] });
    expect(text.properties).to.deep.equal({ markdown: "**note**", background: "transparent" });
  });

  it("rejects bad plain values at construction, naming the field, the value and the fix", async () => {
    const bad = await overTheWire({
      periodOverride: "sometimes",
      sections: [
        {
          widgets: [
            {
              kind: "graph",
              title: "g",
              view: "spline",
              stat: "median",
              metrics: [
                { namespace: "N", name: "A", yAxis: "middle", statistic: "p", unit: "Parsecs" },
                { metric: { namespace: "N", name: "B" }, expression: "1" },
                { expression: "1" },
                { label: "nothing" },
              ],
              annotations: [{ value: 1, label: "l", fill: "between" }],
            },
            { kind: "chart", title: "c" },
            { kind: "text", title: "t", metrics: [] },
            { kind: "query", title: "q", query: "fields @message", view: "pie" },
            { kind: "query", title: "q2", queryString: "fields @message", logs: ["/x"] },
            { kind: "alarms", title: "a", alarms: [{}], states: ["FIRING"], sortBy: "name" },
            { kind: "contributors", title: "r" },
          ],
        },
      ],
    } as unknown as DashboardArgs);
    const err = await rejection(runProgram(() => new Dashboard("bad", bad)));
    expect(err).to.be.instanceOf(ObskitArgsError);
    const problems = problemsIn(err, "Dashboard", "bad");
    const w = "sections[0].widgets";
    expectProblems(problems, [
      { propertyPath: "periodOverride", value: "sometimes" },
      { propertyPath: `${w}[0].view`, value: "spline" },
      { propertyPath: `${w}[0].stat`, value: "median" },
      { propertyPath: `${w}[0].annotations[0].fill`, value: "between" },
      { propertyPath: `${w}[0].metrics[0].statistic`, value: "p" },
      { propertyPath: `${w}[0].metrics[0].unit`, value: "Parsecs" },
      { propertyPath: `${w}[0].metrics[0].yAxis`, value: "middle" },
      { propertyPath: `${w}[0].metrics[1]`, value: ["metric", "expression"] },
      { propertyPath: `${w}[0].metrics[2].label`, value: undefined },
      { propertyPath: `${w}[0].metrics[3]`, value: undefined },
      { propertyPath: `${w}[1].kind`, value: "chart" },
      { propertyPath: `${w}[2].title`, value: "t" },
      { propertyPath: `${w}[2].metrics`, value: [] },
      { propertyPath: `${w}[2].markdown`, value: undefined },
      { propertyPath: `${w}[3].query`, value: "fields @message" },
      { propertyPath: `${w}[4].logs[0]`, value: "/x" },
      { propertyPath: `${w}[5].alarms[0]`, value: {} },
      { propertyPath: `${w}[5].states[0]`, value: "FIRING" },
      { propertyPath: `${w}[5].sortBy`, value: "name" },
      { propertyPath: `${w}[6].rule`, value: undefined },
    ]);
    // the allowed values of each enum, so the fix can be made without the docs
    expect(problems[1].fix).to.contain("line, stackedArea, bar, pie, singleValue, gauge");
    expect(problems[3].fix).to.contain("above, below");
    expect(problems[5].fix).to.contain("Count/Second");
    expect(problems[6].fix).to.contain("left, right");
    expect(problems[10].fix).to.contain("graph, query, alarms, contributors, text");
    expect(problems[11].reason).to.contain("markdown, background");
    expect(problems[17].fix).to.contain("ALARM, INSUFFICIENT_DATA, OK");
    expect(problems[18].fix).to.contain("default, stateUpdatedTimestamp, timestamp");
    expect(problems[19].fix).to.contain("contributorRules");
  });
});
