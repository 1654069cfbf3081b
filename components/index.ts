/** obskit: the component library. */
export * from "./alertingPath";
export * from "./auditTrail";
export * from "./dashboard";
export * from "./errors";
export * from "./logPipeline";
export * from "./logsKey";
export * from "./metric";
export * from "./policies/cloudtrail";
export * from "./policies/document";
export * from "./policies/iam";
export * from "./policies/kms";
export * from "./policies/s3";
export * from "./policies/sns";
export * from "./policies/firehose";
export * from "./processingPath";
export * from "./tags";
export * from "./version";
