import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { validateDashboardBody } from "../../../components";
import { assertValidDashboardBody } from "../../../components/dashboard/validate";

const DATA = path.join(__dirname, "..", "..", "..", "..", "shared", "data", "dashboard");
const read = (f: string) => readFileSync(path.join(DATA, f), "utf8");

/** Every example body printed by the documentation and the CloudFormation/CLI references. */
function exampleBodies(): [string, string][] {
  const doc = readdirSync(path.join(DATA, "body-structure-doc"))
    .filter((f) => f.endsWith(".json"))
    .map((f): [string, string] => {
      const text = read(path.join("body-structure-doc", f));
      // 08/09 are single alarm widgets as printed: a body holding that one widget
      return [f, f.includes(".WIDGET.") ? `{"widgets":[${text}]}` : text];
    });
  const cfn = readdirSync(path.join(DATA, "cloudformation-quickref")).map((f): [string, string] => [
    f,
    read(path.join("cloudformation-quickref", f)),
  ]);
  return [...doc, ...cfn, ["aws-cli_put-dashboard_body.json", read("aws-cli_put-dashboard_body.json")]];
}

const metric = (extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => ({
  type: "metric",
  x: 0,
  y: 0,
  width: 12,
  height: 6,
  properties: { region: "eu-west-1", title: "t", metrics: [["SmartOrders", "PaymentFailures"]], ...props },
  ...extra,
});
const errorsOf = (body: unknown) => validateDashboardBody(body).errors;

describe("validateDashboardBody", () => {
  for (const [name, text] of exampleBodies()) {
    it(`accepts the documented example ${name}`, () => {
      const r = validateDashboardBody(text, { strict: false });
      expect(r.errors, name).to.deep.equal([]);
      expect(r.body?.widgets.length).to.be.greaterThan(0);
    });
  }

  it("reports the overlap of the documentation's math-and-search example as a warning, and as an error when strict", () => {
    const text = read("body-structure-doc/03_math_and_search_expression.json");
    expect(validateDashboardBody(text, { strict: false }).warnings).to.have.length(1);
    const strict = validateDashboardBody(text);
    expect(strict.errors).to.have.length(1);
    expect(strict.errors[0]).to.match(/widgets\[0\] at \(0,0\) 12×6 overlaps widgets\[1\] at \(0,0\) 18×9/);
  });

  it("rejects the stacked-area-and-gauge example printed as invalid JSON, saying where", () => {
    const r = validateDashboardBody(
      read("body-structure-doc/06_stacked_area_and_gauge.AS_PRINTED_INVALID_JSON.txt"),
    );
    expect(r.body).to.equal(undefined);
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]).to.match(/^the body is not valid JSON at line 61, column 1 \("\{"\): /);
    expect(() =>
      assertValidDashboardBody(
        "doc",
        read("body-structure-doc/06_stacked_area_and_gauge.AS_PRINTED_INVALID_JSON.txt"),
      ),
    ).to.throw(/Dashboard "doc": the body is invalid \(1 problem\):\n {2}- the body is not valid JSON/);
  });

  it("requires the widgets array and knows the five widget types", () => {
    expect(errorsOf({})).to.deep.equal(["(body): must have required property 'widgets'"]);
    expect(errorsOf({ widgets: [{ ...metric(), type: "graph" }] })[0]).to.match(
      /^widgets\[0\] \(t\)\.type: must be equal to one of the allowed values: "metric", "text", "log", "alarm", "explorer"/,
    );
  });

  it("requires each type's properties: region and metrics for a metric widget, region and query for a log widget, markdown, alarms", () => {
    expect(errorsOf({ widgets: [metric({}, { region: undefined })] })).to.deep.equal([
      "widgets[0] (t).properties: must have required property 'region'",
    ]);
    expect(errorsOf({ widgets: [metric({}, { metrics: undefined })] })[0]).to.match(
      /needs `metrics`, an alarm annotation/,
    );
    expect(errorsOf({ widgets: [{ type: "log", x: 0, y: 0, properties: { region: "r" } }] })).to.deep.equal([
      "widgets[0].properties: must have required property 'query'",
    ]);
    expect(errorsOf({ widgets: [{ type: "text", x: 0, y: 0, properties: {} }] })).to.deep.equal([
      "widgets[0].properties: must have required property 'markdown'",
    ]);
    expect(
      errorsOf({ widgets: [{ type: "alarm", x: 0, y: 0, properties: { alarms: ["not-an-arn"] } }] })[0],
    ).to.match(/^widgets\[0\]\.properties\.alarms\[0\]: must match pattern/);
  });

  it("checks the forms of a metrics array", () => {
    expect(errorsOf({ widgets: [metric({}, { metrics: [["AWS/EC2"]] })] })[0]).to.match(
      /metrics must be an array of metric rows/,
    );
    expect(
      errorsOf({ widgets: [metric({}, { metrics: [["AWS/EC2", "CPUUtilization", "InstanceId"]] })] }),
    ).to.deep.equal(['widgets[0] (t): metrics[0]: a dimension name has no value (["InstanceId"]).']);
    expect(errorsOf({ widgets: [metric({}, { metrics: [[".", "CPUUtilization"]] })] })).to.deep.equal([
      'widgets[0] (t): metrics[0] uses "." but there is no previous metric to repeat.',
    ]);
    const math = [
      ["SmartOrders", "PaymentFailures", { id: "f" }],
      [{ expression: "100 * f / t", id: "rate", label: "rate" }],
    ];
    expect(errorsOf({ widgets: [metric({}, { metrics: math })] })).to.deep.equal([
      'widgets[0] (t): metrics[1]: the expression refers to "t", which is no id of this widget.',
    ]);
    expect(
      errorsOf({ widgets: [metric({}, { metrics: [[{ expression: "SUM(METRICS())", id: "E1" }]] })] })[0],
    ).to.match(/metrics must be/);
  });

  it("needs min and max on the left axis of a gauge", () => {
    expect(errorsOf({ widgets: [metric({}, { view: "gauge" })] })).to.deep.equal([
      "widgets[0] (t).properties: must have required property 'yAxis'",
    ]);
    expect(
      errorsOf({ widgets: [metric({}, { view: "gauge", yAxis: { left: { min: 0, max: 100 } } })] }),
    ).to.deep.equal([]);
  });

  it("keeps widgets inside the 24-column grid and rejects x without y", () => {
    expect(errorsOf({ widgets: [metric({ x: 18, width: 12 })] })).to.deep.equal([
      "widgets[0] (t): x 18 + width 12 = 30 runs past the 24-column grid.",
    ]);
    expect(errorsOf({ widgets: [metric({ x: 24 })] })[0]).to.match(/widgets\[0\] \(t\)\.x: must be <= 23/);
    expect(errorsOf({ widgets: [metric({ width: 25 })] })[0]).to.match(/width: must be <= 24/);
    const { y: _y, ...noY } = metric();
    expect(errorsOf({ widgets: [noY] })[0]).to.match(/must have property y when property x is present/);
  });

  it("accepts at most 500 widgets", () => {
    const widgets = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        type: "text",
        x: 0,
        y: i,
        width: 24,
        height: 1,
        properties: { markdown: `${i}` },
      }));
    expect(errorsOf({ widgets: widgets(500) })).to.deep.equal([]);
    expect(errorsOf({ widgets: widgets(501) })).to.deep.equal(["widgets: must NOT have more than 500 items"]);
  });

  it("rejects a query widget that names no log group", () => {
    const log = (query: string) => ({
      widgets: [{ type: "log", x: 0, y: 0, properties: { region: "r", title: "q", query } }],
    });
    expect(errorsOf(log("fields @message | limit 5"))).to.deep.equal([
      "widgets[0] (q): the query names no log group: it must start with SOURCE '<log group>' | …",
    ]);
    expect(errorsOf(log("SOURCE '/smart-orders/processor' | fields @message"))).to.deep.equal([]);
  });
});
