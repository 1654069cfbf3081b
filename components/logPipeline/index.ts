export * from "./args";
export * from "./logPipeline";
export type { PatternSamples } from "./patterns";
