import { TYPE } from "../../../model";
import { fmt, str } from "../read";
import type { PricingContext } from "../pricing";

/** SNS publishes and e-mails, SQS requests. */
export function priceMessaging(ctx: PricingContext): void {
  const { ofType, add, a } = ctx;
  // SNS: one publish per alarm notification, one e-mail per e-mail subscription
  const topics = ofType(TYPE.topic);
  const subs = ofType(TYPE.topicSubscription);
  for (const topic of topics) {
    const n = a.alarmNotificationsPerMonth;
    add("SNS", `publishes ${topic.name}`, [topic.name], "sns.publish", n / 1e6, `${fmt(n)} publishes`, [
      `${fmt(n)} alarm notifications/month (assumed; set --alarm-notifications)`,
    ]);
  }
  const emails = subs.filter((s) => ["email", "email-json"].includes(str(s.inputs.protocol) ?? ""));
  if (emails.length > 0) {
    const n = a.alarmNotificationsPerMonth * emails.length;
    add(
      "SNS",
      `e-mail notifications to ${emails.length} subscriptions`,
      emails.map((s) => s.name),
      "sns.email",
      n / 1e5,
      `${fmt(n)} e-mails`,
      [`${fmt(a.alarmNotificationsPerMonth)} notifications/month × ${emails.length} e-mail subscriptions`],
    );
  }

  // SQS
  const queues = ofType(TYPE.queue);
  if (queues.length > 0) {
    const n = queues.length * a.sqsRequestsPerQueuePerMonth;
    add(
      "SQS",
      `requests to ${queues.length} queues`,
      queues.map((q) => q.name),
      "sqs.requests",
      n / 1e6,
      `${fmt(n)} requests`,
      [`${fmt(a.sqsRequestsPerQueuePerMonth)} requests/month per queue (assumed)`],
    );
  }
}
