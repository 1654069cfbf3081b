import * as fs from "node:fs";
import * as path from "node:path";

/** The real Apache access log of `shared/data` (10,000 combined-format lines; line 8899 truncated). */
export const ACCESS_LOG = path.resolve(__dirname, "../../../shared/data/apache/access.log");

let accessLines: readonly string[] | undefined;

/** The access log's lines, without the final newline: read once per test run. */
export function accessLogLines(): readonly string[] {
  if (accessLines === undefined) {
    const lines = fs.readFileSync(ACCESS_LOG, "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    accessLines = Object.freeze(lines);
  }
  return accessLines;
}
