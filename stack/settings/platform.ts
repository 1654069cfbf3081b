import { z } from "zod";
import type { RetentionDays } from "../../components/logPipeline/constants";
import { alarmThreshold, boolean, matching, numberFor, text, textFor } from "./fields";

/**
 * `obskit:platform`: the platform's centralized log groups and alarms, each service present only
 * if configured. The names of the services are the program's to check (it builds log group names
 * and metric dimensions from them); retention and log group names, the LogPipeline's.
 */
export const platformShape = {
  platform: z
    .strictObject({
      enabled: boolean.default(true),
      logRetentionDays: numberFor<RetentionDays>().optional(),
      lambda: z
        .strictObject({
          functions: z
            .array(matching(/^[A-Za-z0-9_-]{1,64}$/, "a Lambda function name (1 to 64 of A-Z a-z 0-9 - _)"), {
              error: "must be a list of Lambda function names",
            })
            .min(1, { error: "must list at least one function" }),
          errors: alarmThreshold.optional(),
        })
        .optional(),
      apiGateway: z
        .strictObject({
          apiName: text("a REST API name (1 to 128 characters)").refine(
            (v) => /^[^\s][^\n]{0,127}$/.test(v),
            {
              error: "must be a REST API name (1 to 128 characters)",
            },
          ),
          stage: matching(/^[A-Za-z0-9_-]{1,128}$/, "a stage name (A-Z a-z 0-9 - _)"),
          logGroup: textFor().optional(),
          errors5xx: alarmThreshold.optional(),
        })
        .optional(),
      batch: z
        .strictObject({
          logGroup: textFor().optional(),
          jobQueues: z
            .array(
              matching(
                /^([A-Za-z0-9_-]{1,128}|arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{12}:job-queue\/[A-Za-z0-9_-]{1,128})$/,
                "a Batch job queue name or ARN",
              ),
              { error: "must be a list of Batch job queue names or ARNs" },
            )
            .optional(),
        })
        .optional(),
      dms: z
        .strictObject({
          replicationInstanceId: matching(
            /^[A-Za-z][A-Za-z0-9-]{0,62}$/,
            "a DMS replication instance identifier",
          ),
          replicationTaskId: matching(/^[A-Za-z][A-Za-z0-9-]{0,254}$/, "a DMS replication task identifier"),
          cdcLatency: alarmThreshold.optional(),
        })
        .optional(),
    })
    .default({ enabled: false }),
};
