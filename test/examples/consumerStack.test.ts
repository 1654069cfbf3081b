import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as path from "node:path";
import { sampleLines } from "../../apps/order-worker/src/samples";
import { runUnderMocks, type MockRun } from "../../cli/plan/mockRuntime";
import { readProjectName, readStackConfig } from "../../cli/plan/stackConfig";
import { checkSamples } from "../../components/filterPattern";
import {
  LARGE_AMOUNT,
  LARGE_PAYMENT_FAILURES_PATTERN,
  readOutput,
} from "../../examples/consumer-stack/consumer";
import type { StackOutputs } from "../../stack/outputs";
import { ACCOUNT, OTHER_ACCOUNT, expectAllowed, expectDenied } from "../support/iam";
import { one, planOf } from "../support/mocks";

const ROOT = path.join(__dirname, "..", "..", "examples", "consumer-stack");
const OBSKIT_DEV = "organization/obskit/dev";

/** Plans the consumer stack offline, its StackReference answering with `outputs`. */
function planConsumer(outputs: Record<string, unknown>, stack = "dev"): Promise<MockRun> {
  const project = readProjectName(ROOT);
  return runUnderMocks({
    project,
    stack,
    config: readStackConfig(ROOT, stack, project),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program: () => require(path.join(ROOT, "index.ts")) as unknown,
    stackReferences: { [OBSKIT_DEV]: outputs },
  });
}

describe("examples/consumer-stack: another stack reading our outputs", () => {
  let ours: StackOutputs;
  let run: MockRun;
  before(async () => {
    ours = (await planOf("dev")).json.outputs as StackOutputs;
    run = await planConsumer(ours);
  });

  it("references the obskit stack named in its config", () => {
    const ref = one(run, "pulumi:pulumi:StackReference");
    expect(ref.inputs.name).to.equal(OBSKIT_DEV);
    expect(run.outputs.obskitStack).to.equal(OBSKIT_DEV);
  });

  it("puts its own metric filter on our order log group, by the name our outputs give", () => {
    const filter = one(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    expect(filter.inputs.logGroupName).to.equal(ours.logGroupNames.orders);
    expect(run.outputs.ordersLogGroupName).to.equal("/smart-orders/processor");
  });

  it("its alarm notifies our alert topic (ALARM and OK), by the ARN our outputs give", () => {
    const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarm.inputs.alarmActions).to.deep.equal([ours.alertTopicArn]);
    expect(alarm.inputs.okActions).to.deep.equal([ours.alertTopicArn]);
    expect(alarm.inputs.name).to.equal("dev-checkout-large-payment-failures");
    expect(run.outputs.alertTopicArn).to.equal(ours.alertTopicArn);
  });

  it("our topic policy lets its alarm publish, and not the same alarm of another account", async () => {
    const topicPolicy = (await planOf("dev")).run.resources.find(
      (r) => r.type === "aws:sns/topicPolicy:TopicPolicy",
    )?.inputs.policy;
    const alarmArn = String(run.outputs.alarmArn);
    const publish = (account: string) => ({
      principal: "cloudwatch.amazonaws.com",
      action: "sns:Publish",
      resource: ours.alertTopicArn,
      context: {
        "aws:SourceAccount": account,
        "aws:SourceArn": alarmArn.replace(ACCOUNT, account),
      },
    });
    await expectAllowed(publish(ACCOUNT), { resource: topicPolicy });
    await expectDenied(publish(OTHER_ACCOUNT), { resource: topicPolicy });
  });

  it("its filter pattern counts the order worker's large payment failures and nothing else", () => {
    const events = sampleLines({ seed: 20260112, count: 2000 }).map((line) => ({
      line,
      e: JSON.parse(line) as { event: string; amount: number },
    }));
    const failed = events.filter((x) => x.e.event === "PAYMENT_FAILED");
    const match = failed.filter((x) => x.e.amount >= LARGE_AMOUNT).map((x) => x.line);
    const small = failed.filter((x) => x.e.amount < LARGE_AMOUNT).map((x) => x.line);
    const others = events.filter((x) => x.e.event !== "PAYMENT_FAILED").map((x) => x.line);
    expect(match.length).to.be.greaterThan(0);
    expect(small.length).to.be.greaterThan(0);
    expect(
      checkSamples(LARGE_PAYMENT_FAILURES_PATTERN, { match, noMatch: [...small, ...others] }),
    ).to.deep.equal([]);
  });

  /** Reads one output of a stack whose outputs are `outputs` (the consumer's own check, alone). */
  async function readAlone(key: keyof StackOutputs, outputs: Record<string, unknown>): Promise<unknown> {
    const run = await runUnderMocks({
      project: "obskit-consumer",
      stack: "dev",
      config: {},
      program: () => ({ value: readOutput(new pulumi.StackReference("obskit", { name: OBSKIT_DEV }), key) }),
      stackReferences: { [OBSKIT_DEV]: outputs },
    });
    return run.outputs.value;
  }

  it("reads each output checked against the contract, naming the output that breaks it", async () => {
    expect(await readAlone("alertTopicArn", ours)).to.equal(ours.alertTopicArn);
    let error: unknown;
    try {
      await readAlone("alertTopicArn", { ...ours, alertTopicArn: "alerts" });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/output alertTopicArn of the obskit stack breaks the contract/);
  });

  it("fails on a required output that is missing", async () => {
    const { alertTopicArn: _dropped, ...without } = ours;
    let error: unknown;
    try {
      await readAlone("alertTopicArn", without);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/alertTopicArn/);
  });
});
