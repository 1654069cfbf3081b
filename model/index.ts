/**
 * The stack model: the one reading of a planned stack that the replay, verify, the cost estimate,
 * the plan renderer and the policy pack share.
 */
export * from "./description";
export * from "./run";
export * from "./stack";
export * from "./types";
