import { resourceType, type StackModel } from "../../model";
import type { Assumptions } from "./assumptions";
import {
  lineAdder,
  type Category,
  type Estimate,
  type LineItem,
  type NotPriced,
  type PricingContext,
} from "./pricing";
import { priceTrails } from "./pricers/cloudtrail";
import { priceCompute } from "./pricers/compute";
import { priceDashboards } from "./pricers/dashboards";
import { priceTables } from "./pricers/dynamodb";
import { priceDeliveryStreams } from "./pricers/firehose";
import { priceKeys } from "./pricers/kms";
import { priceFunctions } from "./pricers/lambda";
import { priceLogAnalysis } from "./pricers/logInsights";
import { priceLogGroups } from "./pricers/logs";
import { priceMessaging } from "./pricers/messaging";
import { priceMetricsAndAlarms } from "./pricers/metrics";
import { priceBuckets } from "./pricers/s3";
import type { PriceTable } from "./prices";
import { round2 } from "./read";

export type { Category, CostResource, Estimate, LineItem, NotPriced } from "./pricing";
export { schedulePerMonth } from "./schedule";

/** The pricers after the log groups', each adding the lines of one service. */
const PRICERS: readonly ((ctx: PricingContext) => void)[] = [
  priceMetricsAndAlarms,
  priceDashboards,
  priceLogAnalysis,
  priceTrails,
  priceFunctions,
  priceTables,
  priceKeys,
  priceMessaging,
  priceBuckets,
  priceDeliveryStreams,
  priceCompute,
];

/**
 * The monthly estimate of a planned stack at `prices`, traffic from `a`. Pure: the same inputs give
 * the same numbers, which is what the tests check by hand. A planned type that costs money the
 * estimate does not price is listed in `notPriced` with the reason the stack model's type table gives.
 */
export function estimate(model: StackModel, prices: PriceTable, a: Assumptions): Estimate {
  const lines: LineItem[] = [];
  const notPriced: NotPriced[] = [];
  const base = { ofType: model.ofType, prices, a, notPriced, add: lineAdder(prices, lines) };
  const gbDayOf = priceLogGroups(base);
  const ctx: PricingContext = { ...base, gbDayOf };
  for (const price of PRICERS) price(ctx);

  for (const r of model.resources) {
    const pricing = resourceType(r.type)?.pricing;
    if (typeof pricing === "object")
      notPriced.push({ resource: r.name, type: r.type, reason: pricing.unpriced });
  }

  const byCategory: Partial<Record<Category, number>> = {};
  for (const l of lines) byCategory[l.category] = (byCategory[l.category] ?? 0) + l.monthlyUsd;
  for (const k of Object.keys(byCategory) as Category[]) byCategory[k] = round2(byCategory[k] ?? 0);
  const totalUsd = round2(lines.reduce((s, l) => s + l.monthlyUsd, 0));
  return {
    region: prices.region,
    currency: "USD",
    pricesAsOf: prices.asOf,
    lines,
    byCategory,
    totalUsd,
    notPriced,
  };
}
