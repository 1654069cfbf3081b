import { expect } from "chai";
import { COMMANDS, main } from "../../cli/obskit";
import { BUILT_IN_SCENARIOS, STANDARD_SCENARIO_NAMES } from "../../cli/replay/scenarios";

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

  it("lists every built-in scenario in replay --help, the standard set marked", async () => {
    const r = await obskit("replay", "--help");
    const standard = new Set<string>(STANDARD_SCENARIO_NAMES);
    for (const s of BUILT_IN_SCENARIOS) {
      const line = r.stdout.split("\n").find((l) => l.slice(4).startsWith(`${s.name} `));
      expect(line, s.name).to.be.a("string");
      expect(line?.startsWith(standard.has(s.name) ? "  * " : "    "), s.name).to.equal(true);
    }
  });
});
