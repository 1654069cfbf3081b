import { z } from "zod";
import { alarmThreshold, boolean, numberFor } from "./fields";

/**
 * The order system (`obskit:alarms`, `obskit:orderWorker`): the order alarms' thresholds, and the
 * worker's size and rate, which its deployment checks and defaults (ORDER_WORKER_DEFAULTS).
 */
export const ordersShape = {
  alarms: z.strictObject(
    {
      paymentFailures: alarmThreshold,
      delayedOrders: alarmThreshold.optional(),
      duplicateOrders: alarmThreshold.optional(),
    },
    {
      error: (i) => (i.code === "unrecognized_keys" ? undefined : "must be a map with paymentFailures"),
    },
  ),
  orderWorker: z
    .strictObject({
      enabled: boolean.default(true),
      desiredCount: numberFor().optional(),
      cpu: numberFor().optional(),
      memory: numberFor().optional(),
      ratePerSecond: numberFor().optional(),
    })
    .default({ enabled: true }),
};
