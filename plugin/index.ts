/**
 * The components offered to other Pulumi languages: all of them. Pulumi infers each one's schema
 * from its TypeScript (the constructor's args interface; the class's fields are its outputs).
 * `tsconfig.json` maps `@obskit/components` to the TypeScript sources the package ships under
 * `src/`, because its declarations lose the values of the enum objects (`LogClass`, `Comparison`, …);
 * at run time Node loads the package's compiled JavaScript as usual. README.md ("Other languages")
 * lists which args and outputs each language gets. `test/package/consumer.test.ts` runs Pulumi's
 * schema inference on this file against the packed package, and constructs every component from
 * plain data as another language sends it.
 */
export {
  AlertingPath,
  AuditTrail,
  Dashboard,
  LogPipeline,
  LogsKey,
  ProcessingPath,
} from "@obskit/components";
