import { TYPE } from "../../../model";
import { fmt, str } from "../read";
import type { PricingContext } from "../pricing";

/** DynamoDB on demand. */
export function priceTables(ctx: PricingContext): void {
  const { ofType, add, a, notPriced } = ctx;
  // DynamoDB on demand
  for (const t of ofType(TYPE.table)) {
    if (str(t.inputs.billingMode) !== "PAY_PER_REQUEST") {
      notPriced.push({ resource: t.name, type: t.type, reason: "provisioned capacity is not estimated" });
      continue;
    }
    add(
      "DynamoDB",
      `writes ${t.name}`,
      [t.name],
      "dynamodb.onDemand.write",
      a.dynamoWritesPerMonth / 1e6,
      `${fmt(a.dynamoWritesPerMonth)} WRU`,
      [`${fmt(a.dynamoWritesPerMonth)} write units/month (assumed)`],
    );
    add(
      "DynamoDB",
      `reads ${t.name}`,
      [t.name],
      "dynamodb.onDemand.read",
      a.dynamoReadsPerMonth / 1e6,
      `${fmt(a.dynamoReadsPerMonth)} RRU`,
      [`${fmt(a.dynamoReadsPerMonth)} read units/month (assumed)`],
    );
    add(
      "DynamoDB",
      `storage ${t.name}`,
      [t.name],
      "dynamodb.storage",
      a.dynamoStorageGb,
      `${fmt(a.dynamoStorageGb)} GB`,
      [`${fmt(a.dynamoStorageGb)} GB stored (assumed)`],
    );
  }
}
