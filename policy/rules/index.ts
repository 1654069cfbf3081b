/**
 * The rule registry: one line per rule file. A new rule is a file `policy/rules/<rule-name>.ts`
 * exporting one `Rule`, a test `test/policy/rules/<rule-name>.test.ts`, and its line here.
 */
export { logGroupRetention } from "./log-group-retention";
export { logGroupKms } from "./log-group-kms";
export { keyRotation } from "./kms-key-rotation";
export { keyPolicyNotPublic } from "./kms-key-policy-not-public";
export { topicCmk } from "./sns-topic-cmk";
export { alarmActions } from "./alarm-has-actions";
export { iamNoWildcards } from "./iam-no-wildcard-actions";
export { queueEncrypted } from "./sqs-encrypted";
export { tableCmk } from "./dynamodb-cmk";
export { alarmWatchesEmittedMetric } from "./alarm-watches-emitted-metric";
export { lambdaLogGroup } from "./lambda-explicit-log-group";
export { bucketPublicAccess } from "./s3-public-access-blocked";
export { policyDocumentValid } from "./policy-document-valid";
export { servicePrincipalBound } from "./service-principal-confused-deputy";
export { cloudtrailMultiRegion } from "./cloudtrail-multi-region";
export { cloudtrailLogFileValidation } from "./cloudtrail-log-file-validation";
export { cloudtrailKms } from "./cloudtrail-kms";
export { cloudtrailCloudwatchLogs } from "./cloudtrail-cloudwatch-logs";
export { s3Encrypted } from "./s3-encrypted";
export { s3DenyNonTls } from "./s3-deny-non-tls";
export { cloudtrailBucketPolicy } from "./cloudtrail-bucket-policy";
export { cisControlsCovered } from "./cis-controls-covered";
export { alarmNotifiesSubscribedTopic } from "./alarm-notifies-subscribed-topic";
export { dashboardReferencesDeclared } from "./dashboard-references-declared";
