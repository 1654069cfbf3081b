/**
 * The AWS Regions of each partition, as AWS lists them ("AWS Regions", AWS General Reference; the
 * same list the AWS SDKs resolve endpoints with). A region that opened after this list reaches a
 * stack through its documented override (`obskit:allowUnknownRegion`).
 */
export const AWS_REGIONS = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
} as const satisfies Record<string, readonly string[]>;

export type AwsPartition = keyof typeof AWS_REGIONS;
export type AwsRegion = (typeof AWS_REGIONS)[AwsPartition][number];

/** What a region code looks like in any partition: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

/** The partition `region` belongs to, or undefined when no partition lists it. */
export function partitionOf(region: string): AwsPartition | undefined {
  for (const [partition, regions] of Object.entries(AWS_REGIONS) as [AwsPartition, readonly string[]][])
    if (regions.includes(region)) return partition;
  return undefined;
}

/** Every listed region, all partitions. */
export const ALL_REGIONS: readonly string[] = Object.values(AWS_REGIONS).flat();
