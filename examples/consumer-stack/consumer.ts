/**
 * A second Pulumi program, owned by another team: it reads the obskit stack's outputs through a
 * `StackReference` — typed and checked by the obskit stack-output contract (`StackOutputs`) — and
 * adds its own metric filter on the obskit order log group and its own alarm on the obskit alert
 * topic. It declares nothing in the obskit stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { STACK_OUTPUTS, type StackOutputs } from "../../stack/outputs";

/** Large payment failures: a failed payment of at least this amount. */
export const LARGE_AMOUNT = 500;
/** The filter on the obskit order log (the order worker's JSON lines). */
export const LARGE_PAYMENT_FAILURES_PATTERN = `{ $.event = "PAYMENT_FAILED" && $.amount >= ${LARGE_AMOUNT} }`;
export const CHECKOUT_NAMESPACE = "Checkout";
export const LARGE_PAYMENT_FAILURES_METRIC = "LargePaymentFailures";

/**
 * One output of the referenced stack, typed by the contract and checked against it when read: a
 * producer that broke the contract fails this stack's preview, naming the output.
 */
export function readOutput<K extends keyof StackOutputs>(
  ref: pulumi.StackReference,
  key: K,
): pulumi.Output<StackOutputs[K]> {
  return ref.requireOutput(key).apply((value: unknown) => {
    const parsed = STACK_OUTPUTS.shape[key].safeParse(value);
    if (!parsed.success)
      throw new Error(`output ${key} of the obskit stack breaks the contract: ${parsed.error.message}`);
    return parsed.data as StackOutputs[K];
  });
}

export interface ConsumerOutputs {
  obskitStack: string;
  alertTopicArn: pulumi.Output<string>;
  ordersLogGroupName: pulumi.Output<string>;
  alarmName: pulumi.Output<string>;
  alarmArn: pulumi.Output<string>;
}

export function createConsumer(config = new pulumi.Config()): ConsumerOutputs {
  const obskitStack = config.require("obskitStack");
  const obskit = new pulumi.StackReference("obskit", { name: obskitStack });
  const environment = readOutput(obskit, "environment");
  const alertTopicArn = readOutput(obskit, "alertTopicArn");
  const ordersLogGroupName = readOutput(obskit, "logGroupNames").apply((groups) => {
    const name = groups.orders;
    if (!name) throw new Error(`the obskit stack ${obskitStack} has no logGroupNames.orders`);
    return name;
  });

  const filter = new aws.cloudwatch.LogMetricFilter("large-payment-failures", {
    logGroupName: ordersLogGroupName,
    pattern: LARGE_PAYMENT_FAILURES_PATTERN,
    metricTransformation: {
      namespace: CHECKOUT_NAMESPACE,
      name: LARGE_PAYMENT_FAILURES_METRIC,
      value: "1",
      unit: "Count",
    },
  });
  const alarm = new aws.cloudwatch.MetricAlarm(
    "large-payment-failures-alarm",
    {
      name: pulumi.interpolate`${environment}-checkout-large-payment-failures`,
      alarmDescription: `Checkout: 3 or more failed payments of ${LARGE_AMOUNT} or more in 5 minutes (${obskitStack} order log)`,
      namespace: CHECKOUT_NAMESPACE,
      metricName: LARGE_PAYMENT_FAILURES_METRIC,
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 3,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      // the obskit alert topic: its policy admits this account's alarms
      alarmActions: [alertTopicArn],
      okActions: [alertTopicArn],
      tags: { team: "checkout", "obskit:stack": obskitStack },
    },
    { dependsOn: [filter] },
  );
  return { obskitStack, alertTopicArn, ordersLogGroupName, alarmName: alarm.name, alarmArn: alarm.arn };
}
