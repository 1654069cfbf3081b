export * from "./alarms";
export * from "./args";
export * from "./alertingPath";
