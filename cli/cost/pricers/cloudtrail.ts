import { TYPE } from "../../../model";
import { arr, fmt, obj, str } from "../read";
import type { PricingContext } from "../pricing";

/** CloudTrail: management events (first copy free), data events per 100,000. */
export function priceTrails(ctx: PricingContext): void {
  const { ofType, add, a, notPriced } = ctx;
  // CloudTrail: management events (first copy free), data events per 100,000
  for (const trail of ofType(TYPE.trail)) {
    const selectors = arr(trail.inputs.advancedEventSelectors).map(obj);
    const fieldEquals = (sel: Record<string, unknown>, field: string): string[] =>
      arr(sel.fieldSelectors)
        .map(obj)
        .filter((f) => f.field === field)
        .flatMap((f) => arr(f.equals).map(String));
    const legacy = arr(trail.inputs.eventSelectors).map(obj);
    const management =
      selectors.some((s) => fieldEquals(s, "eventCategory").includes("Management")) ||
      legacy.some((s) => s.includeManagementEvents !== false) ||
      (selectors.length === 0 && legacy.length === 0);
    const dataTypes = new Set<string>([
      ...selectors
        .filter((s) => fieldEquals(s, "eventCategory").includes("Data"))
        .flatMap((s) => fieldEquals(s, "resources.type")),
      ...legacy.flatMap((s) => arr(s.dataResources).map((d) => String(obj(d).type))),
    ]);
    if (management) {
      const billed = a.trailIsFirstManagementCopy ? 0 : a.managementEventsPerMonth;
      add(
        "CloudTrail",
        `management events (${str(trail.inputs.name) ?? trail.name})`,
        [trail.name],
        "cloudtrail.managementEvents.additionalCopy",
        billed / 1e5,
        `${fmt(billed)} billed events`,
        [
          a.trailIsFirstManagementCopy
            ? "the account's first copy of management events: free"
            : `${fmt(a.managementEventsPerMonth)} management events/month, not the first copy`,
        ],
      );
    }
    for (const t of [...dataTypes].sort()) {
      const events =
        t === "AWS::S3::Object"
          ? a.s3DataEventsPerMonth
          : t === "AWS::Lambda::Function"
            ? a.lambdaDataEventsPerMonth
            : undefined;
      if (events === undefined) {
        notPriced.push({
          resource: trail.name,
          type: trail.type,
          reason: `data events of ${t}: no assumed rate`,
        });
        continue;
      }
      add(
        "CloudTrail",
        `data events ${t}`,
        [trail.name],
        "cloudtrail.dataEvents",
        events / 1e5,
        `${fmt(events)} events/month`,
        [
          `${fmt(events)} ${t} data events/month (assumed; set --${t === "AWS::S3::Object" ? "s3" : "lambda"}-data-events)`,
        ],
      );
    }
  }
}
