/**
 * The café's CloudWatch agent configuration against the agent's official JSON schema
 * (aws/amazon-cloudwatch-agent translator/config/schema.json, draft-04), with the validator first
 * proven on the schema's own valid/invalid fixtures and sample configurations.
 */
import { expect } from "chai";
import Ajv, { type ValidateFunction } from "ajv-draft-04";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cafeAgentConfig, cafeAgentConfigJson } from "../../../apps/cafe/src/agentConfig";

const DIR = join(__dirname, "../../../../shared/data/cwagent");
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), "utf8")) as unknown;

interface Expectations {
  cases: { file: string; valid: boolean }[];
  files_without_explicit_test_expectation: string[];
}

describe("cafe CloudWatch agent configuration", () => {
  let validate: ValidateFunction;
  before(() => {
    // strict off: the agent's schema uses keywords ajv's strict mode rejects ("descriptions")
    const ajv = new Ajv({ allErrors: true, strict: false });
    validate = ajv.compile(readJson("schema.json") as object);
  });
  const errorsOf = (doc: unknown): string[] =>
    validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  describe("the validator, proven on the schema's own fixtures", () => {
    const exp = readJson("expectations.json") as Expectations;

    it("agrees with the agent's tests on every fixture they reference", () => {
      expect(exp.cases.length).to.equal(49);
      const wrong = exp.cases.filter((c) => (errorsOf(readJson(c.file)).length === 0) !== c.valid);
      expect(wrong.map((c) => c.file)).to.deep.equal([]);
      // both outcomes occur, so a validator that accepts (or rejects) everything fails here
      expect(exp.cases.some((c) => c.valid)).to.equal(true);
      expect(exp.cases.some((c) => !c.valid)).to.equal(true);
    });

    it("judges the unreferenced fixtures by their name (valid*/invalid*)", () => {
      const files = exp.files_without_explicit_test_expectation;
      expect(files).to.have.length(11);
      for (const f of files) {
        const valid = /\/valid[^/]*\.json$/.test(f);
        expect(errorsOf(readJson(f)).length === 0, f).to.equal(valid);
      }
    });

    it("accepts every sample configuration of the agent", () => {
      const samples = readdirSync(join(DIR, "sampleConfig")).filter((f) => f.endsWith(".json"));
      expect(samples.length).to.be.greaterThan(3);
      for (const f of samples) expect(errorsOf(readJson(`sampleConfig/${f}`)), f).to.deep.equal([]);
    });
  });

  const input = { accessLogGroup: "apache/access", errorLogGroup: "apache/error" };

  it("is valid against the agent's schema", () => {
    expect(errorsOf(JSON.parse(cafeAgentConfigJson(input)))).to.deep.equal([]);
    expect(
      errorsOf(cafeAgentConfig({ ...input, timezone: "Local", metricsIntervalSeconds: 10 })),
    ).to.deep.equal([]);
  });

  it("would be caught by the schema if it were wrong", () => {
    const c = cafeAgentConfig(input) as unknown as {
      logs: { logs_collected: { files: { collect_list: Record<string, unknown>[] } } };
    };
    c.logs.logs_collected.files.collect_list[0]!.timezone = "Europe/Paris";
    expect(errorsOf(c)).to.not.deep.equal([]);
  });

  it("ships the access and error logs to their groups, one stream per instance, with request timestamps", () => {
    const files = cafeAgentConfig(input).logs.logs_collected.files.collect_list;
    expect(files.map((f) => [f.file_path, f.log_group_name])).to.deep.equal([
      ["/var/log/httpd/access_log", "apache/access"],
      ["/var/log/httpd/error_log", "apache/error"],
    ]);
    for (const f of files) {
      expect(f.log_stream_name).to.match(/^\{instance_id\}\//);
      expect(f.timezone).to.equal("UTC");
    }
    expect(files[0]!.timestamp_format).to.equal("%d/%b/%Y:%H:%M:%S %z");
  });

  it("collects memory and root-disk usage per instance and never creates log groups itself", () => {
    const c = cafeAgentConfig(input);
    expect(c.metrics.metrics_collected.mem.measurement).to.deep.equal(["mem_used_percent"]);
    expect(c.metrics.metrics_collected.disk).to.deep.include({
      measurement: ["used_percent"],
      resources: ["/"],
    });
    expect(c.metrics.append_dimensions).to.deep.equal({ InstanceId: "${aws:InstanceId}" });
    // retention set by the agent would fight the stack's per-stage retention
    expect(JSON.stringify(c)).to.not.include("retention_in_days");
  });
});
