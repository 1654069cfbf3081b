import { expect } from "chai";
import { LogPipeline } from "../../../components";
import { deployTestEmitter } from "../../../apps/test-emitter/deploy";
import type { MockRun } from "../../../cli/plan/mockRuntime";
import { expectProblems, problemsIn, thrown } from "../../support/errors";
import { actions, one, parsePolicy, runProgram } from "../../support/mocks";

const SOURCE_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/test-log-emitter";

describe("test-emitter deployment", () => {
  let run: MockRun;
  before(async () => {
    run = await runProgram(() => {
      const source = new LogPipeline("errors", { logGroupName: "/aws/lambda/test-log-emitter" });
      deployTestEmitter("incidents-emitter", { target: source, tags: { team: "obs" } });
    });
  });

  it("deploys the design's test emitter into the target group, allowed only to write there", () => {
    const emitter = one(run, "aws:lambda/function:Function", "incidents-emitter");
    expect(emitter.inputs.loggingConfig).to.deep.include({ logGroup: "/aws/lambda/test-log-emitter" });
    expect(emitter.inputs).to.deep.include({
      handler: "index.handler",
      runtime: "nodejs22.x",
      memorySize: 128,
    });
    expect(emitter.inputs.tags).to.deep.include({ team: "obs", "obskit:component": "TestEmitter" });
    const statements = parsePolicy(
      one(run, "aws:iam/rolePolicy:RolePolicy", "incidents-emitter-policy").inputs.policy,
    ).Statement;
    expect(statements.map((s) => [actions(s), s.Resource])).to.deep.equal([
      [["logs:CreateLogStream", "logs:PutLogEvents"], `${SOURCE_ARN}:log-stream:*`],
    ]);
  });

  it("creates the function only after its role may write to the group", () => {
    const emitter = one(run, "aws:lambda/function:Function", "incidents-emitter");
    const policy = one(run, "aws:iam/rolePolicy:RolePolicy", "incidents-emitter-policy");
    expect(emitter.dependencies).to.include(policy.urn);
  });

  it("rejects a missing target, naming the field and the fix", () => {
    const err = thrown(() => deployTestEmitter("bad", {} as never));
    const problems = problemsIn(err, "TestEmitter", "bad");
    expectProblems(problems, [{ propertyPath: "target", value: undefined }]);
    expect(problems[0].fix).to.contain("LogPipeline");
  });
});
