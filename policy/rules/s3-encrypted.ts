import { TYPE } from "../../model/types";
import { BUCKET_TYPES, bucketName } from "../resources";
import type { StackRule } from "../types";

const ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

interface SseRule {
  applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string };
}

/** Whether a list of encryption rules sets a default algorithm. */
const encrypts = (rules: unknown): boolean =>
  (Array.isArray(rules) ? (rules as SseRule[]) : rules ? [rules as SseRule] : []).some((x) =>
    ALGORITHMS.includes(String(x?.applyServerSideEncryptionByDefault?.sseAlgorithm)),
  );

/**
 * Every bucket states its default encryption: a BucketServerSideEncryptionConfiguration (aws v7
 * models it as a separate resource; V2 of it too) or the legacy inline block.
 */
export const s3Encrypted: StackRule = {
  kind: "stack",
  name: "s3-encrypted",
  description:
    "Every S3 bucket has an explicit default encryption (SSE-KMS, DSSE-KMS or SSE-S3) in a BucketServerSideEncryptionConfiguration.",
  enforcementLevel: "mandatory",
  check: (resources) => {
    const encrypted = new Set(
      resources
        .filter((r) => r.type === TYPE.bucketEncryption || r.type === TYPE.bucketEncryptionV2)
        .filter((r) => encrypts(r.props.rules))
        .map((r) => String(r.props.bucket)),
    );
    return resources
      .filter((r) => BUCKET_TYPES.includes(r.type))
      .filter((b) => {
        const inline = (b.props.serverSideEncryptionConfiguration as { rule?: unknown } | undefined)?.rule;
        return !encrypted.has(bucketName(b)) && !encrypts(inline);
      })
      .map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} has no default encryption: declare a BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms with a customer-managed key).`,
      }));
  },
};
