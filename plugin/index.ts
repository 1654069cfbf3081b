/**
 * The components offered to other Pulumi languages. Pulumi infers each one's schema from its
 * TypeScript declarations (constructor args interface and `pulumi.Output` properties); only
 * components whose every argument type the inference supports can be listed here. The others stay
 * TypeScript-only until their args change (README.md, "Other languages", says why for each).
 * `test/package/consumer.test.ts` runs Pulumi's schema inference on this file against the packed
 * package.
 */
export { LogsKey } from "@obskit/components";
