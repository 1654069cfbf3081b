/** Retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type RetentionDays = (typeof RETENTION_DAYS)[number];

export const LOG_CLASSES = ["STANDARD", "INFREQUENT_ACCESS"] as const;
export type LogClass = (typeof LOG_CLASSES)[number];

export const ANOMALY_FREQUENCIES = [
  "ONE_MIN",
  "FIVE_MIN",
  "TEN_MIN",
  "FIFTEEN_MIN",
  "THIRTY_MIN",
  "ONE_HOUR",
] as const;
export type AnomalyFrequency = (typeof ANOMALY_FREQUENCIES)[number];
