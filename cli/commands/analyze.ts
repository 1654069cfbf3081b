import type { z } from "zod";
import {
  analyzeFile,
  fieldSchema,
  MAX_THRESHOLD,
  thresholdSchema,
  type AnalysisSummary,
} from "../../apps/log-analyzer/src/analyze";
import { bucketSchema, endpointSchema, prefixSchema } from "../../apps/log-analyzer/src/config";
import type * as S3Module from "../../apps/log-analyzer/src/s3";
import { processIo, reportFailure, threadsFlag, UsageError, type CommandIo } from "../command";
import { checkInputFile } from "../files";
import { parseFlags } from "../flags";

export type { CommandIo } from "../command";

const USAGE = `usage: obskit analyze (--file <path|-> | --bucket <bucket> --prefix <prefix> [--region <region>] [--endpoint-url <url>])
                      [--threshold <n>] [--level-field <field>] [--level-value <value>] [--group-by <field>]
                      [--threads <n>]

Counts the lines whose <level-field> (default "level") is <level-value> (default "ERROR"), grouped by
<group-by> (default "service"), in a JSON Lines file or in the newest object under an S3 prefix
(plain or gzip). Prints the summary JSON on stdout. A large plain file is read by up to --threads
threads (default: one per core), in line-aligned byte ranges; the summary is the same.
A file that is empty, binary (not text) or a truncated gzip is refused.
Exit code: 0 errors below the threshold (default 1), 1 threshold reached, 2 could not analyse,
70 an internal error (a bug: the message says how to report it).`;

/** Parses a flag value with a schema, or throws a UsageError naming the flag. */
function flag<T extends z.ZodType>(name: string, schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new UsageError(
      `--${name} ${result.error.issues[0]?.message ?? "is invalid"} (got ${JSON.stringify(value)})`,
    );
  }
  return result.data;
}

/**
 * `--threshold`: a whole number from 1 to MAX_THRESHOLD in plain decimal digits. `Number()` alone
 * would also take `0x10`, `1e3`, `0b11` or ` 7 `, which nobody means as a count of errors.
 */
function threshold(value: string): number {
  if (!/^[0-9]+$/.test(value))
    throw new UsageError(
      `--threshold must be a whole number from 1 to ${MAX_THRESHOLD} in decimal digits (got ${JSON.stringify(value)})`,
    );
  return flag("threshold", thresholdSchema, value);
}

type Target =
  | { kind: "file"; path: string }
  | { kind: "s3"; bucket: string; prefix: string; region?: string; endpoint?: string };

interface Parsed {
  help: boolean;
  target?: Target;
  threshold?: number;
  levelField?: string;
  levelValue?: string;
  groupBy?: string;
  threads?: number;
}

function parse(argv: string[]): Parsed {
  const { values } = parseFlags("analyze", argv, {
    file: { type: "string" },
    bucket: { type: "string" },
    prefix: { type: "string" },
    region: { type: "string" },
    "endpoint-url": { type: "string" },
    threshold: { type: "string" },
    "level-field": { type: "string" },
    "level-value": { type: "string" },
    "group-by": { type: "string" },
    threads: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { help: true };
  const s3Flags = (["bucket", "prefix", "region", "endpoint-url"] as const).filter(
    (f) => values[f] !== undefined,
  );
  let target: Target;
  if (values.file !== undefined) {
    if (s3Flags.length > 0) throw new UsageError(`--file cannot be combined with --${s3Flags.join(", --")}`);
    if (values.file === "") throw new UsageError("--file must not be empty");
    target = { kind: "file", path: values.file };
  } else if (values.bucket !== undefined || values.prefix !== undefined) {
    if (values.bucket === undefined) throw new UsageError("--prefix needs --bucket");
    if (values.prefix === undefined)
      throw new UsageError("--bucket needs --prefix (the key prefix of the log objects)");
    target = {
      kind: "s3",
      bucket: flag("bucket", bucketSchema, values.bucket),
      prefix: flag("prefix", prefixSchema, values.prefix),
      region: values.region,
      endpoint:
        values["endpoint-url"] === undefined
          ? undefined
          : flag("endpoint-url", endpointSchema, values["endpoint-url"]),
    };
  } else {
    throw new UsageError(
      s3Flags.length > 0
        ? `--${s3Flags[0]} needs --bucket and --prefix`
        : "give --file, or --bucket and --prefix",
    );
  }
  return {
    help: false,
    target,
    threshold: values.threshold === undefined ? undefined : threshold(values.threshold),
    levelField:
      values["level-field"] === undefined
        ? undefined
        : flag("level-field", fieldSchema, values["level-field"]),
    levelValue:
      values["level-value"] === undefined
        ? undefined
        : flag("level-value", fieldSchema, values["level-value"]),
    groupBy: values["group-by"] === undefined ? undefined : flag("group-by", fieldSchema, values["group-by"]),
    threads: values.threads === undefined ? undefined : threadsFlag(values.threads),
  };
}

/**
 * A gzip input that does not decompress, said with the flag that named it; one that ends before
 * its compressed data does (zlib's "unexpected end of file") is called truncated.
 */
function gzipProblem(err: unknown, target: Target): unknown {
  if (!(err instanceof Error) || err.name !== "InputDecodeError") return err;
  const where = target.kind === "file" ? `--file ${target.path}: ` : "";
  const truncated = (err.cause as { code?: unknown } | undefined)?.code === "Z_BUF_ERROR";
  const e = new Error(
    truncated
      ? `${where}is a truncated gzip file: it ends before its compressed data does; copy or download it again`
      : `${where}${err.message}; check that the file is a complete gzip file (gzip -t)`,
    { cause: err },
  );
  e.name = err.name;
  return e;
}

async function analyze(parsed: Parsed, target: Target): Promise<AnalysisSummary> {
  const options = {
    threshold: parsed.threshold,
    levelField: parsed.levelField,
    levelValue: parsed.levelValue,
    groupBy: parsed.groupBy,
  };
  if (target.kind === "file") {
    // stdin ("-") is read as it comes; a file is checked first: text or gzip, not empty
    if (target.path !== "-") checkInputFile("--file", target.path, { holds: "JSON Lines", gzip: true });
    return analyzeFile(target.path, { ...options, threads: parsed.threads });
  }
  // the AWS SDK is loaded only for an S3 target: a local file never pays its start-up time
  const { analyzeLatestObject, createS3Client } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../../apps/log-analyzer/src/s3") as typeof S3Module;
  const s3 = createS3Client({ region: target.region, endpoint: target.endpoint });
  try {
    return await analyzeLatestObject(s3, { bucket: target.bucket, prefix: target.prefix, ...options });
  } finally {
    s3.destroy();
  }
}

/** `run` with explicit output sinks (tests). */
export async function runWith(argv: string[], io: CommandIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    return reportFailure(io, "analyze", argv, err);
  }
  if (parsed.help || parsed.target === undefined) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let summary: AnalysisSummary;
  try {
    summary = await analyze(parsed, parsed.target);
  } catch (err) {
    // exit 1 means "threshold reached": a failure is never a 1
    return reportFailure(io, "analyze", argv, gzipProblem(err, parsed.target));
  }
  io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  return summary.thresholdBreached ? 1 : 0;
}

/**
 * `obskit analyze --file <path> | --bucket <b> --prefix <p>`: the summary JSON on stdout; exit 0
 * below the threshold, 1 when it is reached, 2 on usage, access or input errors.
 */
export function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runWith(argv, io);
}
