/**
 * Typed IAM / KMS / S3 / SNS / SQS policy documents. Builders return these objects; they are
 * serialized once, with {@link toJson}, at the point where a resource takes the policy.
 *
 * The three kinds of document IAM knows are three types, so a statement IAM would reject does not
 * compile:
 * - an {@link IdentityPolicy} (attached to a role) names no `Principal` and must name a `Resource`;
 * - a {@link ResourcePolicy} (key, bucket, topic, queue policy) must name a `Principal` and a `Resource`;
 * - a {@link TrustPolicy} (a role's `assumeRolePolicy`) must name a `Principal` and can never carry
 *   a `Resource` (IAM: `MalformedPolicyDocument: Has prohibited field Resource`).
 */
export type Principal =
  "*" | { AWS: string | string[] } | { Service: string | string[] } | { Federated: string | string[] };

/** Condition operator → condition key → value(s). */
export type Condition = Record<string, Record<string, string | string[] | boolean>>;

export interface StatementBase {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Condition?: Condition;
}

/** A statement of a policy attached to an identity: no principal (it is the identity), a resource. */
export interface IdentityStatement extends StatementBase {
  Principal?: never;
  Resource: string | string[];
}

/** A statement of a policy attached to a resource: who (principal) may do what to which resource. */
export interface ResourceStatement extends StatementBase {
  Principal: Principal;
  Resource: string | string[];
}

/** A statement of a role's trust policy: who may assume the role. IAM forbids `Resource` here. */
export interface TrustStatement extends StatementBase {
  Principal: Principal;
  Resource?: never;
}

/** Any statement; builders take and return the specific kinds above. */
export type Statement = IdentityStatement | ResourceStatement | TrustStatement;

export interface Document<S> {
  Version: "2012-10-17";
  Id?: string;
  Statement: S[];
}
/** A policy attached to a role or user. */
export type IdentityPolicy = Document<IdentityStatement>;
/** A key, bucket, topic or queue policy. */
export type ResourcePolicy = Document<ResourceStatement>;
/** A role's trust policy (`assumeRolePolicy`). */
export type TrustPolicy = Document<TrustStatement>;
export type PolicyDocument = IdentityPolicy | ResourcePolicy | TrustPolicy;

function doc<S>(statements: S[], id?: string): Document<S> {
  return { Version: "2012-10-17", ...(id ? { Id: id } : {}), Statement: statements };
}

/** An identity policy of `statements`. */
export function identityPolicy(statements: IdentityStatement[], id?: string): IdentityPolicy {
  return doc(statements, id);
}

/** A resource policy (key, bucket, topic, queue) of `statements`. */
export function resourcePolicy(statements: ResourceStatement[], id?: string): ResourcePolicy {
  return doc(statements, id);
}

/** A trust policy of `statements`. */
export function trustPolicy(statements: TrustStatement[], id?: string): TrustPolicy {
  return doc(statements, id);
}

/** An identity or a resource policy, by the kind of its statements. */
export function policy(statements: IdentityStatement[], id?: string): IdentityPolicy;
export function policy(statements: ResourceStatement[], id?: string): ResourcePolicy;
export function policy(
  statements: IdentityStatement[] | ResourceStatement[],
  id?: string,
): IdentityPolicy | ResourcePolicy {
  return doc<IdentityStatement | ResourceStatement>(statements, id) as IdentityPolicy | ResourcePolicy;
}

export function toJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/** The statement that keeps a key administrable by the account (AWS's default key policy). */
export function accountRootAdmin(accountId: string, partition = "aws"): ResourceStatement {
  return {
    Sid: "EnableAccountAdministration",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/** Every action named anywhere in a document, for least-privilege checks. */
export function actionsOf(doc: PolicyDocument): string[] {
  return doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}
