import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  AlertingPath,
  LogPipeline,
  LogsKey,
  Metric,
  ObskitArgsError,
  ProcessingPath,
} from "../../components";
import { propertyPathOf } from "../../components/errors";
import { thrown } from "../support/errors";
import { runProgram } from "../support/mocks";

type Details = { propertyPath: string; reason: string }[];

/** The error a constructor throws, as `pulumi preview` receives it. */
function invalid(construct: () => unknown): pulumi.InputPropertiesError & ObskitArgsError {
  const err = thrown(construct);
  expect(pulumi.InputPropertiesError.isInstance(err), "an InputPropertiesError").to.equal(true);
  expect(err.name).to.equal("ObskitArgsError");
  return err as pulumi.InputPropertiesError & ObskitArgsError;
}

describe("argument errors reach pulumi preview per property", () => {
  it("LogPipeline: one { propertyPath, reason } per problem, the message unchanged", () => {
    const err = invalid(
      () =>
        new LogPipeline("bad", {
          logGroupName: "has space",
          retentionInDays: 8,
          metricFilters: [{ name: "F", pattern: "ERROR", namespace: "AWS/Logs" }],
          queries: [{ name: "q", query: "" }],
        }),
    );
    const errors = err.errors as Details;
    expect(errors.map((e) => e.propertyPath)).to.deep.equal([
      "logGroupName",
      "retentionInDays",
      "metricFilters[0].namespace",
      "queries[0].query",
    ]);
    expect(errors.map((e) => e.reason)).to.deep.equal(err.problems);
    for (const p of err.problems) expect(err.message).to.contain(`  - ${p}`);
    expect(err.message).to.match(/^LogPipeline "bad": 4 invalid arguments:/);
  });

  it("AlertingPath and addAlarm: the alarm's argument path and field", async () => {
    const m = new Metric({ namespace: "N", name: "M", periodSeconds: 45 });
    const err = invalid(
      () =>
        new AlertingPath("bad", {
          emails: ["ok@example.com", "nope"],
          alarms: [{ name: "A", metric: m, threshold: Number.NaN }],
          compositeAlarms: [{ name: "C", alarms: [] }],
        }),
    );
    expect((err.errors as Details).map((e) => e.propertyPath)).to.deep.equal([
      "emails[1]",
      "alarms[0].threshold",
      "alarms[0].metric.periodSeconds",
      "compositeAlarms[0].alarms",
    ]);
    let added: Details = [];
    await runProgram(() => {
      const path = new AlertingPath("alerts", {});
      added = invalid(() => path.addAlarm({ name: "B", metric: m, threshold: 1, evaluationPeriods: 0 }))
        .errors as Details;
    });
    expect(added.map((e) => e.propertyPath)).to.deep.equal([
      "spec.evaluationPeriods",
      "spec.metric.periodSeconds",
    ]);
  });

  it("ProcessingPath and LogsKey name their fields too", () => {
    const p = invalid(
      () =>
        new ProcessingPath("bad", {
          source: undefined as unknown as LogPipeline,
          alerting: undefined as unknown as AlertingPath,
          memoryMb: 1,
          functionName: "bad name",
        }),
    );
    for (const e of p.errors as Details) expect(e.propertyPath, e.reason).not.to.equal("");
    const k = invalid(() => new LogsKey("bad", { logGroupNames: ["/a"], deletionWindowInDays: 3 }));
    expect((k.errors as Details).map((e) => e.propertyPath)).to.deep.equal(["deletionWindowInDays"]);
  });

  it("reads the path off the package's one phrasing rule, and says '' for whole-argument problems", () => {
    expect(propertyPathOf("`emails[0]` must be an e-mail address")).to.equal("emails[0]");
    expect(propertyPathOf('`metricFilters[2]` ("F"): `value` must be …')).to.equal("metricFilters[2].value");
    expect(propertyPathOf('`queries[0]` ("q"): the query must …')).to.equal("queries[0]");
    expect(propertyPathOf('`spec` ("A"): `name` must be set and `dev-<name>` at most …')).to.equal(
      "spec.name",
    );
    expect(propertyPathOf("either a key or none must be given")).to.equal("");
  });
});
