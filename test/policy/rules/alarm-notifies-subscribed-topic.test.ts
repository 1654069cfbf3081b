import { expect } from "chai";
import { change, fixture, TOPIC_ARN, violations } from "../fixture";

describe("alarm-notifies-subscribed-topic", () => {
  it("passes the compliant fixture", () => {
    expect(
      violations(fixture()).filter((v) => v.startsWith("alarm-notifies-subscribed-topic:")),
    ).to.deep.equal([]);
  });

  it("an alarm notifying a topic outside the stack", () => {
    expect(
      violations(change("lambda", { alarmActions: ["arn:aws:sns:eu-west-1:111122223333:theirs"] })),
    ).to.deep.equal([
      "alarm-notifies-subscribed-topic: alarm lambda notifies arn:aws:sns:eu-west-1:111122223333:theirs, no SNS topic of this stack: add an ALARM action on the stack's alert topic.",
    ]);
  });

  it("alarms notifying a topic nobody subscribes to", () => {
    const rs = fixture().filter((r) => r.name !== "subscription");
    expect(violations(rs).filter((v) => v.includes("alarm lambda "))).to.deep.equal([
      `alarm-notifies-subscribed-topic: alarm lambda notifies ${TOPIC_ARN}, which has no subscription: nobody would be told.`,
    ]);
    // every alarm of the fixture notifies that topic
    expect(violations(rs)).to.have.length(4);
  });

  it("an alarm with an OK action only on the topic", () => {
    expect(
      violations(
        change("lambda", {
          alarmActions: ["arn:aws:sns:eu-west-1:123456789012:other"],
          okActions: [TOPIC_ARN],
        }),
      ),
    ).to.have.length(1);
  });

  it("an alarm without any action is left to alarm-has-actions", () => {
    expect(violations(change("lambda", { alarmActions: [] }))).to.deep.equal([
      "alarm-has-actions: alarm lambda has no alarmActions: nobody would be told.",
    ]);
  });
});
