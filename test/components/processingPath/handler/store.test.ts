import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { buildIncidents, type Incident } from "../../../../components/processingPath/handler/incidents";
import { Severity } from "../../../../components/processingPath/handler/severity";
import {
  backoffMs,
  BATCH_GET_LIMIT,
  BATCH_WRITE_LIMIT,
  chunk,
  DEFAULT_RETRY,
  isRetryableError,
  storeIncidents,
  toItem,
} from "../../../../components/processingPath/handler/store";

function incidents(n: number): Incident[] {
  return buildIncidents(
    {
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "g",
      logStream: "s",
      subscriptionFilters: ["f"],
      logEvents: Array.from({ length: n }, (_, i) => ({
        id: String(i),
        timestamp: 0,
        message: `ERROR ${i}`,
      })),
    },
    { minSeverity: Severity.ERROR, maxMessageBytes: 1024, ttlDays: 1 },
    new Date(0),
  ).incidents;
}

const throttle = (): Error =>
  Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" });

describe("log-processor store", () => {
  const client = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  });
  const mock = mockClient(client);
  const sleeps: number[] = [];
  const options = {
    tableName: "incidents",
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  };

  beforeEach(() => {
    mock.reset();
    sleeps.length = 0;
    mock.on(BatchGetItemCommand).resolves({ Responses: { incidents: [] } });
    mock.on(BatchWriteItemCommand).resolves({});
  });

  after(() => mock.restore());

  it("chunks in order, the last chunk holding the rest", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(chunk([], 25)).to.deep.equal([]);
    expect(chunk(Array.from({ length: 50 }), BATCH_WRITE_LIMIT).map((c) => c.length)).to.deep.equal([25, 25]);
    expect(() => chunk([1], 0)).to.throw(RangeError);
  });

  it("maps an incident to DynamoDB attribute values", () => {
    const [incident] = incidents(1);

    const item = toItem(incident);

    expect(item.incidentId).to.deep.equal({ S: incident.incidentId });
    expect(item.truncated).to.deep.equal({ BOOL: false });
    expect(item.messageBytes).to.deep.equal({ N: "7" });
    expect(item.expiresAt).to.deep.equal({ N: "86400" });
    expect(item.subscriptionFilters).to.deep.equal({ L: [{ S: "f" }] });
  });

  it("writes a fresh batch in exactly ceil(n/25) BatchWriteItem requests after ceil(n/100) reads", async () => {
    const result = await storeIncidents(client, incidents(251), options);

    expect(result.requests).to.deep.equal({ batchGet: 3, batchWrite: 11 });
    const sizes = mock
      .commandCalls(BatchWriteItemCommand)
      .map((c) => c.args[0].input.RequestItems?.incidents?.length);
    expect(sizes.sort((a, b) => (b ?? 0) - (a ?? 0))).to.deep.equal([...Array(10).fill(25), 1]);
    const keys = mock.commandCalls(BatchGetItemCommand).map((c) => c.args[0].input.RequestItems?.incidents);
    expect(keys.map((k) => k?.Keys?.length).sort()).to.deep.equal([100, 100, 51].sort());
    expect(keys[0]?.ConsistentRead).to.equal(true);
    expect(BATCH_GET_LIMIT).to.equal(100);
  });

  it("writes only the incidents the table does not have yet", async () => {
    const all = incidents(3);
    mock
      .on(BatchGetItemCommand)
      .resolves({ Responses: { incidents: [{ incidentId: { S: all[1].incidentId } }] } });

    const result = await storeIncidents(client, all, options);

    expect(result.stored.map((i) => i.eventId)).to.deep.equal(["0", "2"]);
    expect(result.alreadyStored.map((i) => i.eventId)).to.deep.equal(["1"]);
    const written = mock.commandCalls(BatchWriteItemCommand)[0].args[0].input.RequestItems?.incidents ?? [];
    expect(written.map((w) => w.PutRequest?.Item?.eventId?.S)).to.deep.equal(["0", "2"]);
  });

  it("makes no request for zero incidents", async () => {
    const result = await storeIncidents(client, [], options);

    expect(result.requests).to.deep.equal({ batchGet: 0, batchWrite: 0 });
    expect(mock.calls()).to.have.length(0);
  });

  it("resends only the UnprocessedItems, with growing backoff", async () => {
    const all = incidents(3);
    const items = all.map((i) => ({ PutRequest: { Item: toItem(i) } }));
    mock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { incidents: items.slice(1) } })
      .resolvesOnce({ UnprocessedItems: { incidents: items.slice(2) } })
      .resolves({});

    const result = await storeIncidents(client, all, options);

    const sent = mock
      .commandCalls(BatchWriteItemCommand)
      .map((c) => c.args[0].input.RequestItems?.incidents?.length);
    expect(sent).to.deep.equal([3, 2, 1]);
    expect(result.stored).to.have.length(3);
    expect(sleeps).to.deep.equal([
      backoffMs(1, DEFAULT_RETRY, () => 0.5),
      backoffMs(2, DEFAULT_RETRY, () => 0.5),
    ]);
    expect(sleeps[1]).to.be.greaterThan(sleeps[0]);
  });

  it("fails with IncidentWriteError when items stay unprocessed after every attempt", async () => {
    const all = incidents(2);
    mock.on(BatchWriteItemCommand).resolves({
      UnprocessedItems: { incidents: all.slice(1).map((i) => ({ PutRequest: { Item: toItem(i) } })) },
    });

    const error = await storeIncidents(client, all, options).then(
      () => undefined,
      (e: unknown) => e as Error & { progress?: unknown },
    );

    expect(error?.name).to.equal("IncidentWriteError");
    expect(error?.progress).to.deep.equal({ written: 1, notWritten: 1 });
    expect(mock.commandCalls(BatchWriteItemCommand)).to.have.length(DEFAULT_RETRY.maxAttempts);
  });

  it("retries a throttled write and succeeds when throttling stops", async () => {
    mock.on(BatchWriteItemCommand).rejectsOnce(throttle()).resolves({});

    const result = await storeIncidents(client, incidents(2), options);

    expect(result.stored).to.have.length(2);
    expect(result.requests.batchWrite).to.equal(2);
  });

  it("does not retry an error that retrying cannot fix", async () => {
    mock
      .on(BatchWriteItemCommand)
      .rejects(Object.assign(new Error("no such table"), { name: "ResourceNotFoundException" }));

    const error = await storeIncidents(client, incidents(2), options).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    expect(error?.name).to.equal("IncidentWriteError");
    expect(error?.message).to.contain("ResourceNotFoundException");
    expect(mock.commandCalls(BatchWriteItemCommand)).to.have.length(1);
  });

  it("retries UnprocessedKeys of the look-up, and fails with IncidentLookupError (writing nothing) when they persist", async () => {
    const all = incidents(2);
    const keys = all.map((i) => ({ incidentId: { S: i.incidentId } }));
    mock
      .on(BatchGetItemCommand)
      .resolves({ Responses: { incidents: [] }, UnprocessedKeys: { incidents: { Keys: keys } } });

    const error = await storeIncidents(client, all, options).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    expect(error?.name).to.equal("IncidentLookupError");
    expect(mock.commandCalls(BatchGetItemCommand)).to.have.length(DEFAULT_RETRY.maxAttempts);
    expect(mock.commandCalls(BatchWriteItemCommand)).to.have.length(0);
  });

  it("classifies throttling and transient errors as retryable", () => {
    expect(isRetryableError(throttle())).to.equal(true);
    expect(isRetryableError(Object.assign(new Error("x"), { name: "Whatever", $retryable: {} }))).to.equal(
      true,
    );
    expect(isRetryableError(Object.assign(new Error("x"), { name: "ValidationException" }))).to.equal(false);
    expect(isRetryableError("ThrottlingException")).to.equal(false);
  });

  it("bounds every backoff by maxDelayMs", () => {
    expect(backoffMs(30, DEFAULT_RETRY, () => 0.999)).to.be.at.most(DEFAULT_RETRY.maxDelayMs);
    expect(backoffMs(1, DEFAULT_RETRY, () => 0)).to.equal(0);
  });
});
