import { LogPipeline, ObskitArgsError } from "@obskit/components";

try {
  new LogPipeline("orders", {
    logGroupName: "/smart-orders/processor",
    retentionInDays: 8, // not a retention CloudWatch Logs offers
    metricFilters: [{ name: "Broken", pattern: '{ $.event = "PAYMENT_FAILED" ', namespace: "SmartOrders" }],
  });
} catch (error) {
  // one error listing every problem: the field, the value and the fix
  if (error instanceof ObskitArgsError) console.error(error.message);
  else throw error;
}
