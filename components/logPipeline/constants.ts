/** Retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type RetentionDays = (typeof RETENTION_DAYS)[number];

/** A log group's class. `INFREQUENT_ACCESS` supports no metric filters, rules, subscriptions or anomaly detection. */
export const LogClass = { Standard: "STANDARD", InfrequentAccess: "INFREQUENT_ACCESS" } as const;
export type LogClass = (typeof LogClass)[keyof typeof LogClass];
export const LOG_CLASSES = Object.values(LogClass);

/** How often a log anomaly detector evaluates. */
export const AnomalyFrequency = {
  OneMin: "ONE_MIN",
  FiveMin: "FIVE_MIN",
  TenMin: "TEN_MIN",
  FifteenMin: "FIFTEEN_MIN",
  ThirtyMin: "THIRTY_MIN",
  OneHour: "ONE_HOUR",
} as const;
export type AnomalyFrequency = (typeof AnomalyFrequency)[keyof typeof AnomalyFrequency];
export const ANOMALY_FREQUENCIES = Object.values(AnomalyFrequency);
