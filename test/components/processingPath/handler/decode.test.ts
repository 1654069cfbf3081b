import { gzipSync } from "node:zlib";
import { expect } from "chai";
import {
  decodeBase64,
  decodeDelivery,
  encodeAwsLogsData,
  extractAwsLogsData,
  gunzip,
  MAX_DECOMPRESSED_BYTES,
  parseDelivery,
} from "../../../../components/processingPath/handler/decode";
import { sample } from "./helpers";

function errorName(act: () => unknown): string | undefined {
  try {
    act();
  } catch (error) {
    return (error as Error).name;
  }
  return undefined;
}

describe("log-processor decode", () => {
  it("decodes the real base64+gzip sample to exactly its documented decoded form", () => {
    const event = JSON.parse(sample("aws-lambda-go_cloudwatch-logs-event.json")) as unknown;
    const expected = JSON.parse(sample("aws-lambda-go_cloudwatch-logs-event.decoded.json")) as unknown;

    expect(decodeDelivery(event)).to.deep.equal(expected);
  });

  it("decodes a CONTROL_MESSAGE", () => {
    const delivery = decodeDelivery({
      awslogs: { data: encodeAwsLogsData(sample("otel-contrib_cwlog_only_control.json")) },
    });

    expect(delivery.messageType).to.equal("CONTROL_MESSAGE");
    expect(delivery.owner).to.equal("CloudwatchLogs");
  });

  it("refuses events without a string awslogs.data", () => {
    for (const event of [undefined, null, "x", {}, { awslogs: {} }, { awslogs: { data: 42 } }]) {
      expect(
        errorName(() => extractAwsLogsData(event)),
        JSON.stringify(event),
      ).to.equal("PayloadDecodeError");
    }
  });

  it("refuses base64 that Node would silently repair", () => {
    for (const data of ["", "abc", "ab$d", "ab d", "abc=d===", "H4sI-_8A"]) {
      expect(
        errorName(() => decodeBase64(data)),
        data,
      ).to.equal("PayloadDecodeError");
    }
    expect(decodeBase64("aGk=").toString()).to.equal("hi");
  });

  it("refuses what is not gzip, and gzip that inflates beyond the bound", () => {
    expect(errorName(() => gunzip(Buffer.from("not gzip")))).to.equal("PayloadDecodeError");
    const bomb = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1));
    expect(errorName(() => gunzip(bomb))).to.equal("PayloadDecodeError");
  });

  it("keeps the zlib error as the cause", () => {
    try {
      gunzip(Buffer.from("not gzip"));
      expect.fail("gunzip accepted garbage");
    } catch (error) {
      expect((error as Error).cause).to.be.instanceOf(Error);
    }
  });

  it("refuses JSON that is not a delivery, naming the bad field", () => {
    const message = (() => {
      try {
        parseDelivery(
          JSON.stringify({
            messageType: "DATA_MESSAGE",
            owner: "1",
            logGroup: "g",
            logStream: "s",
            subscriptionFilters: [],
            logEvents: [{ id: "1", timestamp: "yesterday", message: "m" }],
          }),
        );
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();

    expect(message).to.contain("logEvents[0].timestamp");
  });

  it("refuses an unknown messageType", () => {
    const json = JSON.stringify({
      messageType: "OTHER",
      owner: "1",
      logGroup: "g",
      logStream: "s",
      subscriptionFilters: [],
      logEvents: [],
    });

    expect(errorName(() => parseDelivery(json))).to.equal("PayloadDecodeError");
  });
});
