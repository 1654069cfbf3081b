import { expect } from "chai";
import {
  AlertingPath,
  Dashboard,
  DASHBOARD_DEFAULTS,
  layoutSections,
  LogPipeline,
  Metric,
  overlaps,
  validateDashboardArgs,
  type DashboardSection,
  type WidgetSpec,
} from "../../../components";
import { thrown } from "../../support/errors";
import { one, runProgram } from "../../support/mocks";

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
    expect(problems).to.deep.equal([
      '`dashboardName` "has space" must be 1–255 characters of A-Z, a-z, 0-9, - and _.',
      "`sections[0].widgets[0]` (g): `metrics` must list at least one metric or expression.",
      "`sections[0].widgets[1]` (gauge): `yAxis` a gauge needs `yAxis.left.min` and `yAxis.left.max`.",
      '`sections[0].widgets[2].metrics[1]` (math): `expression` refers to "b", which no series of the widget has as `id` (known: a).',
      "`sections[0].widgets[3]` (q): `logs` a query widget with `queryString` must name at least one log group (a LogPipeline or { logGroupName }).",
      "`sections[0].widgets[4]` (none): `alarms` must list at least one alarm (from the AlertingPath).",
      "`sections[0].widgets[5]`: `width` 30 must be an integer from 1 to 24.",
    ]);
    const err = thrown(() => new Dashboard("bad", { sections: [] }));
    expect(err.name).to.equal("ObskitArgsError");
    expect(err.message).to.match(
      /Dashboard "bad": 1 invalid argument:\n {2}- `sections` must list at least one section/,
    );
  });

  it("refuses more than 500 widgets", () => {
    const widgets = Array.from({ length: 500 }, (_, i) => text(`${i}`));
    expect(validateDashboardArgs({ sections: [{ title: "too many", widgets }] })).to.deep.equal([
      "`sections` hold 501 widgets (headings included); a dashboard has at most 500: split it.",
    ]);
  });
});
