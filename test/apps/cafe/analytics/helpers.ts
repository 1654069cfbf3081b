/** Shared by the café analytics tests: awslogs deliveries of access-log lines. */
import { encodeAwsLogsData } from "../../../../components/processingPath/handler/decode";

/** `lines` as CloudWatch Logs subscription deliveries of `size` events each (gzip + base64). */
export function deliveries(
  lines: readonly string[],
  size = 500,
  group = "apache/access",
): { awslogs: { data: string } }[] {
  const out: { awslogs: { data: string } }[] = [];
  for (let i = 0; i < lines.length; i += size) {
    const logEvents = lines.slice(i, i + size).map((message, j) => ({
      id: String(36_000_000_000_000 + i + j),
      timestamp: 1_431_857_103_000 + i + j,
      message,
    }));
    const json = JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: group,
      logStream: "i-0123456789abcdef0",
      subscriptionFilters: ["cafe-analytics-to-analytics"],
      logEvents,
    });
    out.push({ awslogs: { data: encodeAwsLogsData(json) } });
  }
  return out;
}
