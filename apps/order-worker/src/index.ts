/** Public API of the order worker (the process entry point is main.ts). */
export { OrderWorkerConfigError, OrderWorkerError } from "./errors";
export {
  CUSTOMER_ID_PATTERN,
  DELAY_THRESHOLD_MS,
  formatEvent,
  ORDER_EVENT_NAMES,
  ORDER_ID_PATTERN,
  type OrderEvent,
  OrderEventName,
  orderEventSchema,
  parseEventLine,
  RANGES,
  TIMESTAMP_PATTERN,
} from "./events";
export {
  createOrderEventGenerator,
  DEFAULT_CUSTOMERS,
  type NextEventOptions,
  type OrderEventGenerator,
  type OrderEventGeneratorOptions,
} from "./generator";
export { DEFAULT_MIX, formatMix, MIX_KEYS, type MixKey, type OrderMix, parseMix, validateMix } from "./mix";
export {
  createSchedule,
  DEFAULT_INCIDENT_FAILURES_PER_MINUTE,
  type IncidentOptions,
  PAYMENT_FAILURE_ALARM_THRESHOLD_PER_MINUTE,
  type Tick,
} from "./schedule";
export { runWorker, type RunWorkerOptions, type RunWorkerResult, StopReason } from "./worker";
export { DEFAULT_RATE_PER_SECOND, parseWorkerConfig, type WorkerConfig } from "./config";
export { runOrderWorkerCli, ExitCode } from "./cli";
export { SAMPLE_START, sampleLines, type SampleLinesOptions } from "./samples";
