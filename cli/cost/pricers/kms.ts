import { TYPE } from "../../../model";
import { fmt } from "../read";
import type { PricingContext } from "../pricing";

/** KMS: keys and requests. */
export function priceKeys(ctx: PricingContext): void {
  const { ofType, add, a } = ctx;
  // KMS: keys and requests
  const keys = ofType(TYPE.key);
  if (keys.length > 0) {
    add(
      "KMS",
      `${keys.length} customer managed keys`,
      keys.map((k) => k.name),
      "kms.key",
      keys.length,
      `${keys.length} keys`,
    );
    const requests = keys.length * a.kmsRequestsPerKeyPerMonth;
    add(
      "KMS",
      "requests",
      keys.map((k) => k.name),
      "kms.requests",
      requests / 1e4,
      `${fmt(requests)} requests`,
      [`${fmt(a.kmsRequestsPerKeyPerMonth)} requests/month per key (assumed)`],
    );
  }
}
