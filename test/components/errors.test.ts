import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  AlertingPath,
  LogPipeline,
  LogsKey,
  Metric,
  ObskitArgsError,
  ProcessingPath,
  formatProblem,
  problemsOf,
  type ObskitProblem,
} from "../../components";
import { jsonValue } from "../../components/errors";
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
  it("LogPipeline: one { propertyPath, reason } per problem, the message made from the problems", () => {
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
    expect(errors.map((e) => e.propertyPath)).to.deep.equal(err.problems.map((p) => p.propertyPath));
    for (const [i, p] of err.problems.entries()) {
      expect(err.message).to.contain(`  - ${formatProblem(p)}`);
      // preview shows the reason under the property: the same text without the path
      expect(`\`${p.propertyPath}\` ${errors[i].reason}`).to.equal(formatProblem(p));
    }
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
});

describe("a construction problem is data", () => {
  it("carries component, name, propertyPath, value, reason and fix, and nothing else", () => {
    const err = invalid(() => new LogsKey("audit-key", { logGroupNames: ["/a"], deletionWindowInDays: 3 }));
    expect(err.problems).to.deep.equal([
      {
        component: "LogsKey",
        name: "audit-key",
        propertyPath: "deletionWindowInDays",
        value: 3,
        reason: err.problems[0].reason,
        fix: err.problems[0].fix,
      },
    ]);
    expect(err.component).to.equal("LogsKey");
    expect(err.resourceName).to.equal("audit-key");
  });

  it("has one text, made from the fields: path, reason, the value given, the fix", () => {
    const p: ObskitProblem = {
      component: "LogPipeline",
      name: "orders",
      propertyPath: "retentionInDays",
      value: 8,
      reason: "must be one of 1, 3, 5",
      fix: "use one of 1, 3, 5",
    };
    expect(formatProblem(p)).to.equal(
      "`retentionInDays` must be one of 1, 3, 5 (got 8): use one of 1, 3, 5.",
    );
    // a missing value is not shown as "got undefined"; a whole-argument problem has no path
    expect(formatProblem({ ...p, propertyPath: "", value: undefined, reason: "Nothing is set" })).to.equal(
      "Nothing is set: use one of 1, 3, 5.",
    );
    expect(formatProblem({ ...p, value: Number.NaN })).to.contain("(got NaN)");
    expect(formatProblem({ ...p, value: "x" })).to.contain('(got "x")');
  });

  it("changing a field changes the text: tests and tools can read the fields instead", () => {
    const err = invalid(() => new LogsKey("k", { logGroupNames: ["/a"], deletionWindowInDays: 3 }));
    const [p] = err.problems;
    for (const changed of [{ value: 4 }, { propertyPath: "other" }, { reason: "r" }, { fix: "f" }])
      expect(formatProblem({ ...p, ...changed })).to.not.equal(formatProblem(p));
  });

  it("values JSON cannot carry (NaN, Infinity) print as their text in JSON", () => {
    expect(jsonValue(Number.NaN)).to.equal("NaN");
    expect(jsonValue(Number.POSITIVE_INFINITY)).to.equal("Infinity");
    expect(jsonValue(undefined)).to.equal(null);
    expect(jsonValue({ a: [1, Number.NaN] })).to.deep.equal({ a: [1, "NaN"] });
    expect(jsonValue("x")).to.equal("x");
  });

  it("problemsOf reads them off any ObskitArgsError by name, and nothing off other errors", () => {
    const err = invalid(() => new LogsKey("k", { logGroupNames: [] }));
    expect(problemsOf(err)).to.equal(err.problems);
    // a copy from another bundle: same name and shape, another class
    const foreign = Object.assign(new Error("x"), { name: "ObskitArgsError", problems: err.problems });
    expect(problemsOf(foreign)).to.deep.equal(err.problems);
    expect(problemsOf(new Error("x"))).to.equal(undefined);
    expect(problemsOf("ObskitArgsError")).to.equal(undefined);
  });
});
