import { TYPE } from "../../../model";
import { fmt } from "../read";
import type { PricingContext } from "../pricing";

/** S3: storage (priced as S3 Standard) and PUTs per bucket. */
export function priceBuckets(ctx: PricingContext): void {
  const { ofType, add, a } = ctx;
  // S3: storage (priced as S3 Standard) and PUTs per bucket
  for (const b of ofType(TYPE.bucket)) {
    add(
      "S3",
      `storage ${b.name}`,
      [b.name],
      "s3.storage.standard",
      a.s3GbPerBucket,
      `${fmt(a.s3GbPerBucket)} GB`,
      [`${fmt(a.s3GbPerBucket)} GB per bucket in S3 Standard (assumed; set --s3-gb-per-bucket)`],
    );
    add(
      "S3",
      `PUT requests ${b.name}`,
      [b.name],
      "s3.put",
      a.s3PutsPerBucketPerMonth / 1e3,
      `${fmt(a.s3PutsPerBucketPerMonth)} PUTs`,
      [`${fmt(a.s3PutsPerBucketPerMonth)} PUTs/month per bucket (assumed)`],
    );
  }
}
