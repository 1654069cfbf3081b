/**
 * The files a command reads and writes, checked before it does the work: each problem a user or
 * their machine can cause (a missing folder, a file where a folder goes, no permission, a binary or
 * empty input, a path inside the kernel's `/proc` or `/sys`) becomes one {@link UsageError} naming
 * the flag, the path and the fix.
 *
 * What an output flag does with what is already there: `--out <dir>` is created when missing (with
 * its parents); an existing folder is kept, and the files obskit writes into it replace those of
 * the same name, as a compiler's output folder does. An output file (`--policy-pack-config`) is
 * replaced. A path of the wrong kind (a file where a folder goes, a folder where a file goes) is
 * refused, never removed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./command";

/** Why a file-system call failed, in a user's words, by `code`. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "does not exist",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "already exists",
  EISDIR: "is a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EROFS: "is on a read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  EBUSY: "is busy",
  EIO: "input/output error",
  ETXTBSY: "is busy",
  EINVAL: "is not a valid path here",
};

/** What to do about it, by `code`. */
const FIXES: Readonly<Record<string, string>> = {
  ENOENT: "check the path",
  EACCES: "pick a path you may use, or change its permissions",
  EPERM: "pick a path you may use",
  EEXIST: "give another path",
  EISDIR: "give a file",
  ENOTDIR: "check the path",
  EROFS: "pick a writable location",
  ENOSPC: "free some space or pick another disk",
  EDQUOT: "free some space or pick another disk",
  ELOOP: "check the links in the path",
  ENAMETOOLONG: "give a shorter path",
  EMFILE: "close other programs and retry",
  ENFILE: "close other programs and retry",
  EBUSY: "retry, or pick another path",
  EIO: "check the disk",
  ETXTBSY: "retry, or pick another path",
  EINVAL: "pick another path",
};

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, …), if `err` is one. */
export function systemErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * One line for a failed file-system call on the path a flag gave:
 * `--out /sys/x: cannot create the folder /sys/x: operation not permitted (EPERM); pick a path you may use`.
 * @param flag the flag, with its dashes (`--out`), or a description ("the output")
 * @param doing what was tried ("create the folder /sys/x")
 */
export function fileProblem(flag: string, value: string, doing: string, err: unknown): UsageError {
  const code = systemErrorCode(err);
  const reason = code ? `${REASONS[code] ?? (err as Error).message} (${code})` : String(err);
  const fix = code ? FIXES[code] : undefined;
  return new UsageError(`${flag} ${value}: cannot ${doing}: ${reason}${fix ? `; ${fix}` : ""}`, {
    cause: err,
  });
}

/**
 * Kernel file systems (`statfs` magic numbers): they hold the kernel's state, not files, and a
 * write or a recursive mkdir there fails in odd ways (Node's `mkdir -p` under `/proc` never returns).
 */
const KERNEL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0xcafe4a11, "bpf"],
  [0x6165676c, "pstore"],
  [0xde5e81e4, "efivarfs"],
  [0x62656570, "configfs"],
  [0x42494e4d, "binfmt_misc"],
]);

/** The nearest existing ancestor of `target` (itself when it exists), and its stat. */
function nearestExisting(target: string): { at: string; stat: fs.Stats } | undefined {
  let at = target;
  for (;;) {
    try {
      return { at, stat: fs.statSync(at) };
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return undefined;
      at = parent;
    }
  }
}

/** Refuses a path inside a kernel file system (`/proc`, `/sys`, …), by its mount or its name. */
function refuseKernelFileSystem(flag: string, value: string, resolved: string, existing: string): void {
  let kind: string | undefined;
  try {
    kind = KERNEL_FILE_SYSTEMS.get(Number(fs.statfsSync(existing).type));
  } catch {
    // statfs unsupported here: the path's name still tells
  }
  const top = resolved.split(path.sep)[1];
  if (kind === undefined && (top === "proc" || top === "sys")) kind = top === "proc" ? "proc" : "sysfs";
  if (kind !== undefined)
    throw new UsageError(
      `${flag} ${value}: is inside the kernel's ${kind} file system, which holds no files; give a path on disk (e.g. ${flag} dist/out)`,
    );
}

/**
 * Checks, without changing anything, that `dir` is or can be made a folder to write into; throws a
 * {@link UsageError} otherwise. Call it before the work, so a bad `--out` fails at once.
 * @param flag e.g. `--out`
 */
export function checkOutputFolder(flag: string, dir: string): void {
  const resolved = path.resolve(dir);
  const existing = nearestExisting(resolved);
  if (existing === undefined) throw new UsageError(`${flag} ${dir}: no part of the path exists`);
  refuseKernelFileSystem(flag, dir, resolved, existing.at);
  if (existing.at === resolved) {
    if (!existing.stat.isDirectory())
      throw new UsageError(
        `${flag} ${dir}: is a file, not a folder; give a folder (it is created if missing), e.g. ${flag} ${dir}-out`,
      );
  } else if (!existing.stat.isDirectory())
    throw new UsageError(
      `${flag} ${dir}: ${existing.at} is a file, so no folder can be made inside it; give another folder`,
    );
  try {
    fs.accessSync(existing.at, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw fileProblem(flag, dir, `write into ${existing.at}`, err);
  }
}

/**
 * Makes `dir` (and its missing parents) a folder to write into, one level at a time (never Node's
 * recursive mkdir, which loops forever under `/proc`). Checks as {@link checkOutputFolder} first.
 * @returns the folder's path as given
 */
export function makeOutputFolder(flag: string, dir: string): string {
  checkOutputFolder(flag, dir);
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) missing.unshift(at);
  for (const at of missing)
    try {
      fs.mkdirSync(at);
    } catch (err) {
      if (systemErrorCode(err) !== "EEXIST" || !fs.statSync(at).isDirectory())
        throw fileProblem(flag, dir, `create the folder ${at}`, err);
    }
  return dir;
}

/**
 * Checks, without changing anything, that `file` can be written: not a folder, in a folder that
 * exists and may be written, outside the kernel's file systems. An existing file is replaced.
 */
export function checkOutputFile(flag: string, file: string): void {
  const resolved = path.resolve(file);
  const existing = nearestExisting(resolved);
  if (existing === undefined) throw new UsageError(`${flag} ${file}: no part of the path exists`);
  refuseKernelFileSystem(flag, file, resolved, existing.at);
  if (existing.at === resolved) {
    if (existing.stat.isDirectory())
      throw new UsageError(
        `${flag} ${file}: is a folder; give a file path, e.g. ${path.join(file, "out.json")}`,
      );
    return;
  }
  const folder = path.dirname(resolved);
  if (existing.at !== folder)
    throw new UsageError(
      existing.stat.isDirectory()
        ? `${flag} ${file}: the folder ${path.dirname(file)} does not exist; create it first (mkdir -p ${path.dirname(file)}) or give a file in an existing folder`
        : `${flag} ${file}: ${existing.at} is a file, not a folder; give a file in an existing folder`,
    );
  if (!existing.stat.isDirectory())
    throw new UsageError(
      `${flag} ${file}: ${folder} is a file, not a folder; give a file in an existing folder`,
    );
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw fileProblem(flag, file, `write into ${folder}`, err);
  }
}

/** Writes `text` to `file` (checked as {@link checkOutputFile}), replacing it; one line on failure. */
export function writeOutputFile(flag: string, file: string, text: string): void {
  checkOutputFile(flag, file);
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    throw fileProblem(flag, file, "write it", err);
  }
}

/** How much of an input is read to tell text from binary (as git and grep do: a NUL byte). */
const SNIFF_BYTES = 64 * 1024;

/** What an input file may hold, for {@link checkInputFile}. */
export interface InputExpectations {
  /** What the file should hold, for messages ("a JSON Lines file", "one event per line"). */
  holds: string;
  /** Refuse a file with a NUL byte in its first 64 KiB. @default true */
  text?: boolean;
  /** Refuse a file with no bytes. @default true */
  nonEmpty?: boolean;
  /** Accept gzip (it is decompressed by the reader). @default false: refused with the command to decompress it */
  gzip?: boolean;
}

/**
 * Checks an input file before it is read: it exists, is a file, may be read, and (as asked) is not
 * empty, binary or gzip. Throws a {@link UsageError} naming the flag, the path and the fix.
 * @param flag e.g. `--file`
 */
export function checkInputFile(flag: string, file: string, expect: InputExpectations): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if (systemErrorCode(err) === "ENOENT")
      throw new UsageError(
        `cannot read ${flag} ${file}: no such file${path.isAbsolute(file) ? "" : ` (in ${process.cwd()})`}; check the path`,
        { cause: err },
      );
    throw fileProblem(flag, file, "read it", err);
  }
  if (stat.isDirectory())
    throw new UsageError(`${flag} ${file}: is a folder; give a file holding ${expect.holds}`);
  let head: Buffer;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    // a FIFO or a terminal is read by the command itself: peeking here would take its bytes
    if (!stat.isFile()) return;
    head = Buffer.alloc(Math.min(SNIFF_BYTES, Math.max(stat.size, 1)));
    head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } catch (err) {
    throw fileProblem(flag, file, "read it", err);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (expect.nonEmpty !== false && head.length === 0)
    throw new UsageError(`${flag} ${file}: is empty; give a file holding ${expect.holds}`);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    if (expect.gzip) return;
    throw new UsageError(
      `${flag} ${file}: is gzip-compressed; decompress it first (gunzip -k ${file}) and give the result`,
    );
  }
  const nul = expect.text === false ? -1 : head.indexOf(0);
  if (nul !== -1)
    throw new UsageError(
      `${flag} ${file}: is a binary file, not text (a NUL byte at offset ${nul}); give a file holding ${expect.holds}`,
    );
}
