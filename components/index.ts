/**
 * obskit: log-driven observability for AWS as Pulumi components. Each name below is public API,
 * recorded in `api/obskit-components.api.md`; anything not exported here is internal and may change
 * in any release.
 *
 * @packageDocumentation
 */

// Logs: an encrypted log group with tested metric filters, saved queries, contributor rules, anomaly detection and an archive
export { LogPipeline, type PipelineMetric } from "./logPipeline/logPipeline";
export type { PipelineArchive } from "./logPipeline/archive";
export {
  LOG_PIPELINE_DEFAULTS,
  resolveLogPipelineArgs,
  validateLogPipelineArgs,
  type ResolvedContributorRule,
  type ResolvedLogArchive,
  type ResolvedLogPipelineArgs,
  type ResolvedMetricFilter,
  type AnomalyDetectionArgs,
  ContributorAggregation,
  type ContributorFilter,
  ContributorLogFormat,
  type ContributorRuleSpec,
  type LogArchiveArgs,
  type LogPipelineArgs,
  type MetricFilterSpec,
  type QuerySpec,
  type ArchiveStorageClass,
} from "./logPipeline/args";
export { AnomalyFrequency, LogClass, RETENTION_DAYS, type RetentionDays } from "./logPipeline/constants";
export type { PatternSamples } from "./logPipeline/patterns";
export { LogsKey } from "./logsKey/logsKey";
export {
  LOGS_KEY_DEFAULTS,
  resolveLogsKeyArgs,
  validateLogsKeyArgs,
  type LogsKeyArgs,
  type ResolvedLogsKeyArgs,
} from "./logsKey/args";

// Metrics, as value objects alarms and widgets take
export { Metric, MetricUnit, type MetricData, type MetricProps, type Statistic } from "./metric";

// Alerting: alarms to an encrypted topic with e-mail subscribers
export { AlertingPath, type AddAlarmOptions } from "./alertingPath/alertingPath";
export {
  ALERTING_PATH_DEFAULTS,
  SubscriptionProtocol,
  resolveAlertingPathArgs,
  validateAlertingPathArgs,
  type ResolvedAlertingPathArgs,
  type AlertingPathArgs,
  type TopicSubscriptionSpec,
} from "./alertingPath/args";
export {
  ALARM_DEFAULTS,
  AnomalyDirection,
  Comparison,
  CompositeWhen,
  TreatMissingData,
  type AlarmDefaults,
  type AlarmSpec,
  type AnomalyAlarmSpec,
  type CompositeAlarmSpec,
  type MetricMathAlarmSpec,
} from "./alertingPath/alarms";
export type { AlertingTarget, TargetAlarmOptions } from "./alertingPath/target";

// Real-time processing: ERROR events of a log group → a Lambda → DynamoDB incidents
export { ProcessingPath, PROCESSOR_METRICS_NAMESPACE } from "./processingPath/processingPath";
export {
  DEFAULT_ERROR_PATTERN,
  PROCESSING_PATH_DEFAULTS,
  resolveProcessingPathArgs,
  validateProcessingPathArgs,
  type ResolvedProcessingPathArgs,
  type LogSource,
  type ProcessingPathArgs,
} from "./processingPath/args";
export { MetricName as ProcessorMetricName, type Severity } from "./processingPath/handler/contract";

// Audit: a CloudTrail trail into a locked bucket and a log group, with the CIS alarms
export { AuditTrail } from "./auditTrail/auditTrail";
export {
  AUDIT_TRAIL_DEFAULTS,
  DataEventScope,
  ObjectLockMode,
  resolveAuditTrailArgs,
  validateAuditTrailArgs,
  type ResolvedAuditTrailArgs,
  type AuditBucketSettings,
  type AuditKeySettings,
  type AuditObjectLock,
  type AuditTrailArgs,
  type DataEventSelection,
  type ExistingAuditBucket,
  type ExistingAuditKey,
} from "./auditTrail/args";
export {
  CIS_CONTROLS,
  CIS_CONTROL_IDS,
  CIS_CONTROL_TAG,
  type CisControl,
  type CisControlId,
} from "./auditTrail/cis";
export { TransitionStorageClass } from "./shared/bucket";

// Dashboards, laid out from sections and checked before deploy
export { Dashboard, dashboardUrl } from "./dashboard/dashboard";
export type { GridBox, PlacedWidget } from "./dashboard/layout";
export {
  AlarmSortBy,
  AnnotationFill,
  AxisSide,
  DASHBOARD_DEFAULTS,
  DashboardAlarmState,
  GraphView,
  PeriodOverride,
  QueryView,
  TextBackground,
  WidgetKind,
  YAxisSide,
  resolveDashboardArgs,
  validateDashboardArgs,
  type ResolvedDashboardArgs,
  type AlarmStatusWidget,
  type ContributorsWidget,
  type DashboardAlarm,
  type DashboardArgs,
  type DashboardSection,
  type GraphSeries,
  type GraphWidget,
  type HorizontalLine,
  type LogGroupRef,
  type MetricInput,
  type QueryWidget,
  type TextWidget,
  type WidgetSpec,
  WidgetView,
  type YAxis,
} from "./dashboard/args";
export {
  DashboardBodyError,
  validateDashboardBody,
  type BodyValidation,
  type BodyValidationOptions,
  type BodyWidget,
  type DashboardBody,
} from "./dashboard/validate";

// Typed policy documents: trust, identity and resource policies are different types
export {
  accountRootAdmin,
  identityPolicy,
  policy,
  resourcePolicy,
  toJson,
  trustPolicy,
  type Condition,
  type Document,
  type IdentityPolicy,
  type IdentityStatement,
  type PolicyDocument,
  type Principal,
  type ResourcePolicy,
  type ResourceStatement,
  type Statement,
  type StatementBase,
  type TrustPolicy,
  type TrustStatement,
} from "./policies/document";
export {
  assumeRolePolicy,
  bucketReaderStatements,
  ecsTaskExecutionPolicy,
  ecsTasksTrustPolicy,
  incidentProcessorPolicy,
  logWriteStatement,
  logWriterPolicy,
  putMetricDataStatement,
  type IncidentProcessorPolicyArgs,
} from "./policies/iam";
export { alarmTopicKeyPolicy, logsKeyPolicy, type AccountContext } from "./policies/kms";
export { tlsOnlyBucketPolicy } from "./policies/s3";
export { alarmTopicPolicy } from "./policies/sns";
export {
  cloudTrailBucketPolicy,
  cloudTrailKeyPolicy,
  cloudTrailLogsDeliveryPolicy,
} from "./policies/cloudtrail";
export { firehoseToS3Policy, logsToFirehosePolicy, logsToFirehoseTrustPolicy } from "./policies/firehose";

// Errors, tags, the model description and the version
export {
  ObskitArgsError,
  formatProblem,
  formatReason,
  problemsOf,
  type ArgumentProblem,
  type ObskitProblem,
} from "./errors";
export { EMITS_TAG } from "./tags";
export {
  MODEL_DESCRIPTION_OUTPUT,
  MODEL_DESCRIPTION_SCHEMA,
  MODEL_DESCRIPTION_VERSION,
  type FilterDescription,
  type FunctionDescription,
  type ModelDescription,
} from "./modelDescription";
export { VERSION } from "./version";
