import { z } from "zod";
import type { CisControlId } from "../../components/auditTrail/cis";
import type { ObjectLockMode } from "../../components/auditTrail/args";
import { boolean, numberFor, textFor } from "./fields";

/** `"all"`, `"none"` or a list of ARNs: which the AuditTrail checks (a scope, or each ARN). */
const dataEvents = z.union([textFor(), z.array(textFor())], {
  error: 'must be "all", "none" or a list of ARNs',
});

/** `{ <CIS control id>: true|false }`: a control left out is enabled; the ids are the AuditTrail's to check. */
const cisMap = z.unknown().transform((v, ctx) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: "must be a map of CIS control ids to true or false" });
    return z.NEVER;
  }
  const out: Partial<Record<CisControlId, boolean>> = {};
  for (const [k, value] of Object.entries(v)) {
    if (value !== true && value !== false && value !== "true" && value !== "false")
      ctx.addIssue({ code: "custom", path: [k], message: "must be true or false" });
    else out[k as CisControlId] = value === true || value === "true";
  }
  return out;
});

/**
 * `obskit:audit`: the trail and the CIS controls. The trail name, data events, bucket lifecycle
 * and lock, the existing bucket or key, the log group name and the control ids are the
 * AuditTrail's to check and default (AUDIT_TRAIL_DEFAULTS).
 */
export const auditShape = {
  audit: z
    .strictObject({
      enabled: boolean.default(true),
      trailName: textFor().optional(),
      s3DataEvents: dataEvents.optional(),
      lambdaDataEvents: dataEvents.optional(),
      transitionAfterDays: numberFor().optional(),
      expireAfterDays: numberFor().optional(),
      objectLockMode: textFor<ObjectLockMode>().optional(),
      objectLockDays: numberFor().optional(),
      existingBucketName: textFor().optional(),
      existingKeyArn: textFor().optional(),
      logGroupName: textFor().optional(),
      cis: cisMap.default({}),
    })
    .default({ enabled: true, cis: {} }),
};
