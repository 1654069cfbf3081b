import { TYPE } from "../../model/types";
import { list } from "../resources";
import type { StackRule } from "../types";

/**
 * An alarm's ALARM action reaches people: a topic of this stack with at least one subscription.
 * An action on a topic outside the stack, or on one nobody subscribes to, notifies no one we know.
 * An alarm with no action at all is `alarm-has-actions`' finding, not repeated here.
 */
export const alarmNotifiesSubscribedTopic: StackRule = {
  kind: "stack",
  name: "alarm-notifies-subscribed-topic",
  description:
    "Every alarm has an ALARM action on an SNS topic of this stack that has at least one subscription.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const topics = new Set(
      resources.filter((r) => r.type === TYPE.topic).map((t) => String(t.props.arn ?? t.props.id ?? "")),
    );
    const subscribed = new Set(
      resources.filter((r) => r.type === TYPE.topicSubscription).map((s) => String(s.props.topic)),
    );
    return resources
      .filter((r) => r.type === TYPE.metricAlarm || r.type === TYPE.compositeAlarm)
      .flatMap((a) => {
        const actions = list(a.props.alarmActions as string[] | undefined);
        if (actions.length === 0 || actions.some((x) => topics.has(x) && subscribed.has(x))) return [];
        const name = String(a.props.name ?? a.props.alarmName ?? a.name);
        const inStack = actions.filter((x) => topics.has(x));
        return [
          {
            urn: a.urn,
            message:
              inStack.length > 0
                ? `alarm ${name} notifies ${inStack.join(", ")}, which has no subscription: nobody would be told.`
                : `alarm ${name} notifies ${actions.join(", ")}, no SNS topic of this stack: add an ALARM action on the stack's alert topic.`,
          },
        ];
      });
  },
};
