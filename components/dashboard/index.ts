export * from "./args";
export * from "./body";
export * from "./dashboard";
export * from "./layout";
export * from "./validate";
