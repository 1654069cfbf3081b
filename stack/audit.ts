import { AuditTrail, type CisControlId } from "../components";
import type { Settings } from "./settings";
import { NONE, type Shared, type SystemOutputs } from "./shared";

/**
 * Seed 003's audit logging: the account's CloudTrail trail (AuditTrail), its bucket, key and
 * CloudWatch Logs group, and the CIS monitoring controls enabled in `obskit:audit.cis`, whose
 * alarms notify the stack's alert topic.
 */
export function composeAudit(s: Settings, shared: Shared): SystemOutputs {
  const au = s.audit;
  if (!au.enabled)
    return {
      outputs: { trailName: NONE, trailArn: NONE, trailBucketName: NONE, cisAlarmNames: {} },
    };
  const audit = new AuditTrail("audit", {
    trailName: au.trailName ?? `obskit-${s.environment}`,
    s3DataEvents: au.s3DataEvents,
    lambdaDataEvents: au.lambdaDataEvents,
    bucket:
      au.existingBucketName !== undefined
        ? { existingBucketName: au.existingBucketName }
        : {
            transitionAfterDays: au.transitionAfterDays,
            expireAfterDays: au.expireAfterDays,
            objectLock:
              au.objectLockMode === undefined || au.objectLockDays === undefined
                ? undefined
                : { mode: au.objectLockMode, days: au.objectLockDays },
          },
    key: au.existingKeyArn !== undefined ? { existingKeyArn: au.existingKeyArn } : undefined,
    logGroupName: au.logGroupName,
    // the trail's group keeps the stage's retention, like every log group of the stack
    logRetentionInDays: shared.logDefaults.retentionInDays,
    cisControls: au.cis as Partial<Record<CisControlId, boolean>>,
    alerting: shared.alerting,
    protect: s.protect,
    tags: shared.tags,
  });
  return {
    logGroups: { trail: audit.logs },
    kmsKeyArns: { auditTrail: audit.kmsKeyArn },
    outputs: {
      trailName: audit.trailName,
      trailArn: audit.trailArn,
      trailBucketName: audit.bucketName,
      cisAlarmNames: audit.cisAlarmNames,
    },
  };
}
