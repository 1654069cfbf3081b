"use strict";
/**
 * Run by `cli/launch.js` before the CLI starts (plain JavaScript, like the launcher: nothing to
 * compile first).
 */
const fs = require("node:fs");
const path = require("node:path");

/** The AWS SDK's documented switch for its NodeVersionSupportWarning. */
const SDK_NODE_WARNING = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/**
 * The AWS SDK for JavaScript v3 prints a NodeVersionSupportWarning on every Node below 22: its
 * releases published after the first week of January 2027 will need Node 22. The releases
 * package-lock.json pins declare `engines: node >=20` and are tested here on Node 20, so on a Node
 * that package.json's `engines` allows the warning says nothing about this installation; it is
 * switched off with the SDK's own variable, unless the user has set that variable either way. An SDK
 * upgrade that drops Node 20 shows up in `npm ci` (EBADENGINE) before it reaches a user.
 */
function quietSdkNodeWarning(env, version) {
  if (env[SDK_NODE_WARNING] !== undefined) return;
  const range = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(
    JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).engines?.node ?? "",
  );
  const v = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!range || !v) return;
  const [a, b] = [v, range].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
  const supported = a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];
  if (supported) env[SDK_NODE_WARNING] = "true";
}

module.exports = { SDK_NODE_WARNING, quietSdkNodeWarning };
