import { HOURS_PER_MONTH } from "./assumptions";

/** Invocations a month of an EventBridge schedule expression, or undefined for one it cannot count. */
export function schedulePerMonth(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const minutes = m[2].startsWith("minute") ? n : m[2].startsWith("hour") ? n * 60 : n * 1440;
  return (HOURS_PER_MONTH * 60) / minutes;
}
