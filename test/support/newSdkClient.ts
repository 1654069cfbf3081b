/**
 * Creates an AWS SDK client and exits, as every command that talks to AWS (or to the replay's local
 * DynamoDB) does first: where the SDK prints its NodeVersionSupportWarning. Run through
 * `node cli/launch.js --entry test/support/newSdkClient.ts` by test/cli/launch.test.ts.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";

const client = new CloudWatchClient({ region: "eu-west-1" });
client.destroy();
process.stdout.write("client created\n");
