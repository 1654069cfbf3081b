import { expect } from "chai";
import {
  AlarmDefinitionError,
  alarmFromPlan,
  compositeFromPlan,
  evaluateAlarms,
  MetricStore,
} from "../../../engines/alarmEvaluation";
import { planOf } from "../../support/mocks";

const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

describe("alarmEvaluation: alarm definitions from planned resources", () => {
  for (const stack of ["dev", "prod"]) {
    it(`converts every alarm of the ${stack} plan, and evaluates them all`, async function () {
      this.timeout(60_000);
      const plan = await planOf(stack);
      const metric = plan.run.resources.filter((r) => r.type === METRIC_ALARM);
      const composite = plan.run.resources.filter((r) => r.type === COMPOSITE_ALARM);
      expect(metric.length).to.be.greaterThan(10);
      const alarms = metric.map((r) => alarmFromPlan(r.inputs, r.name));
      const composites = composite.map((r) => compositeFromPlan(r.inputs, r.name));
      for (const [i, a] of alarms.entries()) {
        const inputs = metric[i].inputs;
        expect(a.name, metric[i].name).to.equal(inputs.name);
        // the plan has no anomaly-detection alarm: every one is evaluable offline
        expect(a.evaluable, `${a.name}: ${a.note ?? ""}`).to.equal(true);
        expect(a.alarmActions).to.deep.equal(inputs.alarmActions ?? []);
        expect(a.okActions).to.deep.equal(inputs.okActions ?? []);
        if (inputs.metricQueries)
          expect(a.metricQueries).to.have.length((inputs.metricQueries as unknown[]).length);
        else expect(a.metric).to.deep.include({ namespace: inputs.namespace, name: inputs.metricName });
      }
      const t0 = Date.UTC(2026, 10, 28, 10, 0, 0);
      const result = evaluateAlarms({
        alarms,
        composites,
        store: new MetricStore(),
        startMs: t0,
        endMs: t0 + 30 * 60_000,
      });
      expect(result.alarms).to.have.length(alarms.length + composites.length);
      // no data: nothing may reach ALARM except an alarm that treats missing data as breaching
      for (const r of result.alarms) {
        const def = alarms.find((a) => a.name === r.name);
        if (def?.treatMissingData !== "breaching") expect(r.finalState, r.name).to.not.equal("ALARM");
      }
    });
  }

  it("reads the café's math alarm as the aws provider plans it (metric inside each query)", () => {
    const a = alarmFromPlan({
      name: "prod-CafeTrafficWithoutOrders",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      threshold: 1,
      treatMissingData: "notBreaching",
      metricQueries: [
        {
          id: "requests",
          metric: { metricName: "Requests", namespace: "Cafe", period: 60, stat: "Sum" },
          returnData: false,
        },
        {
          id: "orders",
          metric: { metricName: "OrderClicks", namespace: "Cafe", period: 60, stat: "Sum" },
          returnData: false,
        },
        {
          id: "expression",
          expression: "IF(FILL(requests, 0) >= 20 AND FILL(orders, 0) == 0, 1, 0)",
          returnData: true,
        },
      ],
    });
    expect(a.periodSeconds).to.equal(60);
    expect(a.metricQueries?.[0].metricStat).to.deep.equal({
      metric: { namespace: "Cafe", name: "Requests" },
      periodSeconds: 60,
      stat: "Sum",
    });
  });

  it("reads the API's metricStat shape too, and extendedStatistic percentiles", () => {
    const a = alarmFromPlan({
      name: "m",
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 1,
      threshold: 5,
      metricQueries: [
        {
          id: "m1",
          metricStat: {
            metric: { namespace: "N", metricName: "Latency", dimensions: { Api: "x" } },
            period: 300,
            stat: "p99",
          },
          returnData: true,
        },
      ],
    });
    expect(a.metricQueries?.[0].metricStat).to.deep.equal({
      metric: { namespace: "N", name: "Latency", dimensions: { Api: "x" } },
      periodSeconds: 300,
      stat: "p99",
    });
    const p = alarmFromPlan({
      name: "p",
      namespace: "N",
      metricName: "Latency",
      extendedStatistic: "p99.9",
      period: 60,
      evaluationPeriods: 2,
      threshold: 1,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(p.statistic).to.equal("p99.9");
    expect(p.datapointsToAlarm).to.equal(2);
    expect(p.treatMissingData).to.equal("missing");
  });

  it("reports an anomaly-detection alarm as not evaluable, with the reason", () => {
    const a = alarmFromPlan({
      name: "latency-anomaly",
      comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
      evaluationPeriods: 3,
      thresholdMetricId: "ad1",
      metricQueries: [
        {
          id: "m1",
          metric: { namespace: "N", metricName: "Latency", period: 60, stat: "Average" },
          returnData: true,
        },
        { id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1, 2)", returnData: true },
      ],
    });
    expect(a.evaluable).to.equal(false);
    expect(a.note).to.match(/anomaly-detection.*model/);
    const r = evaluateAlarms({ alarms: [a], store: new MetricStore(), startMs: 0, endMs: 600_000 });
    expect(r.alarms[0]).to.deep.include({
      evaluable: false,
      transitions: [],
      finalState: "INSUFFICIENT_DATA",
    });
    expect(r.alarms[0].note).to.equal(a.note);
  });

  it("reports an alarm on a statistic it does not compute (trimmed mean) as not evaluable", () => {
    const a = alarmFromPlan({
      name: "tm",
      namespace: "N",
      metricName: "L",
      extendedStatistic: "tm99",
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(a.evaluable).to.equal(false);
    expect(a.note).to.contain("tm99");
  });

  it("rejects definitions CloudWatch rejects, naming the alarm and the field", () => {
    const base = {
      name: "bad",
      namespace: "N",
      metricName: "M",
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 2,
      threshold: 1,
      comparisonOperator: "GreaterThanThreshold",
    };
    expect(() => alarmFromPlan({ ...base, comparisonOperator: "Above" })).to.throw(
      AlarmDefinitionError,
      /"bad": comparisonOperator/,
    );
    expect(() => alarmFromPlan({ ...base, datapointsToAlarm: 3 })).to.throw(
      AlarmDefinitionError,
      /datapointsToAlarm: expected 1…2/,
    );
    expect(() => alarmFromPlan({ ...base, treatMissingData: "zero" })).to.throw(
      AlarmDefinitionError,
      /treatMissingData/,
    );
    expect(() => alarmFromPlan({ ...base, period: undefined })).to.throw(AlarmDefinitionError, /period/);
    expect(() => alarmFromPlan({ ...base, metricName: undefined })).to.throw(
      AlarmDefinitionError,
      /metricQueries/,
    );
  });

  it("reads a planned composite alarm", () => {
    const c = compositeFromPlan({
      alarmName: "checkout-down",
      alarmRule: 'ALARM("a") AND NOT OK(b)',
      alarmActions: ["arn:aws:sns:eu-west-1:123456789012:pager"],
      actionsSuppressor: { alarm: "maintenance", extensionPeriod: 60, waitPeriod: 60 },
    });
    expect(c).to.deep.include({
      kind: "composite",
      name: "checkout-down",
      actionsSuppressor: "maintenance",
      okActions: [],
    });
  });
});
