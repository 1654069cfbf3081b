export * from "./args";
export * from "./logsKey";
