import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ASSUMPTION_DEFAULTS } from "../../cli/cost/assumptions";
import { estimate } from "../../cli/cost/estimate";
import { loadPriceTable } from "../../cli/cost/prices";
import { runUnderMocks } from "../../cli/plan/mockRuntime";
import { renderPlan } from "../../cli/plan/render";
import { replayModel } from "../../cli/replay/model";
import { modelFromPlan } from "../../cli/verify/model";
import { readStack, registerResourceType, resourceType, TYPE, type StackModel } from "../../model";
import { evaluatePolicies } from "../../policy/offline";
import { EMPTY_CONTEXT } from "../../policy/rules";

const WIDGET = "test:index/widget:Widget";

/** A resource of a provider type obskit never planned. */
class Widget extends pulumi.CustomResource {
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(WIDGET, name, props);
  }
}

/** A program with one resource of a type obskit never planned, carrying a resource policy IAM would reject. */
async function planWidget(): Promise<StackModel> {
  const run = await runUnderMocks({
    project: "widgets",
    stack: "dev",
    config: { "aws:region": "eu-west-1" },
    program: () => {
      new aws.cloudwatch.LogGroup("logs", { name: "/widgets/app", retentionInDays: 30 });
      new Widget("blue", {
        widgetName: "blue-widget",
        size: 3,
        // a resource policy statement without a Principal: IAM refuses it
        accessPolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
        }),
      });
      return {};
    },
  });
  return readStack(run);
}

describe("the resource type table", () => {
  it("names every type once, by a kind unique in the table", () => {
    expect(resourceType(TYPE.logGroup)?.kind).to.equal("logGroup");
    expect(() =>
      registerResourceType({ token: TYPE.logGroup, kind: "anotherLogGroup", service: "logs" }),
    ).to.throw(/already in the table/);
    expect(() => registerResourceType({ token: "x:y/z:Z", kind: "logGroup", service: "x" })).to.throw(
      /kind logGroup is already used/,
    );
  });

  it("a type added once is seen by the replay, verify, the cost estimate, the plan renderer and the policy pack", async () => {
    const unregister = registerResourceType({
      token: WIDGET,
      kind: "widget",
      service: "widgets",
      nameProperties: ["widgetName"],
      documents: [{ property: "accessPolicy", kind: "resource" }],
      pricing: { unpriced: "widgets are billed per widget-hour, which depends on use" },
      summary: (i) => ({ size: i.size }),
    });
    try {
      const model = await planWidget();
      const widget = model.ofKind("widget");
      expect(widget.map((r) => r.physicalName)).to.deep.equal(["blue-widget"]);
      expect(model.unknownTypes).to.deep.equal([]);

      // the replay: scenarios that read the plan find it by kind
      expect(
        replayModel(model)
          .resources.filter((r) => r.kind === "widget")
          .map((r) => r.name),
      ).to.deep.equal(["blue"]);
      // verify: states it does not look it up
      expect(modelFromPlan({ model, policyContext: EMPTY_CONTEXT }).notChecked).to.deep.include({
        widget: 1,
      });
      // cost: says why it is not priced
      const cost = estimate(model, loadPriceTable("eu-west-1"), { ...ASSUMPTION_DEFAULTS });
      expect(cost.notPriced).to.deep.include({
        resource: "blue",
        type: WIDGET,
        reason: "widgets are billed per widget-hour, which depends on use",
      });
      // the plan: shows its key settings
      expect(renderPlan(model, [])).to.match(/test:index\/widget:Widget\s+blue\s+size=3/);
      // the policy pack: checks the policy document it carries
      const violations = await evaluatePolicies(model, EMPTY_CONTEXT);
      const onWidget = violations.filter((v) => v.urn === widget[0].urn);
      expect(onWidget.map((v) => v.policy)).to.include("policy-document-valid");
      expect(onWidget.find((v) => v.policy === "policy-document-valid")?.message).to.match(
        /accessPolicy.*Principal/,
      );
    } finally {
      unregister();
    }

    // and without the entry, the same plan keeps the resource raw: nobody guesses
    const raw = await planWidget();
    expect(raw.unknownTypes).to.deep.equal([WIDGET]);
    expect(raw.ofType(WIDGET)[0].kind).to.equal(undefined);
    expect(estimate(raw, loadPriceTable("eu-west-1"), { ...ASSUMPTION_DEFAULTS }).notPriced).to.deep.equal(
      [],
    );
    const violations = await evaluatePolicies(raw, EMPTY_CONTEXT);
    expect(violations.filter((v) => v.urn === raw.ofType(WIDGET)[0].urn)).to.deep.equal([]);
    expect(modelFromPlan({ model: raw, policyContext: EMPTY_CONTEXT }).notChecked).to.deep.include({
      [WIDGET]: 1,
    });
  });
});
