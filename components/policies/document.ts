/**
 * Typed IAM / KMS / S3 / SNS policy documents. Builders return these objects; they are serialized
 * once, with {@link toJson}, at the point where a resource takes the policy.
 */
export type Principal =
  "*" | { AWS: string | string[] } | { Service: string | string[] } | { Federated: string | string[] };

/** Condition operator → condition key → value(s). */
export type Condition = Record<string, Record<string, string | string[] | boolean>>;

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Id?: string;
  Statement: Statement[];
}

export function policy(statements: Statement[], id?: string): PolicyDocument {
  return { Version: "2012-10-17", ...(id ? { Id: id } : {}), Statement: statements };
}

export function toJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/** The statement that keeps a key administrable by the account (AWS's default key policy). */
export function accountRootAdmin(accountId: string, partition = "aws"): Statement {
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
