/**
 * The café instance's user data: install Apache, PHP and the CloudWatch agent from the Amazon Linux
 * 2023 repositories, install the café's pages under /var/www/html/cafe, start Apache, and start
 * the agent with its configuration read from an SSM parameter (so changing the configuration is a
 * parameter update plus `amazon-cloudwatch-agent-ctl -a fetch-config`, not a new instance).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where the café's PHP pages live in this repository. */
export const SITE_DIR = join(__dirname, "..", "site");
/** Where Apache serves them from: http://<host>/cafe/. */
export const DOCUMENT_DIR = "/var/www/html/cafe";
/** The CloudWatch agent's control script on Amazon Linux. */
export const AGENT_CTL = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";

/** The café's pages, by file name (sorted, so the user data is stable). */
export function sitePages(dir: string = SITE_DIR): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".php"))
    .sort())
    pages[f] = readFileSync(join(dir, f), "utf8");
  return pages;
}

const SAFE_PARAMETER = /^[A-Za-z0-9_.\-/]{1,1011}$/;
const SAFE_FILE = /^[A-Za-z0-9_.-]+$/;

/** The user data script (bash, run once as root at first boot). */
export function cafeUserData(args: {
  agentConfigParameter: string;
  /**
   * A digest of the agent configuration, written into the script: the instance is declared with
   * `userDataReplaceOnChange`, so a new configuration reaches a new instance that reads it at boot.
   */
  agentConfigDigest?: string;
  pages?: Record<string, string>;
}): string {
  if (!SAFE_PARAMETER.test(args.agentConfigParameter))
    throw new Error(`not an SSM parameter name: ${JSON.stringify(args.agentConfigParameter)}`);
  const pages = args.pages ?? sitePages();
  const install = Object.entries(pages).map(([file, text]) => {
    if (!SAFE_FILE.test(file)) throw new Error(`not a page file name: ${JSON.stringify(file)}`);
    // base64: page text never meets the shell's quoting rules
    return `echo '${Buffer.from(text, "utf8").toString("base64")}' | base64 -d > ${DOCUMENT_DIR}/${file}`;
  });
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "exec > >(tee -a /var/log/cafe-user-data.log) 2>&1",
    ...(args.agentConfigDigest ? [`# agent configuration ${args.agentConfigDigest}`] : []),
    "",
    "# Apache, PHP and the CloudWatch agent (the SSM agent ships with Amazon Linux 2023)",
    "dnf install -y httpd php amazon-cloudwatch-agent",
    "",
    "# the café's pages",
    `install -d -m 0755 ${DOCUMENT_DIR}`,
    ...install,
    `chown -R root:apache ${DOCUMENT_DIR}`,
    `chmod 0644 ${DOCUMENT_DIR}/*.php`,
    "",
    "# Apache's default CustomLog is the combined format, in /var/log/httpd/access_log",
    "systemctl enable --now httpd php-fpm",
    "",
    "# the agent, configured from the SSM parameter the stack writes",
    `${AGENT_CTL} -a fetch-config -m ec2 -s -c ssm:${args.agentConfigParameter}`,
    "",
  ].join("\n");
}
