/**
 * A Lambda bundle: the one value both ways of getting a handler's code produce, the packaged asset
 * (`lambdaCode.ts`) and the source bundler (`lambda.ts`). Kept apart from both so neither imports
 * the other for it.
 */
import { createHash } from "node:crypto";

/** A built bundle. */
export interface LambdaBundle {
  /** The bundled CommonJS source (store it as `index.js`). */
  readonly code: string;
  /** UTF-8 size of `code`. */
  readonly bytes: number;
  /** sha256 hex of `code` (stable for unchanged sources: a fingerprint for deploy diffs). */
  readonly sha256: string;
  /** Every file esbuild read, relative to the repository root (empty for a packaged asset). */
  readonly inputs: readonly string[];
}

/** A bundle of `code`. */
export function toBundle(code: string, inputs: readonly string[]): LambdaBundle {
  return {
    code,
    bytes: Buffer.byteLength(code, "utf8"),
    sha256: createHash("sha256").update(code).digest("hex"),
    inputs,
  };
}
