import { LogPipeline, LogsKey } from "@obskit/components";

// one rotating key for every group under /shop/: CloudWatch Logs may use it for those groups only
const key = new LogsKey("shop-logs", { logGroupNames: ["/shop/*"], anomalyDetectors: true });

for (const service of ["orders", "payments"]) {
  new LogPipeline(service, {
    logGroupName: `/shop/${service}`,
    retentionInDays: 14,
    kmsKeyArn: key.arn,
  });
}
