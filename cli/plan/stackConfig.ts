import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export class StackConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StackConfigError";
  }
}

/** The project name from `Pulumi.yaml`. */
export function readProjectName(root: string): string {
  const file = path.join(root, "Pulumi.yaml");
  const doc = parse(fs.readFileSync(file, "utf8")) as { name?: unknown };
  if (typeof doc?.name !== "string") throw new StackConfigError(`${file}: no project name`);
  return doc.name;
}

/**
 * Reads `Pulumi.<stack>.yaml` into the raw config map Pulumi hands a program: keys namespaced
 * (`obskit:logRetentionDays`), scalar values as strings, maps and lists as JSON strings.
 * Secure values cannot be decrypted offline and become the placeholder `"[secret]"`.
 */
export function readStackConfig(root: string, stack: string, project: string): Record<string, string> {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const known = () =>
    fs
      .readdirSync(root)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => Boolean(s));
  if (!/^[A-Za-z0-9_.-]+$/.test(stack))
    throw new StackConfigError(
      `invalid stack name ${JSON.stringify(stack)}: a stack name is letters, digits, "_", "." and "-" (stacks: ${known().join(", ") || "none"})`,
    );
  if (!fs.existsSync(file)) {
    const stacks = known();
    throw new StackConfigError(
      `no stack "${stack}": ${file} does not exist (stacks: ${stacks.join(", ") || "none"})`,
    );
  }
  let doc: { config?: Record<string, unknown> };
  try {
    doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as typeof doc;
  } catch (err) {
    throw new StackConfigError(`${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    out[full] = toConfigString(value);
  }
  return out;
}

/** YAML's `.nan`, `.inf`, `-.inf` as typed: JSON has no such numbers and would make them `null`. */
function nonFinite(n: number): string {
  return Number.isNaN(n) ? ".nan" : n > 0 ? ".inf" : "-.inf";
}

function toConfigString(value: unknown): string {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value)
    return "[secret]";
  if (typeof value === "string") return value;
  if (typeof value === "number" && !Number.isFinite(value)) return nonFinite(value);
  if (value !== null && typeof value === "object")
    return JSON.stringify(value, (_k, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? nonFinite(v) : v,
    );
  return String(value);
}
