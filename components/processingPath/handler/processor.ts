/**
 * One delivery, end to end: decode → incidents → idempotent store → optional SNS summary, with
 * Powertools logs and EMF metrics. `createHandler` binds it to clients created once per container.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import type { ProcessorConfig } from "./config";
import { MetricName } from "./contract";
import { decodeDelivery, MessageType } from "./decode";
import { ConfigError, type WriteProgress } from "./errors";
import { buildIncidents } from "./incidents";
import { publishSummary, summariseIncidents } from "./notify";
import { storeIncidents, type RequestCounts, type StoreOptions } from "./store";

/** What the processor is built from; created once per container by handler.ts. */
export interface ProcessorDeps {
  /** Validated configuration. */
  readonly config: ProcessorConfig;
  /** DynamoDB client (BatchGetItem, BatchWriteItem). */
  readonly dynamo: DynamoDBClient;
  /** SNS client; required only when `config.notifyTopicArn` is set. @default undefined */
  readonly sns?: SNSClient;
  /** Powertools logger. */
  readonly logger: Logger;
  /** Powertools metrics (published after every invocation). */
  readonly metrics: Metrics;
  /** Clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Store tuning (tests shorten the backoff). @default DEFAULT_RETRY, concurrency 4 */
  readonly store?: Omit<StoreOptions, "tableName">;
}

/** The outcome of one delivery (the Lambda's return value). */
export interface DeliverySummary {
  /** DATA_MESSAGE or CONTROL_MESSAGE. */
  readonly messageType: MessageType;
  /** Source log group ("" for a control message). */
  readonly logGroup: string;
  /** Log events in the delivery. */
  readonly events: number;
  /** Distinct incidents in the delivery (events at/above MIN_SEVERITY). */
  readonly incidents: number;
  /** Incidents written now. */
  readonly stored: number;
  /** Incidents an earlier delivery had stored. */
  readonly alreadyStored: number;
  /** Whether an SNS summary was published. */
  readonly notified: boolean;
  /** DynamoDB requests made. */
  readonly requests: RequestCounts;
}

/** Processes one delivery. Throws a `LogProcessorError` for bad input or failed writes. */
export async function processDelivery(event: unknown, deps: ProcessorDeps): Promise<DeliverySummary> {
  const { config, logger, metrics } = deps;
  const delivery = decodeDelivery(event);
  if (delivery.messageType === MessageType.CONTROL) {
    metrics.addMetric(MetricName.ControlMessages, MetricUnit.Count, 1);
    logger.info("Ignored CONTROL_MESSAGE", { owner: delivery.owner, events: delivery.logEvents.length });
    return {
      messageType: delivery.messageType,
      logGroup: delivery.logGroup,
      events: delivery.logEvents.length,
      incidents: 0,
      stored: 0,
      alreadyStored: 0,
      notified: false,
      requests: { batchGet: 0, batchWrite: 0 },
    };
  }

  const built = buildIncidents(delivery, config, (deps.now ?? (() => new Date()))());
  const result = await storeIncidents(deps.dynamo, built.incidents, {
    ...deps.store,
    tableName: config.tableName,
  });

  let notified = false;
  if (config.notifyTopicArn !== undefined) {
    const summary = summariseIncidents(
      built.incidents,
      config.notifyMinSeverity,
      new Set(result.stored.map((i) => i.incidentId)),
    );
    if (summary !== undefined) {
      if (deps.sns === undefined)
        throw new ConfigError("NOTIFY_TOPIC_ARN is set but no SNS client was provided");
      await publishSummary(deps.sns, config.notifyTopicArn, summary);
      notified = true;
      metrics.addMetric(MetricName.NotificationsPublished, MetricUnit.Count, 1);
    }
  }

  metrics.addMetric(MetricName.EventsProcessed, MetricUnit.Count, built.eventCount);
  metrics.addMetric(MetricName.IncidentsStored, MetricUnit.Count, result.stored.length);
  metrics.addMetric(MetricName.IncidentsAlreadyStored, MetricUnit.Count, result.alreadyStored.length);
  const summary: DeliverySummary = {
    messageType: delivery.messageType,
    logGroup: delivery.logGroup,
    events: built.eventCount,
    incidents: built.incidents.length,
    stored: result.stored.length,
    alreadyStored: result.alreadyStored.length,
    notified,
    requests: result.requests,
  };
  logger.info("Processed delivery", {
    ...summary,
    logStream: delivery.logStream,
    owner: delivery.owner,
    repeatedInDelivery: built.repeatedInDelivery,
  });
  return summary;
}

/**
 * The Lambda handler over `deps`. A failure is logged, counted (`Failures`) and rethrown, so
 * Lambda's asynchronous retries run and then the on-failure destination / DLQ receives the event.
 */
export function createHandler(
  deps: ProcessorDeps,
): (event: unknown, context: Context) => Promise<DeliverySummary> {
  return async (event, context) => {
    deps.logger.addContext(context);
    try {
      return await processDelivery(event, deps);
    } catch (error) {
      deps.metrics.addMetric(MetricName.Failures, MetricUnit.Count, 1);
      const progress = writeProgressOf(error);
      if (progress !== undefined && progress.written > 0) {
        deps.metrics.addMetric(MetricName.IncidentsStored, MetricUnit.Count, progress.written);
      }
      deps.logger.error(
        "Delivery failed; rethrowing so Lambda retries it and finally sends it to the on-failure destination",
        error instanceof Error ? error : new Error(String(error)),
      );
      throw error;
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}

function writeProgressOf(error: unknown): WriteProgress | undefined {
  if (!(error instanceof Error) || error.name !== "IncidentWriteError") return undefined;
  return (error as Error & { progress?: WriteProgress }).progress;
}
