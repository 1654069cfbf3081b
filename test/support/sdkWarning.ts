/**
 * Loaded first by mocha (.mocharc.json): the tests run on Node 20, which the pinned AWS SDK
 * supports, so its NodeVersionSupportWarning is switched off as `cli/launch.js` does for the CLI.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { quietSdkNodeWarning } = require("../../cli/sdkWarning.js") as {
  quietSdkNodeWarning(env: NodeJS.ProcessEnv, version: string): void;
};

quietSdkNodeWarning(process.env, process.version);
