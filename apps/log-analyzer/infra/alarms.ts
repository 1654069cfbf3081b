import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Metric, type AlarmSpec } from "../../../components";
import { LOG_ANALYZER_DEFAULTS, type AnalyzerContext } from "./args";

/**
 * The analyzer's alarms, added to the stack's AlertingPath (so they are in its outputs): 5xx the
 * load balancer generates, 5xx from the tasks, and the scheduled run's error count at the threshold.
 */
export function analyzerAlarms(
  ctx: AnalyzerContext,
  alb: aws.lb.LoadBalancer,
  errorMetric: Metric,
): Record<string, pulumi.Output<string>> {
  const { name, parent, args } = ctx;
  const http5xx = args.http5xxThreshold ?? LOG_ANALYZER_DEFAULTS.http5xxThreshold;
  const lbMetric = (metricName: string) =>
    new Metric({
      namespace: "AWS/ApplicationELB",
      name: metricName,
      dimensions: { LoadBalancer: alb.arnSuffix },
      statistic: "Sum",
      periodSeconds: 300,
    });
  const alarm = (key: string, role: string, spec: Omit<AlarmSpec, "name">) =>
    args.alerting.addAlarm(
      { name: `${name}-${role}`, ...spec },
      { key, parent, resourceName: `${name}-${role}` },
    );
  const alarms = {
    Elb5xx: alarm("AnalyzerElb5xx", "elb-5xx", {
      metric: lbMetric("HTTPCode_ELB_5XX_Count"),
      threshold: http5xx,
    }),
    Target5xx: alarm("AnalyzerTarget5xx", "target-5xx", {
      metric: lbMetric("HTTPCode_Target_5XX_Count"),
      threshold: http5xx,
    }),
    AnalyzerErrors: alarm("AnalyzerErrors", "errors", {
      metric: errorMetric,
      threshold: args.errorThreshold ?? LOG_ANALYZER_DEFAULTS.errorThreshold,
      description: "ERROR lines in the latest JSONL object reached the threshold",
    }),
  };
  return Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.name]));
}
