/**
 * What the estimate cannot read from the plan: traffic. Each figure is printed beside the line it
 * drives; the ones that move the total are `obskit cost` flags.
 */
export interface Assumptions {
  /** Log ingestion of the whole stack in GB/day, split evenly across its log groups (`--ingest-gb-per-day`). Unset: `ingestGbPerDayPerLogGroup` for each group. */
  ingestGbPerDay?: number;
  /** GB/day each log group ingests when `ingestGbPerDay` is not given. */
  ingestGbPerDayPerLogGroup: number;
  /** Stored (compressed) bytes per ingested byte: CloudWatch Logs bills archived data compressed. */
  logCompressionRatio: number;
  /** Days of data a log group that never expires holds (the estimate's horizon: its first year). */
  neverExpireHorizonDays: number;
  /** Average size of one log event, to turn GB into events (Contributor Insights). */
  avgLogEventBytes: number;
  /** Share of a log group's events a Contributor Insights rule matches (`--ci-match-ratio`). */
  contributorInsightsMatchRatio: number;
  /** Distinct values per dimension of a metric filter's dimensions (each combination is a metric). */
  dimensionValuesPerDimension: number;
  /** Invocations a month of each Lambda function not run on a schedule (`--lambda-invocations`). */
  lambdaInvocationsPerMonth: number;
  /** Average duration as a share of the function's timeout (`--lambda-duration-ratio`). */
  lambdaDurationRatio: number;
  /** On-demand write and read request units a month per table, and GB stored. */
  dynamoWritesPerMonth: number;
  dynamoReadsPerMonth: number;
  dynamoStorageGb: number;
  /** Requests a month per customer managed KMS key (encrypt/decrypt/generate data key). */
  kmsRequestsPerKeyPerMonth: number;
  /** Alarm state changes a month, each one SNS publish and one e-mail per e-mail subscription (`--alarm-notifications`). */
  alarmNotificationsPerMonth: number;
  /** Requests a month per SQS queue (sends, receives, deletes; a dead-letter queue is mostly idle). */
  sqsRequestsPerQueuePerMonth: number;
  /** GB stored and PUT requests a month per S3 bucket (`--s3-gb-per-bucket`). */
  s3GbPerBucket: number;
  s3PutsPerBucketPerMonth: number;
  /** CloudTrail data events a month, by resource type the trail selects (`--s3-data-events`, `--lambda-data-events`). */
  s3DataEventsPerMonth: number;
  lambdaDataEventsPerMonth: number;
  /** The trail delivers the account's first copy of management events (free); otherwise this many are billed. */
  trailIsFirstManagementCopy: boolean;
  managementEventsPerMonth: number;
  /** Load balancer capacity units an Application Load Balancer uses on average. */
  albLcus: number;
}

export const ASSUMPTION_DEFAULTS: Readonly<Assumptions> = {
  ingestGbPerDayPerLogGroup: 0.2,
  logCompressionRatio: 0.15,
  neverExpireHorizonDays: 365,
  avgLogEventBytes: 500,
  contributorInsightsMatchRatio: 0.05,
  dimensionValuesPerDimension: 5,
  lambdaInvocationsPerMonth: 1_000_000,
  lambdaDurationRatio: 0.01,
  dynamoWritesPerMonth: 1_000_000,
  dynamoReadsPerMonth: 1_000_000,
  dynamoStorageGb: 1,
  kmsRequestsPerKeyPerMonth: 100_000,
  alarmNotificationsPerMonth: 200,
  sqsRequestsPerQueuePerMonth: 10_000,
  s3GbPerBucket: 10,
  s3PutsPerBucketPerMonth: 100_000,
  s3DataEventsPerMonth: 1_000_000,
  lambdaDataEventsPerMonth: 1_000_000,
  trailIsFirstManagementCopy: true,
  managementEventsPerMonth: 300_000,
  albLcus: 1,
};

/** Hours and days in the average month (AWS bills 730 hours a month). */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
