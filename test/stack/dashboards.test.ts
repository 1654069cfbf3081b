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
        expect(names).to.deep.equal({ orders: `${stack}-smart-orders`, realtime: `${stack}-error-pipeline` });
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
    });
  }

  it("the order worker's single pane has seed 000's three parts and their widgets", async () => {
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
