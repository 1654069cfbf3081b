import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A Lambda function fed by a log group's subscription filter, and where its failed deliveries go. */
export interface LogSubscriberArgs {
  /** The subscribed function. */
  function: aws.lambda.Function;
  /** The log group it reads: name, and ARN without the trailing `:*`. */
  source: { logGroupName: pulumi.Input<string>; logGroupArn: pulumi.Input<string> };
  /** Name of the subscription filter (a log group has at most two). */
  filterName: pulumi.Input<string>;
  /** Events delivered to the function; `""` for every event. */
  filterPattern: pulumi.Input<string>;
  /** Asynchronous retries of a failed delivery (0 to 2). */
  maximumRetryAttempts: pulumi.Input<number>;
  /** Age in seconds after which an undelivered event is given up. */
  maximumEventAgeSeconds: pulumi.Input<number>;
  /** ARN of the dead-letter queue that receives a delivery once retries are exhausted. */
  deadLetterArn: pulumi.Input<string>;
  /** The stack's region and account: only CloudWatch Logs there may invoke the function. */
  region: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
}

/**
 * The one way a component wires a Lambda function to a log group, children of `opts.parent`:
 * `<name>-async` (bounded retries, then the failed delivery to the dead-letter queue; created after
 * `opts.asyncDependsOn`), `<name>-invoke` (only CloudWatch Logs of this account, for this log group,
 * may invoke the function) and `<name>-subscription` (created after that permission).
 */
export function subscribeFunction(
  name: string,
  args: LogSubscriberArgs,
  opts: { parent: pulumi.Resource; asyncDependsOn?: pulumi.Resource[] },
): aws.cloudwatch.LogSubscriptionFilter {
  const fn = args.function;
  new aws.lambda.FunctionEventInvokeConfig(
    `${name}-async`,
    {
      functionName: fn.name,
      maximumRetryAttempts: args.maximumRetryAttempts,
      maximumEventAgeInSeconds: args.maximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: args.deadLetterArn } },
    },
    { parent: opts.parent, dependsOn: opts.asyncDependsOn },
  );
  const permission = new aws.lambda.Permission(
    `${name}-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: fn.name,
      principal: pulumi.interpolate`logs.${args.region}.amazonaws.com`,
      sourceArn: pulumi.interpolate`${args.source.logGroupArn}:*`,
      sourceAccount: args.accountId,
    },
    { parent: opts.parent },
  );
  return new aws.cloudwatch.LogSubscriptionFilter(
    `${name}-subscription`,
    {
      name: args.filterName,
      logGroup: args.source.logGroupName,
      filterPattern: args.filterPattern,
      destinationArn: fn.arn,
    },
    { parent: opts.parent, dependsOn: [permission] },
  );
}
