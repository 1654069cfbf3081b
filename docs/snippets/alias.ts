import { LogPipeline } from "@obskit/components";

// renamed from "orders": the alias keeps every URN, so the log group and its key are not replaced
new LogPipeline(
  "orders-v2",
  { logGroupName: "/smart-orders/processor", retentionInDays: 30 },
  {
    aliases: [{ name: "orders" }],
  },
);
