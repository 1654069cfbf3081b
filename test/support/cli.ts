import { PassThrough } from "node:stream";

/** What an in-process CLI run returned and wrote. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI in-process with captured stdout and stderr: `run` gets the streams to write to. */
export async function captureCli(
  run: (io: { stdout: PassThrough; stderr: PassThrough }) => Promise<number>,
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString()));
  stderr.on("data", (c: Buffer) => err.push(c.toString()));
  const code = await run({ stdout, stderr });
  return { code, stdout: out.join(""), stderr: err.join("") };
}
