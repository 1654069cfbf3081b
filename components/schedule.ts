/**
 * EventBridge schedule expressions, by the grammar of the EventBridge User Guide ("Schedule
 * expressions"): `rate(<value> <unit>)` and `cron(<minutes> <hours> <day-of-month> <month>
 * <day-of-week> <year>)`. Checked at construction, so a schedule EventBridge would refuse at
 * `PutRule` fails the plan instead of the deployment.
 */
import { problem, type ArgumentProblem } from "./errors";

const RATE = /^rate\((.*)\)$/s;
const CRON = /^cron\((.*)\)$/s;
const RATE_BODY = /^(\d+) (minute|minutes|hour|hours|day|days)$/;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for numbers (JAN = 1, SUN = 1). */
  readonly names?: readonly string[];
  /** The special characters the field allows beyond `, - * /`. */
  readonly question?: boolean;
  readonly increments: boolean;
}

const FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, increments: true },
  { name: "hours", min: 0, max: 23, increments: true },
  { name: "day-of-month", min: 1, max: 31, question: true, increments: true },
  { name: "month", min: 1, max: 12, names: MONTHS, increments: true },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, question: true, increments: false },
  { name: "year", min: 1970, max: 2199, increments: true },
];

/** The number a field value stands for (`12`, `DEC`, `MON`), or undefined if it is none. */
function valueOf(f: CronField, text: string): number | undefined {
  if (/^\d{1,4}$/.test(text)) {
    const n = Number(text);
    return n >= f.min && n <= f.max ? n : undefined;
  }
  const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? i + 1 : undefined;
}

const allowedValues = (f: CronField): string =>
  `${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ""}`;

/** Why one list item of a cron field is invalid, or undefined when it is valid. */
function itemProblem(f: CronField, item: string): string | undefined {
  if (item === "") return "has an empty list item";
  const [base, step, ...extra] = item.split("/");
  if (extra.length > 0) return `has more than one "/" in ${JSON.stringify(item)}`;
  if (step !== undefined) {
    if (!f.increments) return `takes no "/" increments (got ${JSON.stringify(item)})`;
    if (!/^\d+$/.test(step) || Number(step) < 1)
      return `needs a whole number ≥ 1 after "/" (got ${JSON.stringify(item)})`;
  }
  if (base === "*") return undefined;
  const range = base.split("-");
  if (range.length > 2) return `has a malformed range ${JSON.stringify(base)}`;
  for (const v of range)
    if (valueOf(f, v) === undefined) return `takes ${allowedValues(f)} (got ${JSON.stringify(v)})`;
  return undefined;
}

/** Why a day-of-month or day-of-week field's special form is invalid; undefined when it is valid or not special. */
function specialProblem(f: CronField, text: string): string | undefined | false {
  if (f.name === "day-of-month") {
    if (text === "L" || text === "LW") return undefined;
    const w = /^(\d{1,2})W$/.exec(text);
    if (w)
      return valueOf(f, w[1]) === undefined
        ? `takes a day 1-31 before "W" (got ${JSON.stringify(text)})`
        : undefined;
    if (/[LW]/.test(text))
      return `uses L or W wrongly: L alone, LW, or <day>W such as 3W (got ${JSON.stringify(text)})`;
  }
  if (f.name === "day-of-week") {
    if (text === "L") return undefined;
    const last = /^(.+)L$/.exec(text);
    if (last)
      return valueOf(f, last[1]) === undefined
        ? `takes a day 1-7 or SUN-SAT before "L" (got ${JSON.stringify(text)})`
        : undefined;
    if (text.includes("#")) {
      const nth = /^([^#,]+)#([1-5])$/.exec(text);
      if (!nth || valueOf(f, nth[1]) === undefined)
        return `takes one <day>#<1-5> expression such as 3#2, the second Tuesday, and no list with it (got ${JSON.stringify(text)})`;
      return undefined;
    }
  }
  return false;
}

/** Why `body`, the text inside `cron(…)`, is not a schedule EventBridge accepts; undefined when it is. */
function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6 || body.trim() === "")
    return `it needs six fields (minutes hours day-of-month month day-of-week year), not ${body.trim() === "" ? 0 : fields.length}, e.g. cron(0 10 * * ? *)`;
  for (const [i, f] of FIELDS.entries()) {
    const text = fields[i];
    if (text === "?") {
      if (!f.question) return `the ${f.name} field takes no "?": only day-of-month and day-of-week do`;
      continue;
    }
    const special = specialProblem(f, text);
    if (special !== false) {
      if (special !== undefined) return `the ${f.name} field ${special}`;
      continue;
    }
    for (const item of text.split(",")) {
      const p = itemProblem(f, item);
      if (p !== undefined) return `the ${f.name} field ${p}`;
    }
  }
  const [dom, dow] = [fields[2], fields[4]];
  if ((dom === "?") === (dow === "?"))
    return `it needs "?" in exactly one of day-of-month (${dom}) and day-of-week (${dow}): set the other, e.g. cron(0 10 * * ? *) or cron(0 18 ? * MON-FRI *)`;
  return undefined;
}

/** Why `expression` is not a schedule EventBridge accepts; undefined when it is. */
export function scheduleExpressionProblem(expression: unknown): string | undefined {
  if (typeof expression !== "string") return "must be text such as rate(5 minutes) or cron(0 10 * * ? *)";
  const rate = RATE.exec(expression);
  if (rate) {
    const m = RATE_BODY.exec(rate[1]);
    if (!m)
      return "must be rate(<value> <unit>) with a whole number and minute(s), hour(s) or day(s), e.g. rate(5 minutes)";
    const [value, unit] = [Number(m[1]), m[2]];
    if (value < 1) return "must have a rate value of at least 1, e.g. rate(1 minute)";
    const singular = unit.replace(/s$/, "");
    if (value === 1 && unit !== singular) return `must use the singular unit for 1: rate(1 ${singular})`;
    if (value !== 1 && unit === singular)
      return `must use the plural unit for ${value}: rate(${value} ${singular}s)`;
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const p = cronProblem(cron[1]);
    return p === undefined ? undefined : `must be a valid cron expression: ${p}`;
  }
  return "must be rate(<value> <unit>) or cron(<six fields>), e.g. rate(5 minutes) or cron(0 10 * * ? *)";
}

/** The problem of a schedule argument at `propertyPath`, as a component reports it, or none. */
export function scheduleExpressionProblems(propertyPath: string, expression: unknown): ArgumentProblem[] {
  const p = scheduleExpressionProblem(expression);
  return p === undefined
    ? []
    : [
        problem(
          propertyPath,
          expression,
          p,
          "write an EventBridge schedule expression such as rate(5 minutes) or cron(0 10 * * ? *)",
        ),
      ];
}
