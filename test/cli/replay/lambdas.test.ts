import { expect } from "chai";
import { PublishCommand } from "@aws-sdk/client-sns";
import {
  capturedPowertools,
  emfMetrics,
  recordingSns,
  type FunctionOutput,
} from "../../../cli/replay/lambdas";

describe("replay: the handlers' surroundings", () => {
  it("turns Powertools' EMF output into the metrics CloudWatch extracts, per dimension set", () => {
    const out: FunctionOutput = { lines: [], metrics: [], published: [] };
    const { logger, metrics } = capturedPowertools("svc", "obskit/Test", "INFO", out);
    metrics.addDimension("country", "FR");
    metrics.addMetric("Requests", "Count", 3);
    metrics.publishStoredMetrics();
    logger.info("hello");
    expect(out.metrics).to.deep.equal([
      {
        metric: { namespace: "obskit/Test", name: "Requests", dimensions: { service: "svc", country: "FR" } },
        value: 3,
        unit: "Count",
      },
    ]);
    expect(out.lines.map((l) => (JSON.parse(l) as { message?: string }).message)).to.include("hello");
    expect(emfMetrics("not json")).to.deep.equal([]);
  });

  it("records an SNS Publish instead of sending it", async () => {
    const out: FunctionOutput = { lines: [], metrics: [], published: [] };
    const sns = recordingSns("eu-west-1", out);
    const arn = "arn:aws:sns:eu-west-1:123456789012:alerts";
    const r = await sns.send(new PublishCommand({ TopicArn: arn, Subject: "2 incidents", Message: "…" }));
    expect(r.MessageId).to.equal("replay-1");
    expect(out.published).to.deep.equal([{ topicArn: arn, subject: "2 incidents" }]);
  });
});
