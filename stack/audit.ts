import {
  AuditTrail,
  CIS_CONTROLS,
  Dashboard,
  type AuditObjectLock,
  type AuditTrailArgs,
  type CisControlId,
  type DashboardSection,
  type DataEventScope,
} from "../components";
import type { Settings } from "./settings";
import { NONE, type Shared, type SystemOutputs } from "./shared";

/**
 * The platform monitoring module's audit logging: the account's CloudTrail trail (AuditTrail), its bucket, key and
 * CloudWatch Logs group, and the CIS monitoring controls enabled in `obskit:audit.cis`, whose
 * alarms notify the stack's alert topic.
 */
export function composeAudit(
  s: Settings,
  shared: Shared,
): SystemOutputs<"trailName" | "trailArn" | "trailBucketName" | "cisAlarmNames"> {
  const au = s.audit;
  if (!au.enabled)
    return {
      outputs: { trailName: NONE, trailArn: NONE, trailBucketName: NONE, cisAlarmNames: {} },
    };
  const audit = new AuditTrail("audit", {
    trailName: au.trailName ?? `obskit-${s.environment}`,
    // the config key takes "all", "none" or ARNs; the component, a scope or the ARNs (and checks both)
    ...(Array.isArray(au.s3DataEvents)
      ? { s3DataEventArns: au.s3DataEvents }
      : { s3DataEvents: au.s3DataEvents as DataEventScope | undefined }),
    ...(Array.isArray(au.lambdaDataEvents)
      ? { lambdaDataEventArns: au.lambdaDataEvents }
      : { lambdaDataEvents: au.lambdaDataEvents as DataEventScope | undefined }),
    // every key given is passed on, so the component sees (and names) a half-set lock or an
    // existing bucket given together with the settings of a bucket to create
    bucket: {
      existingBucketName: au.existingBucketName,
      transitionAfterDays: au.transitionAfterDays,
      expireAfterDays: au.expireAfterDays,
      objectLock:
        au.objectLockMode === undefined && au.objectLockDays === undefined
          ? undefined
          : ({ mode: au.objectLockMode, days: au.objectLockDays } as AuditObjectLock),
    } as AuditTrailArgs["bucket"],
    key: au.existingKeyArn !== undefined ? { existingKeyArn: au.existingKeyArn } : undefined,
    logGroupName: au.logGroupName,
    // the trail's group keeps the stage's retention, like every log group of the stack
    logRetentionInDays: shared.logDefaults.retentionInDays,
    cisControls: au.cis as Partial<Record<CisControlId, boolean>>,
    alerting: shared.alerting,
    protect: s.protect,
    tags: shared.tags,
  });
  const sections = auditDashboard(audit);
  const dashboard = new Dashboard("audit-dashboard", {
    dashboardName: `${shared.prefix}-audit`,
    sections,
  });
  return {
    dashboards: { audit: dashboard },
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

/** Recent root-user activity and failed console sign-ins in the trail's group (the CIS 4.3 and 4.6 events). */
export const AUDIT_SIGNIN_QUERY = [
  "fields @timestamp, eventName, userIdentity.type, userIdentity.arn, sourceIPAddress, errorMessage",
  '| filter (userIdentity.type = "Root" and eventType != "AwsServiceEvent")',
  '    or (eventName = "ConsoleLogin" and (errorMessage = "Failed authentication" or responseElements.ConsoleLogin = "Failure"))',
  "| sort @timestamp desc",
  "| limit 50",
].join("\n");

/**
 * The audit/security dashboard: the CIS alarms' status, the CIS metrics the trail's filters publish
 * and the recent root-user and failed console sign-in events.
 */
export function auditDashboard(audit: AuditTrail): DashboardSection[] {
  const ids = Object.keys(audit.cisAlarms) as CisControlId[];
  const alarms = ids.map((id) => audit.cisAlarms[id]!);
  return [
    {
      title: "Security (CIS monitoring)",
      description: "CloudTrail events the CIS AWS Foundations monitoring controls count, and their alarms.",
      widgets: [
        ...(alarms.length > 0
          ? [{ kind: "alarms" as const, title: "CIS alarms", alarms, width: 24, height: 6 }]
          : []),
        ...(ids.length > 0
          ? [
              {
                kind: "graph" as const,
                title: "CIS events",
                metrics: ids.map((id) => ({
                  metric: audit.logs.metric(CIS_CONTROLS[id].metricName),
                  label: `${CIS_CONTROLS[id].recommendation} ${CIS_CONTROLS[id].description}`,
                })),
                view: "bar" as const,
                period: 300,
                width: 24,
              },
            ]
          : []),
        {
          kind: "query",
          title: "Root-user activity and failed console sign-ins",
          queryString: AUDIT_SIGNIN_QUERY,
          logs: [audit.logs],
          width: 24,
        },
      ],
    },
  ];
}
