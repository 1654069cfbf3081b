export {
  ALARM_DEFAULTS,
  COMPARISONS,
  MISSING_DATA,
  alarmName,
  deadLetterAlarm,
  type AlarmDefaults,
  type AlarmSpec,
  type AnomalyAlarmSpec,
  type Comparison,
  type CompositeAlarmSpec,
  type MetricMathAlarmSpec,
  type TreatMissingData,
} from "./alarms";
export * from "./args";
export * from "./alertingPath";
export * from "./target";
