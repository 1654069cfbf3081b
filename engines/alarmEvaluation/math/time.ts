/**
 * Functions of time: the datapoint's timestamp (MINUTE, HOUR, DAY with 1 = Monday, DATE, MONTH,
 * YEAR, EPOCH), the period (PERIOD), and changes between datapoints (DIFF, RATE per second,
 * DIFF_TIME in seconds), each from the previous present datapoint.
 */
import { onlyArgument, perSeries, type MathFunction } from "./values";

const ofTimestamp =
  (f: (d: Date) => number): MathFunction =>
  (n, ev) =>
    perSeries(
      ev,
      onlyArgument(ev, n),
      (s) => Float64Array.from(s, (_, i) => f(new Date(ev.ctx.timestamps[i]))),
      n.pos,
    );

const change: MathFunction = (n, ev) => {
  const periodSeconds = ev.ctx.periodSeconds;
  const fn = n.fn;
  return perSeries(
    ev,
    onlyArgument(ev, n),
    (s) => {
      const out = new Float64Array(s.length).fill(NaN);
      let prev = -1;
      for (let i = 0; i < s.length; i++) {
        if (Number.isNaN(s[i])) continue;
        if (prev >= 0) {
          const dt = (i - prev) * periodSeconds;
          out[i] = fn === "DIFF" ? s[i] - s[prev] : fn === "RATE" ? (s[i] - s[prev]) / dt : dt;
        }
        prev = i;
      }
      return out;
    },
    n.pos,
  );
};

export const TIME_FUNCTIONS: Record<string, MathFunction> = {
  MINUTE: ofTimestamp((d) => d.getUTCMinutes()),
  HOUR: ofTimestamp((d) => d.getUTCHours()),
  // 1 = Monday … 7 = Sunday ("IF(DAY(m1)<6,m1) returns metrics only from weekdays")
  DAY: ofTimestamp((d) => ((d.getUTCDay() + 6) % 7) + 1),
  DATE: ofTimestamp((d) => d.getUTCDate()),
  MONTH: ofTimestamp((d) => d.getUTCMonth() + 1),
  YEAR: ofTimestamp((d) => d.getUTCFullYear()),
  EPOCH: ofTimestamp((d) => Math.floor(d.getTime() / 1000)),
  PERIOD: (n, ev) => {
    onlyArgument(ev, n);
    return ev.ctx.periodSeconds;
  },
  DIFF: change,
  RATE: change,
  DIFF_TIME: change,
};
