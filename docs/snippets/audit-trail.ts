import { AlertingPath, AuditTrail } from "@obskit/components";

const alerts = new AlertingPath("alerts", { emails: ["security@example.com"] });

export const trail = new AuditTrail("audit", {
  trailName: "shop-audit",
  s3DataEvents: "none",
  lambdaDataEventArns: ["arn:aws:lambda:eu-west-1:111122223333:function:checkout"],
  bucket: { expireAfterDays: 365, objectLock: { mode: "GOVERNANCE", days: 30 } },
  // every CIS monitoring control is on unless turned off here
  cisControls: { "organizations-changes": false },
  alerting: alerts,
});
