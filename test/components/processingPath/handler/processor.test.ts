import { BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { incidentIdFor } from "../../../../components/processingPath/handler/incidents";
import { MetricName } from "../../../../components/processingPath/handler/contract";
import { createHandler, processDelivery } from "../../../../components/processingPath/handler/processor";
import { Severity } from "../../../../components/processingPath/handler/severity";
import {
  captureOutput,
  createIncidentsTable,
  deliveryEvent,
  lambdaContext,
  localClient,
  metricValue,
  plain,
  sample,
  scanAll,
  testConfig,
  testDeps,
  useLocalDynamo,
} from "./helpers";

/** A DATA_MESSAGE with the given messages (event ids e1, e2, …). */
function delivery(messages: string[], logStream = "2026/11/23/[$LATEST]abc"): string {
  return JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/lambda/orders",
    logStream,
    subscriptionFilters: ["errors"],
    logEvents: messages.map((message, i) => ({ id: `e${i + 1}`, timestamp: 1_763_900_000_000 + i, message })),
  });
}

describe("log-processor: processing deliveries against DynamoDB (dynalite)", () => {
  const local = useLocalDynamo();

  it("stores the ERROR events of the raw base64+gzip sample with every documented attribute", async () => {
    const table = await createIncidentsTable(local.client);
    const event = JSON.parse(sample("aws-lambda-go_cloudwatch-logs-event.json")) as unknown;
    const now = new Date("2026-11-23T10:00:00.000Z");

    const summary = await processDelivery(
      event,
      testDeps(local.client, testConfig(table), { now: () => now }),
    );

    expect(summary).to.include({ events: 2, incidents: 2, stored: 2, alreadyStored: 0 });
    const items = (await scanAll(local.client, table)).map(plain);
    const first = items.find((i) => i.eventId === "eventId1");
    expect(first).to.deep.equal({
      incidentId: incidentIdFor("testLogGroup", "testLogStream", "eventId1"),
      logGroup: "testLogGroup",
      logStream: "testLogStream",
      eventId: "eventId1",
      timestamp: "2015-08-24T19:03:07.000Z",
      severity: "ERROR",
      message: "[ERROR] First test message",
      truncated: false,
      messageBytes: 26,
      firstSeenAt: "2026-11-23T10:00:00.000Z",
      expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86_400,
      sourceAccount: "123456789123",
      subscriptionFilters: ["testFilter"],
    });
    expect(items.map((i) => i.message).sort()).to.deep.equal([
      "[ERROR] First test message",
      "[ERROR] Second test message",
    ]);
  });

  it("stores the AWS documentation samples (no level in them) once MIN_SEVERITY is INFO", async () => {
    const table = await createIncidentsTable(local.client);
    const deps = testDeps(local.client, testConfig(table, { minSeverity: Severity.INFO }));

    const lambda = await processDelivery(deliveryEvent(sample("docs_lambda_example_decoded.json")), deps);
    const devguide = await processDelivery(
      deliveryEvent(sample("lambda_devguide_example_decoded.json")),
      deps,
    );

    expect([lambda.stored, devguide.stored]).to.deep.equal([3, 1]);
    const items = (await scanAll(local.client, table)).map(plain);
    expect(items).to.have.length(4);
    expect(items.filter((i) => i.logGroup === "CloudTrail").map((i) => i.sourceAccount)).to.deep.equal([
      "123456789012",
      "123456789012",
      "123456789012",
    ]);
    const report = items.find((i) => i.logGroup === "/aws/lambda/echo-nodejs");
    expect(report?.message).to.match(/^REPORT RequestId: 6234bffe/);
    expect(report?.severity).to.equal("INFO");
  });

  it("stores the ERROR-threshold docs samples not at all: their messages name no level", async () => {
    const table = await createIncidentsTable(local.client);

    const summary = await processDelivery(
      deliveryEvent(sample("docs_kinesis_example_decoded.json")),
      testDeps(local.client, testConfig(table)),
    );

    expect(summary).to.include({ events: 3, incidents: 0, stored: 0 });
    expect(summary.requests).to.deep.equal({ batchGet: 0, batchWrite: 0 });
    expect(await scanAll(local.client, table)).to.have.length(0);
  });

  it("stores a delivery that repeats one event id (the cross-account sample) once", async () => {
    const table = await createIncidentsTable(local.client);

    const summary = await processDelivery(
      deliveryEvent(sample("docs_cross_account_validate_flow_decoded.json")),
      testDeps(local.client, testConfig(table, { minSeverity: Severity.INFO })),
    );

    expect(summary).to.include({ events: 3, incidents: 1, stored: 1 });
    expect(await scanAll(local.client, table)).to.have.length(1);
  });

  it("processes each record of the multi-record sample as its own delivery", async () => {
    const table = await createIncidentsTable(local.client);
    const deps = testDeps(local.client, testConfig(table, { minSeverity: Severity.INFO }));

    for (const line of sample("otel-contrib_cwlog_multiple_records.ndjson").trim().split("\n")) {
      await processDelivery(deliveryEvent(line), deps);
    }

    const messages = (await scanAll(local.client, table)).map((i) => plain(i).message).sort();
    expect(messages).to.deep.equal([
      "Hello world, here is our first log message!",
      "Hello world, here is our second log message!",
    ]);
  });

  it("keeps one item per incident and the first-seen time when a delivery arrives twice", async () => {
    const table = await createIncidentsTable(local.client);
    const event = deliveryEvent(delivery(Array.from({ length: 60 }, (_, i) => `ERROR failure ${i}`)));
    const first = new Date("2026-11-23T10:00:00.000Z");
    const later = new Date("2026-11-23T10:05:00.000Z");

    // Act: the same delivery twice, five minutes apart
    const one = await processDelivery(event, testDeps(local.client, testConfig(table), { now: () => first }));
    const two = await processDelivery(event, testDeps(local.client, testConfig(table), { now: () => later }));

    // Assert: the second pass wrote nothing and the stored times are the first ones
    expect(one).to.include({ stored: 60, alreadyStored: 0 });
    expect(one.requests).to.deep.equal({ batchGet: 1, batchWrite: 3 });
    expect(two).to.include({ stored: 0, alreadyStored: 60 });
    expect(two.requests).to.deep.equal({ batchGet: 1, batchWrite: 0 });
    const items = (await scanAll(local.client, table)).map(plain);
    expect(items).to.have.length(60);
    expect(new Set(items.map((i) => i.firstSeenAt))).to.deep.equal(new Set([first.toISOString()]));
    expect(new Set(items.map((i) => i.expiresAt))).to.deep.equal(
      new Set([first.getTime() / 1000 + 30 * 86_400]),
    );
  });

  it("ignores a CONTROL_MESSAGE without any DynamoDB request", async () => {
    const table = await createIncidentsTable(local.client);
    const deps = testDeps(local.client, testConfig(table, { minSeverity: Severity.TRACE }), {}, "INFO");

    const run = await captureOutput(() =>
      processDelivery(deliveryEvent(sample("otel-contrib_cwlog_only_control.json")), deps),
    );
    deps.metrics.publishStoredMetrics();

    expect(run.value).to.include({ messageType: "CONTROL_MESSAGE", stored: 0 });
    expect(run.value?.requests).to.deep.equal({ batchGet: 0, batchWrite: 0 });
    expect(run.records.some((r) => r.message === "Ignored CONTROL_MESSAGE")).to.equal(true);
    expect(await scanAll(local.client, table)).to.have.length(0);
  });

  for (const [what, event, expected] of [
    ["no awslogs.data", { Records: [] }, /awslogs\.data/],
    ["malformed base64", { awslogs: { data: "H4sI!!!!" } }, /not valid base64/],
    [
      "base64 of something that is not gzip",
      { awslogs: { data: Buffer.from("plain text!").toString("base64") } },
      /not a valid gzip stream/,
    ],
    ["gzip of something that is not JSON", deliveryEvent("{not json"), /not JSON/],
    [
      "JSON that is not a delivery",
      deliveryEvent(JSON.stringify({ messageType: "DATA_MESSAGE", logEvents: [{ id: 1 }] })),
      /not a CloudWatch Logs delivery[\s\S]*logGroup/,
    ],
    [
      "two concatenated records (Firehose framing)",
      deliveryEvent(sample("otel-contrib_cwlog_multiple_records.ndjson")),
      /not JSON/,
    ],
  ] as const) {
    it(`fails with a logged PayloadDecodeError and writes nothing for ${what}`, async () => {
      const table = await createIncidentsTable(local.client);
      const handler = createHandler(
        testDeps(local.client, testConfig(table, { minSeverity: Severity.TRACE })),
      );

      const run = await captureOutput(() => handler(event, lambdaContext()));

      expect((run.error as Error).name).to.equal("PayloadDecodeError");
      expect((run.error as Error).message).to.match(expected);
      const logged = run.records.find((r) => r.level === "ERROR");
      expect((logged?.error as { name?: string } | undefined)?.name).to.equal("PayloadDecodeError");
      expect(metricValue(run.records, MetricName.Failures)).to.equal(1);
      expect(await scanAll(local.client, table)).to.have.length(0);
    });
  }

  it("reports a write failure half-way as a failure, and the retried delivery completes the batch once", async () => {
    const table = await createIncidentsTable(local.client);
    const event = deliveryEvent(delivery(Array.from({ length: 100 }, (_, i) => `CRITICAL disk ${i} failed`)));
    const flaky = localClient(local.endpoint);
    let writes = 0;
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "BatchWriteItemCommand" && ++writes === 2) {
          throw Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
            name: "ValidationException",
          });
        }
        return next(args);
      },
      { step: "initialize", name: "failSecondBatchWrite" },
    );
    const firstSeen = new Date("2026-11-23T10:00:00.000Z");
    const firstRun = createHandler(
      testDeps(flaky, testConfig(table), { now: () => firstSeen, store: { concurrency: 1 } }),
    );

    // Act 1: the second of four batches is rejected
    const failed = await captureOutput(() => firstRun(event, lambdaContext()));

    // Assert 1: surfaced, with the progress made
    expect((failed.error as Error).name).to.equal("IncidentWriteError");
    expect((failed.error as { progress?: unknown }).progress).to.deep.equal({ written: 25, notWritten: 75 });
    expect(metricValue(failed.records, MetricName.Failures)).to.equal(1);
    expect(metricValue(failed.records, MetricName.IncidentsStored)).to.equal(25);
    expect(await scanAll(local.client, table)).to.have.length(25);

    // Act 2: Lambda's retry of the same event
    const retry = createHandler(
      testDeps(local.client, testConfig(table), { now: () => new Date("2026-11-23T10:01:00.000Z") }),
    );
    const done = await captureOutput(() => retry(event, lambdaContext("retry")));

    // Assert 2: the rest is stored, the first 25 keep their first-seen time
    expect(done.value).to.include({ stored: 75, alreadyStored: 25 });
    expect(done.value?.requests.batchWrite).to.equal(3);
    const items = (await scanAll(local.client, table)).map(plain);
    expect(items).to.have.length(100);
    expect(items.filter((i) => i.firstSeenAt === firstSeen.toISOString())).to.have.length(25);
    flaky.destroy();
  });

  it("retries UnprocessedItems until DynamoDB takes them", async () => {
    const table = await createIncidentsTable(local.client);
    const throttled = localClient(local.endpoint);
    let calls = 0;
    throttled.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "BatchWriteItemCommand" && ++calls === 1) {
          // Pretend DynamoDB only took the first 5 puts of the first request.
          const input = (args.input as BatchWriteItemCommand["input"]).RequestItems ?? {};
          const output = result.output as { UnprocessedItems?: unknown };
          output.UnprocessedItems = { [table]: (input[table] ?? []).slice(5) };
        }
        return result;
      },
      { step: "initialize", name: "partialFirstWrite" },
    );

    const summary = await processDelivery(
      deliveryEvent(delivery(Array.from({ length: 25 }, (_, i) => `ERROR ${i}`))),
      testDeps(throttled, testConfig(table)),
    );

    expect(summary).to.include({ stored: 25 });
    expect(summary.requests.batchWrite).to.equal(2);
    expect(await scanAll(local.client, table)).to.have.length(25);
    throttled.destroy();
  });

  it("publishes one SNS summary of the incidents at/above NOTIFY_MIN_SEVERITY", async () => {
    const table = await createIncidentsTable(local.client);
    const sns = new SNSClient({
      region: "us-east-1",
      credentials: { accessKeyId: "t", secretAccessKey: "t" },
    });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    const topic = "arn:aws:sns:us-east-1:123456789012:incidents";
    const deps = testDeps(
      local.client,
      testConfig(table, { notifyTopicArn: topic, notifyMinSeverity: Severity.CRITICAL }),
      { sns },
    );

    const summary = await processDelivery(
      deliveryEvent(
        delivery(["ERROR minor", '{"level":"fatal","msg":"db down"}', "CRITICAL cache lost", "INFO ok"]),
      ),
      deps,
    );

    expect(summary).to.include({ stored: 3, notified: true });
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).to.have.length(1);
    const input = calls[0].args[0].input;
    expect(input.TopicArn).to.equal(topic);
    expect(input.Subject).to.equal("[CRITICAL] 2 incidents in /aws/lambda/orders");
    expect(input.Message)
      .to.contain("db down")
      .and.contain("CRITICAL cache lost")
      .and.not.contain("ERROR minor");
    snsMock.restore();
  });

  it("fails the invocation when publishing fails, after the incidents are stored", async () => {
    const table = await createIncidentsTable(local.client);
    const sns = new SNSClient({
      region: "us-east-1",
      credentials: { accessKeyId: "t", secretAccessKey: "t" },
    });
    const snsMock = mockClient(sns);
    snsMock
      .on(PublishCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AuthorizationErrorException" }));
    const topic = "arn:aws:sns:us-east-1:123456789012:incidents";
    const handler = createHandler(
      testDeps(local.client, testConfig(table, { notifyTopicArn: topic }), { sns }),
    );

    const run = await captureOutput(() =>
      handler(deliveryEvent(delivery(["FATAL out of memory"])), lambdaContext()),
    );

    expect((run.error as Error).name).to.equal("NotificationError");
    expect(await scanAll(local.client, table)).to.have.length(1);
    snsMock.restore();
  });

  it("emits the EMF metrics of a processed delivery", async () => {
    const table = await createIncidentsTable(local.client);
    const handler = createHandler(testDeps(local.client, testConfig(table)));

    const run = await captureOutput(() =>
      handler(deliveryEvent(delivery(["ERROR a", "INFO b", "[ERROR] c", "WARN d"])), lambdaContext()),
    );

    expect(metricValue(run.records, MetricName.EventsProcessed)).to.equal(4);
    expect(metricValue(run.records, MetricName.IncidentsStored)).to.equal(2);
    expect(metricValue(run.records, MetricName.Failures)).to.equal(0);
    const emf = run.records.find((r) => r._aws !== undefined) as {
      _aws: { CloudWatchMetrics: { Namespace: string }[] };
    };
    expect(emf._aws.CloudWatchMetrics[0].Namespace).to.equal("obskit-test");
  });
});

describe("log-processor: throttling (aws-sdk-client-mock)", () => {
  it("retries a throttled BatchWriteItem and surfaces IncidentWriteError when it stays throttled", async () => {
    const client = new DynamoDBClient({
      region: "us-east-1",
      credentials: { accessKeyId: "t", secretAccessKey: "t" },
    });
    const mock = mockClient(client);
    mock.onAnyCommand().resolves({});
    mock
      .on(BatchWriteItemCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ProvisionedThroughputExceededException" }));
    const handler = createHandler(testDeps(client, testConfig("incidents")));

    const run = await captureOutput(() =>
      handler(deliveryEvent(delivery(["ERROR x", "ERROR y"])), lambdaContext()),
    );

    expect((run.error as Error).name).to.equal("IncidentWriteError");
    expect((run.error as Error).message).to.contain("ProvisionedThroughputExceededException");
    expect(mock.commandCalls(BatchWriteItemCommand)).to.have.length(3);
    mock.restore();
  });
});
