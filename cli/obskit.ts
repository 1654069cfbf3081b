#!/usr/bin/env node
/**
 * The `obskit` command. Each subcommand lives in `cli/commands/<name>.ts` and is loaded only when
 * it is asked for, so `obskit analyze` never pays for loading the Pulumi SDK.
 */
import { processIo, reportFailure, type Command, type CommandIo } from "./command";

interface Entry {
  summary: string;
  /** Loads the command's module on first use (plain `require`: it works under tsx and mocha alike). */
  load: () => Command;
}

export const COMMANDS: Readonly<Record<string, Entry>> = {
  plan: {
    summary: "plan --stack <dev|prod> [--json]   run the stack offline under mocks and print its plan",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/plan") as Command,
  },
  "test-pattern": {
    summary:
      "test-pattern '<pattern>' [--file events.txt]   match a CloudWatch Logs filter pattern against events",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/test-pattern") as Command,
  },
  analyze: {
    summary:
      "analyze --file <path> | --bucket <b> --prefix <p> [--threshold N]   count ERRORs by service in JSON Lines",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/analyze") as Command,
  },
  dashboard: {
    summary:
      "dashboard --stack <dev|prod> --out <dir> [--data <file.json>]   write an HTML preview of each dashboard",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/dashboard") as Command,
  },
  verify: {
    summary:
      "verify --stack <name> [--fire [--alarm <key>]] [--json]   check a deployed stack against its plan (needs AWS credentials)",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/verify") as Command,
  },
  replay: {
    summary:
      "replay --stack <dev|prod> [--scenario <name>…] [--file <f> --log-group <g> [--rate n]] [--json] [--out <dir>]   replay logs offline: every alarm evaluated",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/replay") as Command,
  },
  cost: {
    summary:
      "cost --stack <name> [--ingest-gb-per-day N] [--json]   estimate the stack's monthly AWS bill per line item",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => require("./commands/cost") as Command,
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  obskit ${c.summary}`);
  return ["usage:", ...lines].join("\n");
}

export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? io.stdout : io.stderr)(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(
      `obskit: unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(", ")} (obskit --help shows their usage)\n`,
    );
    return 2;
  }
  try {
    return await entry.load().run(rest, io);
  } catch (err) {
    // what a command did not report itself: one line for the user's mistakes, a bug report otherwise
    return reportFailure(io, name, rest, err, { json: rest.includes("--json") });
  }
}

if (require.main === module) {
  // a reader that went away (`obskit plan --stack dev | head`) ends the run quietly
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = reportFailure(processIo, process.argv[2] ?? "", process.argv.slice(3), err);
    },
  );
}
