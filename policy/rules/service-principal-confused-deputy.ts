import { TYPE } from "../../model/types";
import { documentsOf, documentTypes, type PolicyKind } from "../documents";
import { statements, list, type Stmt } from "../resources";
import type { ResourceRule } from "../types";

/**
 * Service principals that may be granted without `aws:SourceAccount`/`aws:SourceArn` in a
 * document of the given kind, because the service binds the request to this account's resources
 * another documented way; the statement must then carry one of `boundBy` (none for a principal
 * that no other account can direct at this account's role, such as EC2's instance profiles).
 */
export const SERVICE_PRINCIPAL_EXCEPTIONS: {
  service: RegExp;
  kind: PolicyKind;
  boundBy: string[];
  reason: string;
}[] = [
  {
    service: /^logs\.[a-z0-9-]+\.amazonaws\.com$/,
    kind: "resource",
    boundBy: ["kms:EncryptionContext:aws:logs:arn", "kms:EncryptionContext:aws-crypto-ec:aws:logs:arn"],
    reason:
      "KMS key policies for CloudWatch Logs: the CloudWatch Logs guide binds the service principal by the encryption context ARN (this account's log group or anomaly detector), not by aws:SourceAccount/aws:SourceArn.",
  },
  {
    service: /^events\.amazonaws\.com$/,
    kind: "resource",
    boundBy: ["kms:EncryptionContext:aws:sns:topicArn"],
    reason:
      "KMS key policies of an encrypted SNS topic an EventBridge rule targets: EventBridge's KMS requests do not carry aws:SourceAccount/aws:SourceArn, so the grant is bound to the topic by SNS's encryption context (aws:sns:topicArn); the topic policy admits only the named rules by aws:SourceArn.",
  },
  {
    service: /^ec2\.amazonaws\.com$/,
    kind: "trust",
    boundBy: [],
    reason:
      "EC2 instance roles: EC2 sends no aws:SourceAccount/aws:SourceArn when it fetches an instance profile's credentials (a condition on them would leave the instance without credentials); iam:PassRole never passes a role to another account's instance, so the instance profile is the binding.",
  },
];

const CONFUSED_DEPUTY_KEYS = ["aws:sourceaccount", "aws:sourcearn"];

function conditionKeys(condition: unknown): string[] {
  if (typeof condition !== "object" || condition === null) return [];
  return Object.values(condition as Record<string, unknown>).flatMap((byKey) =>
    typeof byKey === "object" && byKey !== null ? Object.keys(byKey).map((k) => k.toLowerCase()) : [],
  );
}

/** The service principals of a statement that are granted without a confused-deputy binding. */
export function unboundServicePrincipals(s: Stmt, kind: PolicyKind): string[] {
  if (s.Effect !== "Allow" || typeof s.Principal !== "object" || s.Principal === null) return [];
  const services = list((s.Principal as { Service?: string | string[] }).Service);
  const keys = conditionKeys(s.Condition);
  if (keys.some((k) => CONFUSED_DEPUTY_KEYS.includes(k))) return [];
  return services.filter(
    (svc) =>
      !SERVICE_PRINCIPAL_EXCEPTIONS.some(
        (e) =>
          e.kind === kind &&
          e.service.test(svc) &&
          (e.boundBy.length === 0 || e.boundBy.some((b) => keys.includes(b.toLowerCase()))),
      ),
  );
}

export const servicePrincipalBound: ResourceRule = {
  kind: "resource",
  name: "service-principal-confused-deputy",
  description:
    "Every service principal granted by a resource policy, a trust policy or a Lambda permission is bound to this account with aws:SourceAccount or aws:SourceArn (IAM confused-deputy guidance), or is a documented exception.",
  enforcementLevel: "mandatory",
  get types() {
    return [...documentTypes(), TYPE.lambdaPermission];
  },
  check: (r) => {
    if (r.type === TYPE.lambdaPermission) {
      const principal = r.props.principal;
      return typeof principal === "string" &&
        /\.amazonaws\.com(\.cn)?$/.test(principal) &&
        !r.props.sourceAccount &&
        !r.props.sourceArn
        ? [
            `Lambda permission for ${principal} has neither sourceAccount nor sourceArn: any account's ${principal} could invoke the function.`,
          ]
        : [];
    }
    return documentsOf(r)
      .filter((d) => d.kind !== "identity")
      .flatMap((d) =>
        (statements(d.document) ?? []).flatMap((s) =>
          unboundServicePrincipals(s, d.kind).map(
            (svc) =>
              `${d.field} allows ${svc} without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).`,
          ),
        ),
      );
  },
};
