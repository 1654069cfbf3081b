import { createRequire } from "node:module";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import type { Context } from "aws-lambda";
import type { DeliverySummary } from "../../../../components/processingPath/handler/processor";
import {
  captureOutput,
  createIncidentsTable,
  lambdaContext,
  localClient,
  sample,
  scanAll,
  startDynalite,
  type LocalDynamo,
} from "./helpers";

type Handler = (event: unknown, context: Context) => Promise<DeliverySummary>;

describe("log-processor handler.ts (the deployed entry, configured from the environment)", () => {
  const saved = { ...process.env };
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let table: string;
  let handler: Handler;

  before(async () => {
    dynamo = await startDynalite();
    client = localClient(dynamo.endpoint);
    table = await createIncidentsTable(client);
    Object.assign(process.env, {
      TABLE_NAME: table,
      MIN_SEVERITY: "error",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      POWERTOOLS_LOG_LEVEL: "WARN",
    });
    // Loaded after the environment is set: configuration and clients are built at module load (cold start).
    handler = (
      createRequire(__filename)("../../../../components/processingPath/handler/handler") as {
        handler: Handler;
      }
    ).handler;
  });

  after(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    client.destroy();
    await dynamo.stop();
  });

  it("stores the real sample's incidents through the module-level clients, once across two deliveries", async () => {
    const event = JSON.parse(sample("aws-lambda-go_cloudwatch-logs-event.json")) as unknown;

    const first = await captureOutput(() => handler(event, lambdaContext("r1")));
    const second = await captureOutput(() => handler(event, lambdaContext("r2")));

    expect(first.value).to.include({ stored: 2, alreadyStored: 0 });
    expect(second.value).to.include({ stored: 0, alreadyStored: 2 });
    expect(await scanAll(client, table)).to.have.length(2);
  });
});
