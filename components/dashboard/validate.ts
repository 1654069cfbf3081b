import Ajv, { type ErrorObject } from "ajv";
import { expressionIds } from "./args";
import { overlaps, type GridBox } from "./layout";
import { DASHBOARD_BODY_SCHEMA } from "./schema";

/** A widget of a dashboard body, as CloudWatch reads it. */
export interface BodyWidget {
  type: "metric" | "text" | "log" | "alarm" | "explorer";
  /** Column (0–23). @default the next free place */
  x?: number;
  /** Row. @default the next free place */
  y?: number;
  /** Columns spanned. @default 6 */
  width?: number;
  /** Rows spanned. @default 6 */
  height?: number;
  properties: Record<string, unknown>;
}

/** A dashboard body (`DashboardBody`, parsed). */
export interface DashboardBody {
  widgets: BodyWidget[];
  /** Time range when it opens. @default the console's */
  start?: string;
  /** End of an absolute time range. @default now */
  end?: string;
  /** Period handling. @default "auto" */
  periodOverride?: "auto" | "inherit";
  /** Dashboard variables. @default none */
  variables?: unknown[];
}

export interface BodyValidation {
  /** Problems CloudWatch (or, in strict mode, obskit's layout rules) rejects. */
  errors: string[];
  /** Problems CloudWatch repairs itself (overlapping widgets it moves), when not strict. */
  warnings: string[];
  /** The parsed body. @default none, when it did not parse or fails the schema */
  body?: DashboardBody;
}

export interface BodyValidationOptions {
  /**
   * Overlapping widgets are errors (obskit lays out without overlaps). Off, they are warnings:
   * CloudWatch accepts such a body and moves the widgets (the documentation's own math-and-search
   * example overlaps). @default true
   */
  strict?: boolean;
}

/** Raised when a dashboard body is invalid, listing every problem. */
export class DashboardBodyError extends Error {
  constructor(
    readonly dashboard: string,
    readonly problems: string[],
  ) {
    super(
      `Dashboard ${JSON.stringify(dashboard)}: the body is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "DashboardBodyError";
  }
}

let compiled: ReturnType<Ajv["compile"]> | undefined;
function schemaValidator(): ReturnType<Ajv["compile"]> {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(DASHBOARD_BODY_SCHEMA);
  return compiled;
}

/** `/widgets/1/properties/metrics/0` → `widgets[1].properties.metrics[0]`. */
function pathOf(pointer: string): string {
  const parts = pointer.split("/").slice(1);
  let out = "";
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === "" ? p : `.${p}`;
  return out || "(body)";
}

/** One sentence per ajv error; the branches of an `anyOf` collapse into the anyOf's own error. */
function schemaErrors(errors: ErrorObject[], body: unknown): string[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const out = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "if") continue;
    // an error inside a failed anyOf branch: reported once, by the anyOf
    if (
      e.keyword !== "anyOf" &&
      e.schemaPath.includes("anyOf") &&
      [...anyOfPaths].some((p) => e.instancePath.startsWith(p))
    )
      continue;
    // a nested anyOf inside a failed outer anyOf: the outer one speaks
    if (
      e.keyword === "anyOf" &&
      [...anyOfPaths].some((p) => p !== e.instancePath && e.instancePath.startsWith(p))
    )
      continue;
    const where = pathOf(e.instancePath).replace(/^(widgets\[\d+\])/, `$1${titleAt(body, e.instancePath)}`);
    let what = e.message ?? e.keyword;
    if (e.keyword === "enum")
      what += `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    if (e.keyword === "anyOf") what = anyOfMessage(e.instancePath);
    out.add(`${where}: ${what}`);
  }
  return [...out];
}

function anyOfMessage(path: string): string {
  if (/\/metrics$/.test(path))
    return 'metrics must be an array of metric rows ([Namespace, MetricName, DimensionName, DimensionValue, …, {rendering}]) or expression rows ([{"expression": …}]), or one flat metric row';
  if (/\/properties$/.test(path))
    return "a metric widget needs `metrics`, an alarm annotation (`annotations.alarms`) or a Contributor Insights rule (`insightRule`)";
  return "matches none of the allowed forms";
}

/** ` (title)` of the widget a pointer is in, to say which widget a problem is about. */
function titleAt(body: unknown, pointer: string): string {
  const m = /^\/widgets\/(\d+)/.exec(pointer);
  if (!m) return "";
  const w = (body as DashboardBody).widgets?.[Number(m[1])];
  const t = w?.properties?.title;
  return typeof t === "string" ? ` (${t})` : "";
}

/** JSON.parse with the line and column of a syntax error. */
function parseBody(text: string): { body?: unknown; error?: string } {
  try {
    return { body: JSON.parse(text) };
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = "";
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split("\n").length;
      const col = Number(pos[1]) - before.lastIndexOf("\n");
      const lineText = text.split("\n")[line - 1]?.trim() ?? "";
      where = ` at line ${line}, column ${col} (${JSON.stringify(lineText)})`;
    }
    return { error: `the body is not valid JSON${where}: ${msg}` };
  }
}

function codeChecks(body: DashboardBody, strict: boolean): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const placed: { i: number; box: GridBox }[] = [];
  body.widgets.forEach((w, i) => {
    const at = `widgets[${i}]${typeof w.properties?.title === "string" ? ` (${w.properties.title})` : ""}`;
    const width = w.width ?? 6;
    const height = w.height ?? 6;
    if (w.x !== undefined && w.x + width > 24)
      errors.push(`${at}: x ${w.x} + width ${width} = ${w.x + width} runs past the 24-column grid.`);
    if (w.x !== undefined && w.y !== undefined) placed.push({ i, box: { x: w.x, y: w.y, width, height } });
    const p = w.properties ?? {};
    if (w.type === "metric" && Array.isArray(p.metrics)) errors.push(...metricsChecks(at, p.metrics));
    if (w.type === "log" && typeof p.query === "string" && !/^\s*SOURCE\s+'[^']+'/.test(p.query))
      errors.push(`${at}: the query names no log group: it must start with SOURCE '<log group>' | …`);
  });
  for (let a = 0; a < placed.length; a++)
    for (let b = a + 1; b < placed.length; b++)
      if (overlaps(placed[a].box, placed[b].box)) {
        const [p, q] = [placed[a], placed[b]];
        const msg = `widgets[${p.i}] at (${p.box.x},${p.box.y}) ${p.box.width}×${p.box.height} overlaps widgets[${q.i}] at (${q.box.x},${q.box.y}) ${q.box.width}×${q.box.height}.`;
        (strict ? errors : warnings).push(msg);
      }
  return { errors, warnings };
}

function metricsChecks(at: string, metrics: unknown[]): string[] {
  const errors: string[] = [];
  // the flat form: one metric row given as the array itself
  const rows = (metrics.length > 0 && typeof metrics[0] === "string" ? [metrics] : metrics) as unknown[][];
  const ids = new Set<string>();
  const expressions: { i: number; expression: string }[] = [];
  rows.forEach((row, i) => {
    if (!Array.isArray(row)) return;
    const last = row[row.length - 1];
    const options = last !== null && typeof last === "object" ? (last as Record<string, unknown>) : undefined;
    if (typeof options?.id === "string") {
      if (ids.has(options.id))
        errors.push(`${at}: metrics[${i}] repeats the id ${JSON.stringify(options.id)}.`);
      ids.add(options.id);
    }
    if (typeof options?.expression === "string") {
      expressions.push({ i, expression: options.expression });
      return;
    }
    const strings = options ? row.slice(0, -1) : row;
    if (strings.some((s) => typeof s !== "string"))
      errors.push(`${at}: metrics[${i}]: only its last item may be a rendering-properties object.`);
    if (strings.length % 2 !== 0)
      errors.push(
        `${at}: metrics[${i}]: a dimension name has no value (${JSON.stringify(strings.slice(2))}).`,
      );
    if (i === 0 && strings.slice(0, 2).includes("."))
      errors.push(`${at}: metrics[0] uses "." but there is no previous metric to repeat.`);
  });
  for (const { i, expression } of expressions) {
    if (/^\s*(SEARCH|SELECT)\b/i.test(expression)) continue;
    for (const ref of expressionIds(expression))
      if (!ids.has(ref))
        errors.push(
          `${at}: metrics[${i}]: the expression refers to ${JSON.stringify(ref)}, which is no id of this widget.`,
        );
  }
  return errors;
}

/**
 * Validates a dashboard body (a JSON string or the parsed object) before it reaches AWS: the
 * "Dashboard Body Structure and Syntax" schema (widget types and required properties, `metrics`
 * forms, at most 500 widgets) and what a schema cannot express (the 24-column grid, overlaps,
 * dimension name/value pairs, a `SOURCE` in each query, expression ids).
 */
export function validateDashboardBody(
  input: string | unknown,
  options: BodyValidationOptions = {},
): BodyValidation {
  const strict = options.strict ?? true;
  let body: unknown = input;
  if (typeof input === "string") {
    const parsed = parseBody(input);
    if (parsed.error !== undefined) return { errors: [parsed.error], warnings: [] };
    body = parsed.body;
  }
  const validate = schemaValidator();
  if (!validate(body))
    return { errors: schemaErrors(validate.errors ?? [], body), warnings: [], body: undefined };
  const b = body as DashboardBody;
  const { errors, warnings } = codeChecks(b, strict);
  return { errors, warnings, body: b };
}

/** Throws {@link DashboardBodyError} when the body is invalid; returns it parsed otherwise. */
export function assertValidDashboardBody(
  dashboard: string,
  input: string | unknown,
  options?: BodyValidationOptions,
): DashboardBody {
  const r = validateDashboardBody(input, options);
  if (r.errors.length > 0 || !r.body) throw new DashboardBodyError(dashboard, r.errors);
  return r.body;
}
