export * from "./args";
export * from "./auditTrail";
export * from "./cis";
export * from "./records";
