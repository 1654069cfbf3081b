#!/usr/bin/env node
/**
 * The `obskit` command. Each subcommand lives in `cli/commands/<name>.ts` and is loaded only when
 * it is asked for, so `obskit analyze` never pays for loading the Pulumi SDK.
 */
import type { Command } from "./command";

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, Entry> = {
  plan: {
    summary: "plan --stack <dev|prod> [--json]   run the stack offline under mocks and print its plan",
    load: () => import("./commands/plan"),
  },
  "test-pattern": {
    summary:
      "test-pattern '<pattern>' [--file events.txt]   match a CloudWatch Logs filter pattern against events",
    load: () => import("./commands/test-pattern"),
  },
  analyze: {
    summary:
      "analyze --file <path> | --bucket <b> --prefix <p> [--threshold N]   count ERRORs by service in JSON Lines",
    load: () => import("./commands/analyze"),
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  obskit ${c.summary}`);
  return ["usage:", ...lines].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`obskit: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  return command.run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`obskit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
