/**
 * obskit's policy rules as pure functions over a neutral view of a resource, so the same rules
 * run in the `@pulumi/policy` pack (`pulumi preview --policy-pack policy`) and offline in
 * `obskit plan`.
 */

import {
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
} from "@cloud-copilot/iam-policy";
import { EMITS_TAG } from "../components/tags";

export interface ResourceView {
  type: string;
  urn: string;
  name: string;
  /** The resource's inputs (in a stack policy, its state where known). */
  props: Record<string, unknown>;
}

export type EnforcementLevel = "advisory" | "mandatory";

interface RuleBase {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
}
export interface ResourceRule extends RuleBase {
  kind: "resource";
  /** Resource types the rule looks at. */
  types: string[];
  check(r: ResourceView): string[];
}
export interface StackRule extends RuleBase {
  kind: "stack";
  check(resources: ResourceView[]): { urn: string; message: string }[];
}
export type Rule = ResourceRule | StackRule;

export { EMITS_TAG };

const T = {
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  lambda: "aws:lambda/function:Function",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  queue: "aws:sqs/queue:Queue",
  table: "aws:dynamodb/table:Table",
  role: "aws:iam/role:Role",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  lambdaPermission: "aws:lambda/permission:Permission",
} as const;

interface Stmt {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: unknown;
}

function statements(policy: unknown): Stmt[] | undefined {
  try {
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as { Statement?: Stmt | Stmt[] };
    if (!doc || doc.Statement === undefined) return undefined;
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  } catch {
    return undefined;
  }
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

const logGroupRetention: ResourceRule = {
  kind: "resource",
  name: "log-group-retention",
  description: "Log groups expire their events: a group without retention keeps (and bills) logs forever.",
  enforcementLevel: "mandatory",
  types: [T.logGroup],
  check: (r) =>
    typeof r.props.retentionInDays === "number" && r.props.retentionInDays > 0
      ? []
      : [`log group ${String(r.props.name ?? r.name)} has no retention: set retentionInDays (e.g. 30).`],
};

const logGroupKms: ResourceRule = {
  kind: "resource",
  name: "log-group-kms",
  description: "Log groups are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  types: [T.logGroup],
  check: (r) =>
    r.props.kmsKeyId
      ? []
      : [`log group ${String(r.props.name ?? r.name)} is not encrypted with a KMS key: set kmsKeyId.`],
};

const keyRotation: ResourceRule = {
  kind: "resource",
  name: "kms-key-rotation",
  description: "Customer-managed symmetric keys rotate yearly.",
  enforcementLevel: "mandatory",
  types: [T.key],
  check: (r) => {
    const spec = String(r.props.customerMasterKeySpec ?? r.props.keySpec ?? "SYMMETRIC_DEFAULT");
    return spec === "SYMMETRIC_DEFAULT" && r.props.enableKeyRotation !== true
      ? ["KMS key does not rotate: set enableKeyRotation: true."]
      : [];
  },
};

const keyPolicyNotPublic: ResourceRule = {
  kind: "resource",
  name: "kms-key-policy-not-public",
  description: "No key policy statement allows any principal (`*`) without a condition.",
  enforcementLevel: "mandatory",
  types: [T.key],
  check: (r) => {
    if (r.props.policy === undefined)
      return ["KMS key has no explicit key policy: obskit keys always state who may use them."];
    const st = statements(r.props.policy);
    if (!st) return ["KMS key policy is not valid JSON with a Statement."];
    return st
      .filter(
        (s) =>
          s.Effect === "Allow" &&
          (s.Principal === "*" || JSON.stringify(s.Principal) === '{"AWS":"*"}') &&
          !s.Condition,
      )
      .map(() => "KMS key policy allows any principal without a condition.");
  },
};

const topicCmk: ResourceRule = {
  kind: "resource",
  name: "sns-topic-cmk",
  description:
    "SNS topics are encrypted with a customer-managed key; never alias/aws/sns, which CloudWatch alarms cannot use (their notifications are silently dropped).",
  enforcementLevel: "mandatory",
  types: [T.topic],
  check: (r) => {
    const key = r.props.kmsMasterKeyId;
    if (!key) return ["SNS topic is not encrypted: set kmsMasterKeyId to a customer-managed key."];
    return /alias\/aws\/sns$/.test(String(key))
      ? ["SNS topic uses alias/aws/sns: CloudWatch alarms cannot publish to it. Use a customer-managed key."]
      : [];
  },
};

const alarmActions: ResourceRule = {
  kind: "resource",
  name: "alarm-has-actions",
  description: "Every alarm notifies someone.",
  enforcementLevel: "mandatory",
  types: [T.alarm],
  check: (r) =>
    list(r.props.alarmActions as string[] | undefined).length > 0
      ? []
      : [`alarm ${String(r.props.name ?? r.name)} has no alarmActions: nobody would be told.`],
};

const iamNoWildcards: ResourceRule = {
  kind: "resource",
  name: "iam-no-wildcard-actions",
  description: "IAM policies name actions: no `*`, no `service:*`, no NotAction.",
  enforcementLevel: "mandatory",
  types: [T.rolePolicy, T.policy],
  check: (r) => {
    const st = statements(r.props.policy);
    if (!st) return ["IAM policy is not valid JSON with a Statement."];
    const problems: string[] = [];
    for (const s of st) {
      if (s.Effect !== "Allow") continue;
      if (s.NotAction) problems.push("IAM policy uses NotAction in an Allow statement.");
      for (const a of list(s.Action))
        if (a === "*" || a.endsWith(":*")) problems.push(`IAM policy allows the wildcard action ${a}.`);
    }
    return problems;
  },
};

const queueEncrypted: ResourceRule = {
  kind: "resource",
  name: "sqs-encrypted",
  description: "SQS queues are encrypted (a KMS key or SQS-managed SSE).",
  enforcementLevel: "mandatory",
  types: [T.queue],
  check: (r) =>
    r.props.kmsMasterKeyId || r.props.sqsManagedSseEnabled === true
      ? []
      : ["SQS queue is not encrypted: set kmsMasterKeyId."],
};

const tableCmk: ResourceRule = {
  kind: "resource",
  name: "dynamodb-cmk",
  description: "DynamoDB tables are encrypted with a customer-managed key.",
  enforcementLevel: "mandatory",
  types: [T.table],
  check: (r) => {
    const sse = r.props.serverSideEncryption as { enabled?: boolean; kmsKeyArn?: string } | undefined;
    return sse?.enabled && sse.kmsKeyArn
      ? []
      : [
          "DynamoDB table is not encrypted with a customer-managed key: set serverSideEncryption { enabled, kmsKeyArn }.",
        ];
  },
};

function metricKeysOfAlarm(a: ResourceView): string[] {
  const p = a.props;
  if (p.metricName) return [`${String(p.namespace)}/${String(p.metricName)}`];
  return ((p.metricQueries as { metric?: { namespace?: string; metricName?: string } }[] | undefined) ?? [])
    .filter((q) => q.metric?.metricName)
    .map((q) => `${String(q.metric!.namespace)}/${String(q.metric!.metricName)}`);
}

const alarmWatchesEmittedMetric: StackRule = {
  kind: "stack",
  name: "alarm-watches-emitted-metric",
  description:
    "An alarm on a custom metric watches a metric something in the stack emits: a metric filter, or a resource tagged obskit:emits. Otherwise it can never fire.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const emitted = new Set<string>();
    for (const r of resources) {
      if (r.type === T.filter) {
        const t = r.props.metricTransformation as
          { namespace?: string; name?: string } | { namespace?: string; name?: string }[] | undefined;
        for (const m of Array.isArray(t) ? t : t ? [t] : [])
          emitted.add(`${String(m.namespace)}/${String(m.name)}`);
      }
      const tags = r.props.tags as Record<string, string> | undefined;
      for (const m of (tags?.[EMITS_TAG] ?? "").split(/\s+/).filter(Boolean)) emitted.add(m);
    }
    const out: { urn: string; message: string }[] = [];
    for (const a of resources.filter((r) => r.type === T.alarm)) {
      for (const key of metricKeysOfAlarm(a)) {
        if (key.startsWith("AWS/") || emitted.has(key)) continue;
        out.push({
          urn: a.urn,
          message: `alarm ${String(a.props.name ?? a.name)} watches ${key}, which no metric filter or obskit:emits resource of this stack publishes: it can never fire.`,
        });
      }
    }
    return out;
  },
};

const lambdaLogGroup: StackRule = {
  kind: "stack",
  name: "lambda-explicit-log-group",
  description:
    "Every Lambda function logs to a log group declared in the stack (retention + KMS), never the implicit never-expiring one.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const groups = new Set(resources.filter((r) => r.type === T.logGroup).map((r) => String(r.props.name)));
    return resources
      .filter((r) => r.type === T.lambda)
      .filter((fn) => {
        const configured = (fn.props.loggingConfig as { logGroup?: string } | undefined)?.logGroup;
        return !(configured ? groups.has(configured) : groups.has(`/aws/lambda/${String(fn.props.name)}`));
      })
      .map((fn) => ({
        urn: fn.urn,
        message: `Lambda ${String(fn.props.name ?? fn.name)} has no log group declared in the stack: declare one and set loggingConfig.logGroup.`,
      }));
  },
};

const bucketPublicAccess: StackRule = {
  kind: "stack",
  name: "s3-public-access-blocked",
  description: "Every S3 bucket has all four public-access blocks on.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const blocked = new Set(
      resources
        .filter((r) => r.type === T.publicAccessBlock)
        .filter((r) =>
          ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(
            (k) => r.props[k] === true,
          ),
        )
        .map((r) => String(r.props.bucket)),
    );
    return resources
      .filter((r) => r.type === T.bucket || r.type === T.bucketV2)
      .filter((b) => !blocked.has(String(b.props.bucket ?? b.props.id ?? b.name)))
      .map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} has no BucketPublicAccessBlock with all four blocks on.`,
      }));
  },
};

export type PolicyKind = "identity" | "resource" | "trust";

/** A policy document a resource carries, with its kind and where it sits. */
export interface PlannedDocument {
  kind: PolicyKind;
  /** The property holding it, e.g. `assumeRolePolicy`, `inlinePolicies[0].policy`. */
  field: string;
  /** The document as given (JSON text or object). */
  document: unknown;
}

/** Where each IAM/KMS/S3/SNS/SQS resource type keeps a policy document, and its kind. */
const DOCUMENT_FIELDS: Record<string, { field: string; kind: PolicyKind }[]> = {
  [T.role]: [{ field: "assumeRolePolicy", kind: "trust" }],
  [T.rolePolicy]: [{ field: "policy", kind: "identity" }],
  [T.policy]: [{ field: "policy", kind: "identity" }],
  [T.userPolicy]: [{ field: "policy", kind: "identity" }],
  [T.groupPolicy]: [{ field: "policy", kind: "identity" }],
  [T.key]: [{ field: "policy", kind: "resource" }],
  [T.keyPolicy]: [{ field: "policy", kind: "resource" }],
  [T.bucket]: [{ field: "policy", kind: "resource" }],
  [T.bucketV2]: [{ field: "policy", kind: "resource" }],
  [T.bucketPolicy]: [{ field: "policy", kind: "resource" }],
  [T.topic]: [{ field: "policy", kind: "resource" }],
  [T.topicPolicy]: [{ field: "policy", kind: "resource" }],
  [T.queue]: [{ field: "policy", kind: "resource" }],
  [T.queuePolicy]: [{ field: "policy", kind: "resource" }],
};

/**
 * Every policy document of a resource, with its kind. Values not known yet (a preview's unknown
 * outputs) are skipped: they are checked when known.
 */
export function documentsOf(r: ResourceView): PlannedDocument[] {
  const known = (v: unknown): boolean => typeof v === "string" || (typeof v === "object" && v !== null);
  const out: PlannedDocument[] = [];
  for (const { field, kind } of DOCUMENT_FIELDS[r.type] ?? []) {
    const document = r.props[field];
    if (known(document) && document !== "") out.push({ kind, field, document });
  }
  if (r.type === T.role && Array.isArray(r.props.inlinePolicies)) {
    (r.props.inlinePolicies as { policy?: unknown }[]).forEach((p, i) => {
      if (known(p?.policy) && p.policy !== "")
        out.push({ kind: "identity", field: `inlinePolicies[${i}].policy`, document: p.policy });
    });
  }
  return out;
}

const VALIDATORS: Record<PolicyKind, (doc: unknown) => { path: string; message: string }[]> = {
  identity: validateIdentityPolicy,
  resource: validateResourcePolicy,
  trust: validateTrustPolicy,
};

/** The grammar errors of a document for its kind; empty when IAM would accept it. */
export function grammarErrors(d: PlannedDocument): string[] {
  let doc: unknown;
  try {
    doc = typeof d.document === "string" ? JSON.parse(d.document) : d.document;
  } catch {
    return ["is not valid JSON"];
  }
  const errors = VALIDATORS[d.kind](doc).map((e) => `${e.path || "(document)"}: ${e.message}`);
  // The grammar library accepts a resource-policy statement without a principal; IAM does not.
  if (d.kind === "resource" && errors.length === 0) {
    (statements(doc) ?? []).forEach((s, i) => {
      const st = s as Stmt & { NotPrincipal?: unknown };
      if (st.Principal === undefined && st.NotPrincipal === undefined)
        errors.push(`Statement[${i}]: a resource policy statement must name a Principal`);
    });
  }
  return errors;
}

const policyDocumentValid: ResourceRule = {
  kind: "resource",
  name: "policy-document-valid",
  description:
    "Every IAM/KMS/S3/SNS/SQS policy document is valid for its kind: a trust policy names a principal and no Resource, an identity policy no principal, a resource policy a principal (as IAM, KMS, S3, SNS and SQS require).",
  enforcementLevel: "mandatory",
  types: Object.keys(DOCUMENT_FIELDS),
  check: (r) =>
    documentsOf(r).flatMap((d) =>
      grammarErrors(d).map((e) => `${d.field} is not a valid ${d.kind} policy: ${e}.`),
    ),
};

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

const servicePrincipalBound: ResourceRule = {
  kind: "resource",
  name: "service-principal-confused-deputy",
  description:
    "Every service principal granted by a resource policy, a trust policy or a Lambda permission is bound to this account with aws:SourceAccount or aws:SourceArn (IAM confused-deputy guidance), or is a documented exception.",
  enforcementLevel: "mandatory",
  types: [...Object.keys(DOCUMENT_FIELDS), T.lambdaPermission],
  check: (r) => {
    if (r.type === T.lambdaPermission) {
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

/** Every rule of the pack. */
export const RULES: Rule[] = [
  logGroupRetention,
  logGroupKms,
  keyRotation,
  keyPolicyNotPublic,
  topicCmk,
  alarmActions,
  iamNoWildcards,
  queueEncrypted,
  tableCmk,
  alarmWatchesEmittedMetric,
  lambdaLogGroup,
  bucketPublicAccess,
  policyDocumentValid,
  servicePrincipalBound,
];

export interface Violation {
  policy: string;
  urn: string;
  level: EnforcementLevel;
  message: string;
}

/**
 * Evaluates every rule over a set of resources. Resource rules see inputs (as in
 * `validateResource`); stack rules see outputs (as in `validateStack`), given as `outputs` when
 * they differ from the inputs.
 */
export function evaluate(
  resources: ResourceView[],
  rules: Rule[] = RULES,
  outputs: ResourceView[] = resources,
): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    if (rule.kind === "resource") {
      for (const r of resources.filter((x) => rule.types.includes(x.type))) {
        for (const message of rule.check(r))
          out.push({ policy: rule.name, urn: r.urn, level: rule.enforcementLevel, message });
      }
    } else {
      for (const v of rule.check(outputs))
        out.push({ policy: rule.name, urn: v.urn, level: rule.enforcementLevel, message: v.message });
    }
  }
  return out;
}
