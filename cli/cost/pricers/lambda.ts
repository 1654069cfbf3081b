import { TYPE } from "../../../model";
import { arr, fmt, num, str } from "../read";
import type { PricingContext } from "../pricing";
import { schedulePerMonth } from "../schedule";

/** Lambda: requests and GB-seconds; a scheduled function's rate comes from its schedule. */
export function priceFunctions(ctx: PricingContext): void {
  const { ofType, add, a } = ctx;
  // Lambda: requests and GB-seconds; a scheduled function's rate comes from its schedule
  const scheduled = new Map<string, { perMonth: number; expression: string }>();
  const rules = ofType(TYPE.eventRule);
  for (const target of ofType(TYPE.eventTarget)) {
    const rule = rules.find((r) => (str(r.state?.name) ?? str(r.inputs.name)) === str(target.inputs.rule));
    const expression = str(rule?.inputs.scheduleExpression);
    const perMonth = expression ? schedulePerMonth(expression) : undefined;
    const arn = str(target.inputs.arn);
    if (arn && expression && perMonth !== undefined) scheduled.set(arn, { perMonth, expression });
  }
  for (const fn of ofType(TYPE.function)) {
    const arn = str(fn.state?.arn);
    const sched = arn ? scheduled.get(arn) : undefined;
    const invocations = sched ? sched.perMonth : a.lambdaInvocationsPerMonth;
    const invNote = sched
      ? `${fmt(invocations)} invocations/month from its schedule ${sched.expression}`
      : `${fmt(invocations)} invocations/month (assumed; set --lambda-invocations)`;
    const memoryMb = num(fn.inputs.memorySize) ?? 128;
    const timeout = num(fn.inputs.timeout) ?? 3;
    const arch = arr(fn.inputs.architectures).map(String).includes("arm64") ? "arm64" : "x86_64";
    const seconds = timeout * a.lambdaDurationRatio;
    const gbSeconds = invocations * (memoryMb / 1024) * seconds;
    const name = str(fn.inputs.name) ?? fn.name;
    add(
      "Lambda",
      `requests ${name}`,
      [fn.name],
      "lambda.requests",
      invocations / 1e6,
      `${fmt(invocations)} requests`,
      [invNote],
    );
    add(
      "Lambda",
      `duration ${name} (${arch}, ${memoryMb} MB)`,
      [fn.name],
      `lambda.duration.${arch}`,
      gbSeconds,
      `${fmt(gbSeconds)} GB-s`,
      [
        invNote,
        `${fmt(seconds)} s average = ${a.lambdaDurationRatio} × ${timeout} s timeout (set --lambda-duration-ratio)`,
      ],
    );
  }
}
