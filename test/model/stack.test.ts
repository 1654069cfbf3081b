import Ajv from "ajv";
import { expect } from "chai";
import * as fs from "node:fs";
import { MODEL_DESCRIPTION_OUTPUT } from "../../components/modelDescription";
import { PROCESSING_PATH_TYPE } from "../../components/processingPath";
import { CAFE_ANALYTICS_TYPE } from "../../apps/cafe/analytics/deploy";
import { ModelDescriptionError, modelDescriptionJsonSchema, readStack, TYPE } from "../../model";
import { MODEL_SCHEMA_FILE, modelSchemaText } from "../../scripts/model-schema";
import { planOf } from "../support/mocks";
import { stackOf } from "../support/stack";

describe("the stack model", () => {
  it("reads each log group with its metric and subscription filters, as planned", async () => {
    const { model, run } = await planOf("dev");
    const planned = run.resources.filter((r) => r.type === TYPE.logGroup);
    expect(model.logGroups.map((g) => g.resource.urn)).to.deep.equal(planned.map((r) => r.urn));
    const orders = model.logGroups.find((g) => g.name === "/smart-orders/processor");
    expect(orders, "the order worker's log group").to.not.equal(undefined);
    expect(orders?.retentionInDays).to.be.a("number");
    expect(orders?.metricFilters.map((f) => f.name)).to.include("PaymentFailures");
    for (const g of model.logGroups) for (const f of g.metricFilters) expect(f.logGroupName).to.equal(g.name);
    // every filter of the plan sits under exactly one log group
    const underGroups = model.logGroups.flatMap((g) => g.metricFilters);
    expect(underGroups.length).to.equal(model.metricFilters.length);
  });

  it("carries every filter's samples from its LogPipeline's description, by URN", async () => {
    const { model, run } = await planOf("dev");
    const withSamples = model.metricFilters.filter(
      (f) => f.samples.match.length + f.samples.noMatch.length > 0,
    );
    expect(withSamples.length).to.be.greaterThan(10);
    // the samples are what the component declared: its description names the filter's URN
    const described = run.resources.flatMap((r) => {
      const d = r.outputs?.[MODEL_DESCRIPTION_OUTPUT] as
        { filters?: { urn: string; samples: unknown }[] } | undefined;
      return d?.filters ?? [];
    });
    expect(described.length).to.equal(withSamples.length);
    for (const d of described) {
      const f = model.metricFilters.find((x) => x.resource.urn === d.urn);
      expect(f, d.urn).to.not.equal(undefined);
      expect(f?.samples).to.deep.equal(d.samples);
    }
  });

  it("knows which handler each subscribed function runs from its component's description, not its name", async () => {
    const { model } = await planOf("dev");
    const handlers = model.subscriptions.map((s) => s.function?.handler);
    expect(handlers).to.include(PROCESSING_PATH_TYPE);
    expect(handlers).to.include(CAFE_ANALYTICS_TYPE);
    for (const s of model.subscriptions) {
      if (s.destinationArn.includes(":lambda:"))
        expect(s.function?.arn).to.equal(s.destinationArn.replace(/:\$LATEST$/, ""));
      else expect(s.function, `${s.name} delivers to ${s.destinationArn}`).to.equal(undefined);
    }
  });

  it("links each alarm to the metric filters that emit what it watches", async () => {
    const { model } = await planOf("dev");
    const payment = model.alarms.find((a) => a.key === "PaymentFailures");
    expect(payment, "the PaymentFailures alarm").to.not.equal(undefined);
    expect(payment?.fedBy.map((f) => f.name)).to.deep.equal(["PaymentFailures"]);
    for (const a of model.alarms)
      for (const f of a.fedBy)
        expect(
          a.watches.some((m) => m.namespace === f.metric.namespace && m.name === f.metric.name),
        ).to.equal(true);
    // a native AWS metric has no filter behind it
    expect(
      model.alarms.some((a) => a.watches.some((m) => m.namespace.startsWith("AWS/")) && a.fedBy.length === 0),
    ).to.equal(true);
  });

  it("keeps every resource, typed by the table or raw", () => {
    const model = stackOf([
      { type: TYPE.logGroup, name: "g", inputs: { name: "/a" }, state: { name: "/a" } },
      { type: "aws:apigateway/restApi:RestApi", name: "api", inputs: { name: "x" } },
    ]);
    expect(model.resources.map((r) => r.kind)).to.deep.equal(["logGroup", undefined]);
    expect(model.ofType("aws:apigateway/restApi:RestApi")[0].inputs).to.deep.equal({ name: "x" });
    expect(model.unknownTypes).to.deep.equal(["aws:apigateway/restApi:RestApi"]);
    expect(model.ofKind("logGroup")[0].physicalName).to.equal("/a");
  });

  it("refuses a description of another schema or version instead of half-reading it", () => {
    const component = (d: unknown) =>
      stackOf([
        {
          type: "obskit:index:LogPipeline",
          name: "p",
          inputs: {},
          outputs: { [MODEL_DESCRIPTION_OUTPUT]: d },
        },
      ]);
    expect(() => component({ schema: "obskit:model", version: 2, filters: [] })).to.throw(
      ModelDescriptionError,
      /version/,
    );
    expect(() => component({ schema: "obskit:model", version: 1, filters: [{ urn: "u" }] })).to.throw(
      ModelDescriptionError,
      /filters\.0\.samples/,
    );
    expect(() => component({ schema: "obskit:model", version: 1 })).to.not.throw();
  });
});

describe("the model description contract (schema/obskit-model.schema.json)", () => {
  it("is the file generated from model/description.ts (npm run schema:model)", async () => {
    const checkedIn = JSON.parse(fs.readFileSync(MODEL_SCHEMA_FILE, "utf8")) as unknown;
    expect(checkedIn, "run npm run schema:model").to.deep.equal(modelDescriptionJsonSchema());
    expect(fs.readFileSync(MODEL_SCHEMA_FILE, "utf8")).to.equal(await modelSchemaText());
  });

  it("admits every description the dev and prod plans carry, and a reader other than ours can check them", async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(
      JSON.parse(fs.readFileSync(MODEL_SCHEMA_FILE, "utf8")) as object,
    );
    for (const stack of ["dev", "prod"]) {
      const { run } = await planOf(stack);
      const descriptions = run.resources.flatMap((r) =>
        r.outputs?.[MODEL_DESCRIPTION_OUTPUT] === undefined ? [] : [r.outputs[MODEL_DESCRIPTION_OUTPUT]],
      );
      expect(descriptions.length, stack).to.be.greaterThan(5);
      for (const d of descriptions) expect(validate(d), JSON.stringify(validate.errors)).to.equal(true);
      expect(() => readStack(run)).to.not.throw();
    }
    expect(validate({ schema: "obskit:model", version: 1, functions: [{ urn: "u" }] })).to.equal(false);
  });
});
