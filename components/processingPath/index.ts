export * from "./args";
export * from "./processingPath";
