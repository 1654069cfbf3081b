import type { AlarmState, ComparisonOperator, TreatMissingData } from "./types";

/** One datapoint of the evaluation range: a value, or `undefined` when missing. */
export type Datapoint = number | undefined;

/** Whether `value` breaches `threshold` under `op` (band operators take `lower`/`upper`). */
export function breaches(
  op: ComparisonOperator,
  value: number,
  threshold: number,
  band?: { lower: number; upper: number },
): boolean {
  switch (op) {
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "GreaterThanThreshold":
      return value > threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
    case "LessThanLowerOrGreaterThanUpperThreshold":
      return band !== undefined && (value < band.lower || value > band.upper);
    case "LessThanLowerThreshold":
      return band !== undefined && value < band.lower;
    case "GreaterThanUpperThreshold":
      return band !== undefined && value > band.upper;
  }
}

/** The outcome of one evaluation: a state, or `RETAIN` (keep the current state). */
export interface Decision {
  state: AlarmState | "RETAIN";
  /** The datapoints evaluated (most recent first), for the reason text; filled ones marked. */
  evaluated: Array<{ value: number | undefined; breaching: boolean; filled: boolean; index: number }>;
  breachingCount: number;
  /** Why, when not a plain count of breaching datapoints. */
  why?: string;
}

/**
 * Decides an alarm's state from the datapoints of its evaluation range (oldest first) — the rules of
 * the CloudWatch user guide, "Evaluating an alarm" and "How alarm state is evaluated when data is
 * missing" (section "Configuring how CloudWatch alarms treat missing data"):
 * - no datapoint missing, or at least N (evaluation periods) real datapoints: the N most recent real
 *   datapoints are evaluated and the missing-data setting is not used;
 * - fewer than N real datapoints: missing ones are filled with the setting "as few times as
 *   possible", every real datapoint of the range included; `breaching`/`notBreaching` fill with
 *   breaching / non-breaching datapoints; with no real datapoint at all, `missing` →
 *   INSUFFICIENT_DATA and `ignore` → keep the current state;
 * - in every case N datapoints are evaluated: at least M (datapoints to alarm) breaching → ALARM,
 *   otherwise OK.
 * For `missing` and `ignore` with some but fewer than N real datapoints, the filled datapoints count
 * as neither: M breaching → ALARM; any real non-breaching datapoint → OK (ALARM needs M breaching
 * among the evaluated); only breaching ones, fewer than M → `ignore` keeps the state, `missing` goes
 * to INSUFFICIENT_DATA — except, as the guide's sixth example row explains, when the oldest evaluated
 * datapoint is breaching and lies before the N most recent periods ("the oldest evaluated data point
 * is breaching and there aren't any non-breaching data points"): then ALARM. The concepts page says
 * the same of every alarm ("Periods": "CloudWatch only notifies you if the oldest data point is
 * breaching and the others are breaching or missing").
 */
export function decideState(
  range: readonly Datapoint[],
  isBreaching: (value: number, index: number) => boolean,
  evaluationPeriods: number,
  datapointsToAlarm: number,
  treatMissingData: TreatMissingData,
): Decision {
  const n = evaluationPeriods;
  const m = datapointsToAlarm;
  const real: Decision["evaluated"] = [];
  for (let i = range.length - 1; i >= 0; i--) {
    const v = range[i];
    if (v !== undefined && !Number.isNaN(v))
      real.push({ value: v, breaching: isBreaching(v, i), filled: false, index: i });
  }
  if (real.length >= n) {
    const evaluated = real.slice(0, n);
    const breachingCount = evaluated.filter((d) => d.breaching).length;
    return { state: breachingCount >= m ? "ALARM" : "OK", evaluated, breachingCount };
  }
  const realBreaching = real.filter((d) => d.breaching).length;
  if (treatMissingData === "breaching" || treatMissingData === "notBreaching") {
    const fill = treatMissingData === "breaching";
    const evaluated = real.slice();
    // the missing datapoints used, most recent first
    for (let i = range.length - 1; i >= 0 && evaluated.length < n; i--) {
      const v = range[i];
      if (v === undefined || Number.isNaN(v))
        evaluated.push({ value: undefined, breaching: fill, filled: true, index: i });
    }
    evaluated.sort((a, b) => b.index - a.index);
    const breachingCount = evaluated.filter((d) => d.breaching).length;
    return {
      state: breachingCount >= m ? "ALARM" : "OK",
      evaluated,
      breachingCount,
      why: `${n - real.length} missing datapoint(s) treated as ${fill ? "breaching" : "not breaching"}`,
    };
  }
  // missing / ignore
  if (real.length === 0)
    return {
      state: treatMissingData === "missing" ? "INSUFFICIENT_DATA" : "RETAIN",
      evaluated: [],
      breachingCount: 0,
      why: `no datapoint in the evaluation range of ${range.length} periods (treatMissingData ${treatMissingData})`,
    };
  if (realBreaching >= m) return { state: "ALARM", evaluated: real, breachingCount: realBreaching };
  if (realBreaching < real.length)
    return {
      state: "OK",
      evaluated: real,
      breachingCount: realBreaching,
      why: `a real datapoint is not breaching; missing ones not considered (treatMissingData ${treatMissingData})`,
    };
  const oldest = real[real.length - 1];
  if (treatMissingData === "missing" && oldest.index < range.length - n)
    return {
      state: "ALARM",
      evaluated: real,
      breachingCount: realBreaching,
      why: "the oldest evaluated datapoint is breaching and no datapoint is non-breaching",
    };
  return {
    state: treatMissingData === "missing" ? "INSUFFICIENT_DATA" : "RETAIN",
    evaluated: real,
    breachingCount: realBreaching,
    why: `only ${realBreaching} breaching datapoint(s), fewer than ${m}, and the rest missing (treatMissingData ${treatMissingData})`,
  };
}
