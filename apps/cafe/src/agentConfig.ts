/**
 * The CloudWatch agent configuration of the café instance, generated from typed inputs (never a
 * hand-edited JSON file): Apache's access and error logs to their log groups, one stream per
 * instance, and the instance's memory and root-disk usage as metrics. The JSON is stored in an SSM
 * parameter the instance's user data hands to `amazon-cloudwatch-agent-ctl -c ssm:<name>`.
 * Tests validate it against the agent's own JSON schema.
 */

/** One log file the agent tails (`logs.logs_collected.files.collect_list[]`). */
export interface AgentLogFile {
  file_path: string;
  log_group_name: string;
  log_stream_name: string;
  timezone: "Local" | "UTC";
  timestamp_format?: string;
}

/** The subset of the agent's schema this configuration uses, typed. */
export interface AgentConfig {
  agent: { metrics_collection_interval: number; logfile: string; run_as_user: string };
  logs: {
    logs_collected: { files: { collect_list: AgentLogFile[] } };
    force_flush_interval: number;
  };
  metrics: {
    namespace: string;
    append_dimensions: Record<string, string>;
    metrics_collected: {
      mem: { measurement: string[]; metrics_collection_interval: number };
      disk: { measurement: string[]; resources: string[]; metrics_collection_interval: number };
    };
  };
}

/** What the café's agent configuration is made from. */
export interface CafeAgentConfigInput {
  /** Log group of Apache's access log (combined format), e.g. `apache/access`. */
  accessLogGroup: string;
  /** Log group of Apache's error log. */
  errorLogGroup: string;
  /** Path of the access log on the instance. @default "/var/log/httpd/access_log" */
  accessLogPath?: string;
  /** Path of the error log on the instance. @default "/var/log/httpd/error_log" */
  errorLogPath?: string;
  /** Namespace of the memory and disk metrics. @default "Cafe/Host" */
  metricsNamespace?: string;
  /** Seconds between metric samples. @default 60 */
  metricsIntervalSeconds?: number;
  /** How the agent reads timestamps it parses: `UTC` (the instance's clock is UTC on AL2023) or `Local`. @default "UTC" */
  timezone?: "Local" | "UTC";
}

/** The defaults of CafeAgentConfigInput, written once. */
export const CAFE_AGENT_DEFAULTS = {
  accessLogPath: "/var/log/httpd/access_log",
  errorLogPath: "/var/log/httpd/error_log",
  metricsNamespace: "Cafe/Host",
  metricsIntervalSeconds: 60,
  timezone: "UTC" as "Local" | "UTC",
} as const;

/**
 * Apache's `%t` timestamp, as the agent's `timestamp_format` spells it: the agent stamps each event
 * with the request time written in the line instead of the time it read the line, so a burst
 * shipped late still lands in the right minute of the metric filters.
 */
export const APACHE_ACCESS_TIMESTAMP = "%d/%b/%Y:%H:%M:%S %z";
/** Apache 2.4's error-log timestamp: `[Wed Oct 11 14:32:52.123456 2000]`. */
export const APACHE_ERROR_TIMESTAMP = "%a %b %d %H:%M:%S.%f %Y";

/** The agent configuration of the café instance. */
export function cafeAgentConfig(input: CafeAgentConfigInput): AgentConfig {
  const d = CAFE_AGENT_DEFAULTS;
  const interval = input.metricsIntervalSeconds ?? d.metricsIntervalSeconds;
  const timezone = input.timezone ?? d.timezone;
  return {
    agent: {
      metrics_collection_interval: interval,
      logfile: "/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log",
      // Apache's logs are root-readable only on AL2023
      run_as_user: "root",
    },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            {
              file_path: input.accessLogPath ?? d.accessLogPath,
              log_group_name: input.accessLogGroup,
              // the agent substitutes the instance id: one stream per instance
              log_stream_name: "{instance_id}/access_log",
              timezone,
              timestamp_format: APACHE_ACCESS_TIMESTAMP,
            },
            {
              file_path: input.errorLogPath ?? d.errorLogPath,
              log_group_name: input.errorLogGroup,
              log_stream_name: "{instance_id}/error_log",
              timezone,
              timestamp_format: APACHE_ERROR_TIMESTAMP,
            },
          ],
        },
      },
      force_flush_interval: 5,
    },
    metrics: {
      namespace: input.metricsNamespace ?? d.metricsNamespace,
      append_dimensions: { InstanceId: "${aws:InstanceId}" },
      metrics_collected: {
        mem: { measurement: ["mem_used_percent"], metrics_collection_interval: interval },
        disk: { measurement: ["used_percent"], resources: ["/"], metrics_collection_interval: interval },
      },
    },
  };
}

/** The configuration as the agent reads it (what the SSM parameter holds). */
export function cafeAgentConfigJson(input: CafeAgentConfigInput): string {
  return JSON.stringify(cafeAgentConfig(input), null, 2);
}
