import Ajv from "ajv";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { STACK_OUTPUTS_SCHEMA_FILE, stackOutputsSchemaText } from "../../scripts/stack-outputs-schema";
import { STACK_OUTPUTS, stackOutputsJsonSchema } from "../../stack/outputs";
import { planOf } from "../support/mocks";

const checkedIn = () =>
  JSON.parse(fs.readFileSync(STACK_OUTPUTS_SCHEMA_FILE, "utf8")) as Record<string, unknown>;

/** Every output name the outputs table of docs/stack-outputs.md documents (first column, in backticks). */
function readmeOutputs(): Set<string> {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "stack-outputs.md"), "utf8");
  const section = doc.split(/^## Outputs$/m)[1]?.split(/^## /m)[0] ?? "";
  const names = new Set<string>();
  for (const row of section.split("\n").filter((l) => l.startsWith("| `"))) {
    const first = row.split(" | ")[0];
    for (const m of first.matchAll(/`([A-Za-z0-9]+)`/g)) names.add(m[1]);
  }
  return names;
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(checkedIn());
}

describe("stack outputs: the contract", () => {
  it("schema/stack-outputs.schema.json is the one generated from stack/outputs.ts (npm run schema:outputs)", async () => {
    expect(checkedIn(), "run npm run schema:outputs").to.deep.equal(stackOutputsJsonSchema());
    expect(fs.readFileSync(STACK_OUTPUTS_SCHEMA_FILE, "utf8")).to.equal(await stackOutputsSchemaText());
  });

  it("the schema admits no output it does not name, and requires every one it names", () => {
    const schema = checkedIn() as { additionalProperties: unknown; required: string[]; properties: object };
    expect(schema.additionalProperties).to.equal(false);
    expect([...schema.required].sort()).to.deep.equal(Object.keys(schema.properties).sort());
  });

  for (const stack of ["dev", "prod"]) {
    it(`the ${stack} plan's outputs validate against the checked-in schema`, async () => {
      const { outputs } = (await planOf(stack)).json;
      const validate = validator();
      const ok = validate(outputs);
      expect(ok, JSON.stringify(validate.errors, null, 2)).to.equal(true);
      // and the zod source agrees with the generated file
      expect(STACK_OUTPUTS.safeParse(outputs).success).to.equal(true);
    });

    it(`every output of the ${stack} plan is in the outputs table of docs/stack-outputs.md`, async () => {
      const documented = readmeOutputs();
      const missing = Object.keys((await planOf(stack)).json.outputs).filter((k) => !documented.has(k));
      expect(missing, "add them to docs/stack-outputs.md, section Outputs").to.deep.equal([]);
    });
  }

  it("every output the schema names is in the outputs table of docs/stack-outputs.md, and the table names no other", () => {
    const documented = readmeOutputs();
    const named = Object.keys(STACK_OUTPUTS.shape);
    expect(
      named.filter((k) => !documented.has(k)),
      "missing from docs/stack-outputs.md",
    ).to.deep.equal([]);
    expect(
      [...documented].filter((k) => !named.includes(k)),
      "in docs/stack-outputs.md, not in the schema",
    ).to.deep.equal([]);
  });

  it("an output missing from the schema, a missing output or a mistyped one fails validation", async () => {
    const { outputs } = (await planOf("dev")).json;
    const validate = validator();
    expect(validate({ ...outputs, brandNewOutput: "x" })).to.equal(false);
    expect(validate.errors?.map((e) => e.params)).to.deep.include({ additionalProperty: "brandNewOutput" });
    const { alertTopicArn: _dropped, ...withoutTopic } = outputs;
    expect(validate(withoutTopic)).to.equal(false);
    expect(validate.errors?.map((e) => e.params)).to.deep.include({ missingProperty: "alertTopicArn" });
    expect(validate({ ...outputs, processorBundleBytes: "426158" })).to.equal(false);
    expect(validate({ ...outputs, kmsKeyArns: { orderLogs: "alias/aws/logs" } })).to.equal(false);
  });
});
