import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

function deploy(...args: string[]) {
  return spawnSync("bash", ["scripts/deploy.sh", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "" },
  });
}

describe("npm run deploy (the real pulumi up path)", () => {
  it("checks the stack offline, then runs pulumi up on a local file backend with passphrase secrets and the policy pack", () => {
    const r = deploy("--stack", "prod", "--dry-run", "--", "--yes");
    expect(r.status, r.stderr).to.equal(0);
    const commands = r.stderr.split("\n").filter((l) => l.startsWith("+ "));
    // the pack config the plan wrote for this stack, a temporary file removed on exit
    const configFile = /--policy-pack-config (\S+\.policy-pack-config\.json) --yes/.exec(r.stderr)?.[1];
    expect(configFile, r.stderr).to.be.a("string");
    expect(commands).to.deep.equal([
      "+ obskit plan --stack prod --policy-pack-config <tmp>",
      `+ mkdir -p ${ROOT}/.pulumi-state`,
      `+ node_modules/.bin/pulumi login file://${ROOT}/.pulumi-state`,
      "+ node_modules/.bin/pulumi stack select prod --create --secrets-provider passphrase",
      `+ node_modules/.bin/pulumi up --stack prod --policy-pack policy --policy-pack-config ${configFile} --yes`,
    ]);
  });

  it("previews with --preview", () => {
    const r = deploy("--stack", "dev", "--preview", "--dry-run");
    expect(r.stderr).to.match(
      /\+ node_modules\/\.bin\/pulumi preview --stack dev --policy-pack policy --policy-pack-config \S+/,
    );
  });

  it("refuses an unknown stack or a missing --stack with exit code 2", () => {
    expect(deploy("--stack", "qa").status).to.equal(2);
    expect(deploy().status).to.equal(2);
  });

  it("says what is wrong, with the usage, when --stack has no value (exit code 2)", () => {
    for (const args of [["--stack"], ["--stack="], ["--stack", "--preview"]]) {
      const r = deploy(...args);
      expect(r.status, args.join(" ")).to.equal(2);
      expect(r.stderr).to.contain("deploy: --stack needs a value (dev or prod)");
      expect(r.stderr).to.contain("usage: npm run deploy -- --stack <dev|prod>");
    }
  });

  it("prints its usage and exits 0 for --help and -h", () => {
    for (const flag of ["--help", "-h"]) {
      const r = deploy(flag);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^usage: npm run deploy -- --stack <dev\|prod>/);
    }
  });

  it("refuses to deploy without a secrets passphrase, before spending time on the offline plan", () => {
    const r = deploy("--stack", "dev");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("PULUMI_CONFIG_PASSPHRASE");
    expect(r.stderr).not.to.contain("+ obskit plan");
  });

  it("refuses an unreadable passphrase file, before the plan", () => {
    const r = spawnSync("bash", ["scripts/deploy.sh", "--stack", "dev"], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_CONFIG_PASSPHRASE_FILE: "/nonexistent/pass",
      },
    });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("PULUMI_CONFIG_PASSPHRASE_FILE=/nonexistent/pass is not a readable file");
    expect(r.stderr).not.to.contain("+ obskit plan");
  });
});
