import { z } from "zod";
import type { ArchiveStorageClass } from "../../components/logPipeline/args";
import { alarmThreshold, boolean, numberFor, positiveInt, textFor, whole } from "./fields";

/**
 * `obskit:cafe`: the café's server, alarms, access-log archive and analytics. The server's
 * instance type, volume and CIDR blocks are the CafeServer's to check and default
 * (CAFE_SERVER_DEFAULTS); the archive's days and storage class, the LogPipeline's
 * (LOG_PIPELINE_DEFAULTS.archive); the zero-orders alarm is the café's own (CAFE_DEFAULTS).
 */
export const cafeShape = {
  cafe: z
    .strictObject({
      enabled: boolean.default(true),
      instanceType: textFor().optional(),
      rootVolumeGb: numberFor().optional(),
      httpCidrs: z
        .array(textFor("an IPv4 CIDR block"), { error: "must be a list of IPv4 CIDR blocks" })
        .optional(),
      httpSourceSecurityGroupId: z
        .unknown()
        .refine((v): v is string => typeof v === "string" && /^sg-[0-9a-f]{8,17}$/.test(v), {
          error: "must be a security group id such as sg-0123456789abcdef0",
        })
        .optional(),
      notFoundAlarm: alarmThreshold.optional(),
      serverErrorAlarm: alarmThreshold.optional(),
      zeroOrdersAlarm: z
        .strictObject({
          requestFloor: positiveInt.optional(),
          minutes: whole(1, 1440).optional(),
        })
        .optional(),
      archive: z
        .strictObject({
          enabled: boolean.default(true),
          transitionDays: numberFor().optional(),
          storageClass: textFor<ArchiveStorageClass>().optional(),
          expirationDays: numberFor().optional(),
        })
        .default({ enabled: true }),
      // the analytics function on apache/access (country, city, order volume)
      analytics: z.strictObject({ enabled: boolean.default(true) }).default({ enabled: true }),
    })
    .default({ enabled: true, archive: { enabled: true }, analytics: { enabled: true } }),
};
