import { expect } from "chai";
import {
  parseSearchQuery,
  partialMatch,
  searchMetrics,
  SearchSyntaxError,
  searchTokens,
  type SearchableMetric,
} from "../../../engines/dashboardPreview/search";
import { toPeriod, widgetLines, type WidgetRow } from "../../../engines/dashboardPreview/lines";
import { metricKey } from "../../../components/dashboard/body";

const m = (namespace: string, name: string, dimensions: Record<string, string> = {}): SearchableMetric => ({
  namespace,
  name,
  dimensions,
});
const names = (query: string, metrics: SearchableMetric[]) =>
  searchMetrics(query, metrics).map((x) => `${x.namespace} ${x.name} ${JSON.stringify(x.dimensions)}`);

const EC2 = [
  m("AWS/EC2", "CPUUtilization", { InstanceId: "i-1234567890123456" }),
  m("AWS/EC2", "CPUUtilization", { InstanceId: "i-abc" }),
  m("AWS/EC2", "CPUUtilization", { InstanceType: "t2.micro" }),
  m("AWS/EC2", "CPUUtilization", { InstanceType: "m5.large" }),
  m("AWS/EC2", "NetworkPacketsIn", { InstanceId: "i-abc" }),
  m("AWS/EC2", "CPUUtilization"),
  m("AWS/EBS", "VolumeReadOps", { VolumeId: "vol-1", Project: "ProjectA" }),
  m("AWS/EC2", "DiskReadOps", { InstanceId: "i-abc" }),
  m("MyNamespace", "CustomCount1"),
  m("AWS/Lambda", "Errors", { FunctionName: "f-ProjectA" }),
  m("AWS/Lambda", "Invocations", { FunctionName: "f-ProjectA" }),
  m("AWS/Lambda", "Invocations", { FunctionName: "f-other" }),
];

describe('dashboard preview: SEARCH queries ("CloudWatch search expression syntax")', () => {
  it("tokenizes as the guide's table: CustomCount1, SDBFailure, Project2-trial333", () => {
    expect(searchTokens("CustomCount1")).to.deep.equal(["Custom", "Count", "1"]);
    expect(searchTokens("SDBFailure")).to.deep.equal(["SDB", "Failure"]);
    expect(searchTokens("Project2-trial333")).to.deep.equal(["Project", "2", "trial", "333"]);
  });

  it("partial matches: a single token ignores case; composite tokens keep it; delimiters separate", () => {
    for (const w of ["count", "Count", "COUNT", "CustomCount", "Count1", "customcount1"])
      expect(partialMatch(w, "CustomCount1"), w).to.equal(true);
    for (const w of ["couNT", "customcount", "count1", "Custom2"])
      expect(partialMatch(w, "CustomCount1"), w).to.equal(false);
    for (const w of ["network/errors", "network+errors", "network-errors", "Network_Errors"]) {
      expect(partialMatch(w, "Network-Errors-2"), w).to.equal(true);
      expect(partialMatch(w, "NetworkErrors2"), w).to.equal(true);
    }
  });

  it("a schema {Namespace, Dim} finds the namespace's metrics with exactly those dimensions", () => {
    expect(names('{AWS/EC2,InstanceId} MetricName="CPUUtilization"', EC2)).to.deep.equal([
      'AWS/EC2 CPUUtilization {"InstanceId":"i-1234567890123456"}',
      'AWS/EC2 CPUUtilization {"InstanceId":"i-abc"}',
    ]);
    expect(names("{AWS/EC2,InstanceType} InstanceType=micro", EC2)).to.deep.equal([
      'AWS/EC2 CPUUtilization {"InstanceType":"t2.micro"}',
    ]);
    expect(names('{AWS/EC2,InstanceType} InstanceType="micro"', EC2)).to.deep.equal([]);
    expect(names('{AWS/EC2,InstanceType} InstanceType="t2.micro"', EC2)).to.have.length(1);
    expect(names("{AWS/EC2}", EC2)).to.deep.equal(["AWS/EC2 CPUUtilization {}"]);
  });

  it('exact matches ("…") compare whole names, with \\ escapes; {NS}, "term" with a comma is read too', () => {
    expect(names('{MyNamespace}, "CustomCount1"', EC2)).to.have.length(1);
    expect(names('{MyNamespace}, "customcount1"', EC2)).to.deep.equal([]);
    expect(names('{MyNamespace}, "Custom"', EC2)).to.deep.equal([]);
    const odd = [m("My Namespace", "Europe\\France Traffic(Network)", { "Dimension@Name": "x" })];
    expect(
      names('{"My Namespace", "Dimension@Name"} "Europe\\\\France Traffic\\(Network\\)"', odd),
    ).to.have.length(1);
  });

  it("Boolean operators: implicit AND, NOT, OR with parentheses, nested grouping", () => {
    expect(names("{AWS/EC2,InstanceId} network AND packets", EC2)).to.deep.equal(
      names("{AWS/EC2,InstanceId} network packets", EC2),
    );
    expect(names("{AWS/EC2,InstanceId} network packets", EC2)).to.have.length(1);
    expect(
      names('{AWS/EC2,InstanceId} MetricName="CPUUtilization" NOT i-1234567890123456', EC2),
    ).to.deep.equal(['AWS/EC2 CPUUtilization {"InstanceId":"i-abc"}']);
    expect(names("NOT Namespace=AWS", EC2)).to.deep.equal(["MyNamespace CustomCount1 {}"]);
    expect(names("(EC2 OR EBS) AND MetricName=ReadOps", EC2)).to.deep.equal([
      'AWS/EBS VolumeReadOps {"VolumeId":"vol-1","Project":"ProjectA"}',
      'AWS/EC2 DiskReadOps {"InstanceId":"i-abc"}',
    ]);
    expect(names("(EC2 OR EBS) AND ReadOps AND ProjectA", EC2)).to.deep.equal([
      'AWS/EBS VolumeReadOps {"VolumeId":"vol-1","Project":"ProjectA"}',
    ]);
    expect(
      names(
        '{AWS/Lambda,FunctionName} MetricName="Errors" OR (MetricName="Invocations" AND (ProjectA OR ProjectB))',
        EC2,
      ),
    ).to.deep.equal([
      'AWS/Lambda Errors {"FunctionName":"f-ProjectA"}',
      'AWS/Lambda Invocations {"FunctionName":"f-ProjectA"}',
    ]);
  });

  it("rejects what CloudWatch rejects: no schema and no term, an open brace or quote, a dangling operator", () => {
    for (const q of ["", "  ", "{AWS/EC2", '"open', "a AND", "(a", "MetricName="])
      expect(() => parseSearchQuery(q), q).to.throw(SearchSyntaxError);
  });
});

describe("dashboard preview: a widget's lines (metric math and SEARCH over preview data)", () => {
  const T = Date.UTC(2026, 0, 1, 10, 0);
  const minute = (i: number) => T + i * 60_000;
  const data = {
    [metricKey("Shop", "Requests", { service: "s", country: "FR" })]: [0, 1, 2, 3, 4, 5].map(
      (i): [number, number] => [minute(i), 2],
    ),
    [metricKey("Shop", "Requests", { service: "s", country: "JP" })]: [0, 1].map((i): [number, number] => [
      minute(i),
      5,
    ]),
    [metricKey("Shop", "Requests", { service: "other", country: "FR" })]: [[minute(0), 100]] as [
      number,
      number,
    ][],
    [metricKey("Shop", "Orders")]: [[minute(1), 1]] as [number, number][],
  };
  const row = (r: Partial<WidgetRow>): WidgetRow => ({ label: "", labelled: false, visible: true, ...r });

  it("a SEARCH gives one line per metric found, at its period (Sum of the minutes), labelled by ${PROP('Dim.country')}", () => {
    const { lines, problems } = widgetLines(
      [
        row({
          expression: `SEARCH('{Shop,service,country} MetricName="Requests" service="s"', 'Sum', 300)`,
          label: "${PROP('Dim.country')}",
          labelled: true,
        }),
      ],
      data,
      300,
    );
    expect(problems).to.deep.equal({});
    expect(lines.map((l) => [l.label, l.points])).to.deep.equal([
      [
        "FR",
        [
          [minute(0), 10],
          [minute(5), 2],
        ],
      ],
      ["JP", [[minute(0), 10]]],
    ]);
  });

  it("metric math over hidden metric rows: a missing minute FILLed with 0", () => {
    const key = metricKey("Shop", "Orders");
    const { lines } = widgetLines(
      [
        row({ id: "orders", key, statKey: `${key}@Sum`, visible: false }),
        row({ id: "sum", expression: "SUM(SEARCH('Requests service=s', 'Sum', 60))", visible: false }),
        row({
          expression: "IF(sum >= 4 AND FILL(orders, 0) == 0, 1, 0)",
          label: "no orders",
          labelled: true,
        }),
      ],
      data,
      60,
    );
    expect(lines).to.have.length(1);
    expect(lines[0].points).to.deep.equal([0, 1, 2, 3, 4, 5].map((i) => [minute(i), i === 0 ? 1 : 0]));
  });

  it("toPeriod: sums for Sum, extremes for Maximum, means otherwise", () => {
    const pts: [number, number][] = [
      [minute(0), 1],
      [minute(1), 4],
      [minute(5), 2],
    ];
    expect(toPeriod(pts, "Sum", 300)).to.deep.equal([
      [minute(0), 5],
      [minute(5), 2],
    ]);
    expect(toPeriod(pts, "Maximum", 300)).to.deep.equal([
      [minute(0), 4],
      [minute(5), 2],
    ]);
    expect(toPeriod(pts, "Average", 300)).to.deep.equal([
      [minute(0), 2.5],
      [minute(5), 2],
    ]);
  });

  it("an expression CloudWatch rejects is reported on its row, not drawn", () => {
    const { lines, problems } = widgetLines([row({ expression: "SEARCH('{Shop', 'Sum', 60)" })], data, 60);
    expect(lines).to.deep.equal([]);
    expect(problems[0]).to.match(/^search "\{Shop" at 5: expected , or \} in the metric schema/);
  });
});
