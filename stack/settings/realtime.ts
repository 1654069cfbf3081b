import { z } from "zod";
import type { Severity } from "../../components/processingPath/args";
import { alarmThreshold, boolean, numberFor, textFor } from "./fields";

/** What the program itself decides for the real-time path: on, its source group, its alarm, no emitter. */
export const REALTIME_SETTINGS_DEFAULTS = {
  enabled: true,
  sourceLogGroup: "/aws/lambda/test-log-emitter",
  errorAlarm: { threshold: 1 },
  testEmitter: false,
};

/**
 * `obskit:realtime`: the ERROR pipeline on a source log group. The function's size, timeout,
 * concurrency, incident TTL and severity are the ProcessingPath's to check and default
 * (PROCESSING_PATH_DEFAULTS); the group's name, the LogPipeline's.
 */
export const realtimeShape = {
  realtime: z
    .strictObject({
      enabled: boolean.default(REALTIME_SETTINGS_DEFAULTS.enabled),
      sourceLogGroup: textFor().default(REALTIME_SETTINGS_DEFAULTS.sourceLogGroup),
      errorAlarm: alarmThreshold.default(REALTIME_SETTINGS_DEFAULTS.errorAlarm),
      testEmitter: boolean.default(REALTIME_SETTINGS_DEFAULTS.testEmitter),
      memoryMb: numberFor().optional(),
      timeoutSeconds: numberFor().optional(),
      reservedConcurrency: numberFor().optional(),
      incidentTtlDays: numberFor().optional(),
      notifyMinSeverity: textFor<Severity>().optional(),
    })
    .default(REALTIME_SETTINGS_DEFAULTS),
};
