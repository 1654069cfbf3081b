import { resourceType, type StackModel } from "../../model";
import type { Assumptions } from "./assumptions";
import { lineAdder, type PricingContext } from "./pricing";
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

export type { CostResource } from "./pricing";
export { schedulePerMonth } from "./schedule";

export type Category =
  | "CloudWatch Logs"
  | "CloudWatch metrics"
  | "CloudWatch alarms"
  | "CloudWatch dashboards"
  | "Contributor Insights"
  | "Log anomaly detection"
  | "CloudTrail"
  | "Lambda"
  | "DynamoDB"
  | "KMS"
  | "SNS"
  | "SQS"
  | "S3"
  | "Firehose"
  | "Fargate"
  | "EC2"
  | "Elastic Load Balancing";

/** One priced line: `quantity` (in the price's unit) × `unitPrice` = `monthlyUsd`. */
export interface LineItem {
  category: Category;
  /** What is billed, e.g. `ingestion /smart-orders/processor (STANDARD)`. */
  item: string;
  /** The planned resources (logical names) the line prices. */
  resources: string[];
  /** The key in the price table. */
  priceKey: string;
  /** Quantity in the unit the price is quoted per (e.g. 2.5 for 250,000 events at "per 100,000"). */
  quantity: number;
  /** The quantity as a person reads it, e.g. `182.5 GB/month` or `3 metrics`. */
  quantityLabel: string;
  unitPrice: number;
  unit: string;
  monthlyUsd: number;
  /** The assumptions this line depends on, stated. */
  assumptions: string[];
}

/** A planned resource that costs money but is not in the estimate, and why. */
export interface NotPriced {
  resource: string;
  type: string;
  reason: string;
}

export interface Estimate {
  region: string;
  currency: "USD";
  pricesAsOf: string;
  lines: LineItem[];
  byCategory: Partial<Record<Category, number>>;
  totalUsd: number;
  notPriced: NotPriced[];
}

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
  const ofType = (t: string) => model.ofType(t);
  const base = { model, ofType, prices, a, notPriced, add: lineAdder(prices, lines) };
  const gbDayOf = priceLogGroups({ ...base, gbDayOf: () => 0 });
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
