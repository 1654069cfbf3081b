import { TYPE } from "../../../model";
import { DAYS_PER_MONTH } from "../assumptions";
import { fmt, str } from "../read";
import type { PricingContext } from "../pricing";

/** Firehose: GB ingested = what the subscription filters feeding it deliver. */
export function priceDeliveryStreams(ctx: PricingContext): void {
  const { ofType, add, gbDayOf } = ctx;
  // Firehose: GB ingested = what the subscription filters feeding it deliver
  const streams = ofType(TYPE.firehose);
  const subscriptions = ofType(TYPE.subscriptionFilter);
  for (const s of streams) {
    const arn = str(s.state?.arn);
    const feeding = subscriptions.filter((f) => arn !== undefined && str(f.inputs.destinationArn) === arn);
    const gb = feeding.reduce((sum, f) => sum + gbDayOf(str(f.inputs.logGroup) ?? ""), 0) * DAYS_PER_MONTH;
    add(
      "Firehose",
      `ingestion ${s.name}`,
      [s.name, ...feeding.map((f) => f.name)],
      "firehose.ingestion",
      gb,
      `${fmt(gb)} GB/month`,
      [
        feeding.length > 0
          ? `every event of ${feeding.map((f) => str(f.inputs.logGroup)).join(", ")} (its subscription filter): ${fmt(gb)} GB/month`
          : "no subscription filter feeds it in the plan",
      ],
    );
  }
}
