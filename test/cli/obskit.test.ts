import { expect } from "chai";
import { COMMANDS, main } from "../../cli/obskit";

async function obskit(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe("obskit (the command)", () => {
  for (const name of Object.keys(COMMANDS))
    for (const flag of ["--help", "-h"])
      it(`${name} ${flag} prints its usage on stdout and exits 0`, async () => {
        const r = await obskit(name, flag);
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout).to.match(new RegExp(`^usage: obskit ${name} `));
        expect(r.stderr).to.equal("");
      });

  it("lists the commands for --help, and refuses an unknown command with exit code 2", async () => {
    const help = await obskit("--help");
    expect(help.status).to.equal(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).to.contain(`obskit ${name} `);
    const r = await obskit("deploy");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('obskit: unknown command "deploy"');
  });
});
