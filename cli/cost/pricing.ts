import type { Assumptions } from "./assumptions";
import type { PriceTable } from "./prices";

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

/** What a resource's pricer reads of it: a planned resource of the stack model. */
export interface CostResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The state the plan answered with (ARNs, physical names), used to link targets to functions. */
  state?: Record<string, unknown>;
}

/** What every pricer gets: the planned resources by type, the prices, the assumptions, and the line to add to. */
export interface PricingContext {
  /** The planned resources of a type (the stack model's `ofType`). */
  ofType(token: string): CostResource[];
  prices: PriceTable;
  a: Assumptions;
  /** Planned resources that cost money this estimate leaves out, and why. */
  notPriced: NotPriced[];
  /** The assumed GB/day of a log group (by name), as the log-group pricer set it. */
  gbDayOf(group: string): number;
  /** Adds a priced line: `quantity` in the price's unit × the price of `priceKey`. */
  add(
    category: Category,
    item: string,
    resources: string[],
    priceKey: string,
    quantity: number,
    quantityLabel: string,
    assumptions?: string[],
  ): void;
}

/** The line-adding half of a context: throws when the price table has no `priceKey`. */
export function lineAdder(prices: PriceTable, lines: LineItem[]): PricingContext["add"] {
  return (category, item, res, priceKey, quantity, quantityLabel, assumptions = []) => {
    const p = prices.items[priceKey];
    if (!p) throw new Error(`price table ${prices.region} has no ${priceKey}`);
    lines.push({
      category,
      item,
      resources: res,
      priceKey,
      quantity,
      quantityLabel,
      unitPrice: p.price,
      unit: p.unit,
      monthlyUsd: quantity * p.price,
      assumptions,
    });
  };
}
