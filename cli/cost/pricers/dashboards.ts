import { TYPE } from "../../../model";
import type { PricingContext } from "../pricing";

/** Dashboards: the first 3 of the account are free. */
export function priceDashboards(ctx: PricingContext): void {
  const { ofType, add } = ctx;
  // Dashboards: the first 3 of the account are free
  const dashboards = ofType(TYPE.dashboard);
  if (dashboards.length > 0) {
    const billed = Math.max(0, dashboards.length - 3);
    add(
      "CloudWatch dashboards",
      `${dashboards.length} dashboards, first 3 free`,
      dashboards.map((d) => d.name),
      "dashboards.dashboard",
      billed,
      `${billed} billed`,
      ["the 3 free dashboards are per account: this stack is assumed to be the only user"],
    );
  }
}
