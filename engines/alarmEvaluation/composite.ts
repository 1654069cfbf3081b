import type { AlarmState } from "./types";

/** A syntax error in a composite alarm rule. */
export class AlarmRuleError extends Error {
  constructor(
    readonly rule: string,
    readonly position: number,
    message: string,
  ) {
    super(`alarm rule ${JSON.stringify(rule)} at ${position}: ${message}`);
    this.name = "AlarmRuleError";
  }
}

/** A compiled rule: its value given the current state of each alarm it names. */
export interface CompiledRule {
  /** The alarm names the rule references (ARNs reduced to the alarm name). */
  references: string[];
  evaluate(stateOf: (alarm: string) => AlarmState | undefined): boolean;
}

type Node =
  | { t: "const"; v: boolean }
  | { t: "state"; state: AlarmState; alarm: string }
  | { t: "not"; a: Node }
  | { t: "and" | "or"; a: Node; b: Node };

/** `arn:aws:cloudwatch:region:account:alarm:NAME` → `NAME`; a plain name unchanged. */
export function alarmNameOf(ref: string): string {
  const m = /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(ref);
  return m ? m[1] : ref;
}

/**
 * Compiles a composite alarm rule ("Create a composite alarm" of the CloudWatch user guide): the
 * functions `ALARM(x)`, `OK(x)`, `INSUFFICIENT_DATA(x)` (x an alarm name or ARN, quoted or not), the
 * constants `TRUE` and `FALSE`, the operators `AND`, `OR`, `NOT` and parentheses. `NOT` binds
 * tighter than `AND`, which binds tighter than `OR`.
 */
export function compileAlarmRule(rule: string): CompiledRule {
  let i = 0;
  const references = new Set<string>();
  const ws = (): void => {
    while (i < rule.length && /\s/.test(rule[i])) i++;
  };
  const word = (): string => {
    ws();
    const m = /^[A-Za-z_]+/.exec(rule.slice(i));
    return m ? m[0] : "";
  };
  const fail = (msg: string): never => {
    throw new AlarmRuleError(rule, i, msg);
  };
  const primary = (): Node => {
    ws();
    if (rule[i] === "(") {
      i++;
      const n = or();
      ws();
      if (rule[i] !== ")") fail("expected )");
      i++;
      return n;
    }
    const w = word();
    const upper = w.toUpperCase();
    if (upper === "NOT") {
      i += w.length;
      return { t: "not", a: primary() };
    }
    if (upper === "TRUE" || upper === "FALSE") {
      i += w.length;
      return { t: "const", v: upper === "TRUE" };
    }
    if (upper === "ALARM" || upper === "OK" || upper === "INSUFFICIENT_DATA") {
      i += w.length;
      ws();
      if (rule[i] !== "(") fail(`expected ( after ${w}`);
      i++;
      ws();
      let ref: string;
      if (rule[i] === '"' || rule[i] === "'") {
        const q = rule[i++];
        const end = rule.indexOf(q, i);
        if (end < 0) fail("unterminated alarm name");
        ref = rule.slice(i, end);
        i = end + 1;
      } else {
        const end = rule.indexOf(")", i);
        if (end < 0) fail("expected )");
        ref = rule.slice(i, end).trim();
        i = end;
      }
      ws();
      if (rule[i] !== ")") fail("expected ) after the alarm name");
      i++;
      if (!ref) fail("empty alarm name");
      const alarm = alarmNameOf(ref);
      references.add(alarm);
      return { t: "state", state: upper as AlarmState, alarm };
    }
    return fail(
      `expected ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT or (, got ${JSON.stringify(rule.slice(i, i + 12))}`,
    );
  };
  const and = (): Node => {
    let n = primary();
    while (word().toUpperCase() === "AND") {
      i += 3;
      n = { t: "and", a: n, b: primary() };
    }
    return n;
  };
  const or = (): Node => {
    let n = and();
    while (word().toUpperCase() === "OR") {
      i += 2;
      n = { t: "or", a: n, b: and() };
    }
    return n;
  };
  const root = or();
  ws();
  if (i < rule.length) fail(`unexpected ${JSON.stringify(rule.slice(i, i + 12))}`);
  const run = (n: Node, stateOf: (alarm: string) => AlarmState | undefined): boolean => {
    switch (n.t) {
      case "const":
        return n.v;
      case "state":
        return stateOf(n.alarm) === n.state;
      case "not":
        return !run(n.a, stateOf);
      case "and":
        return run(n.a, stateOf) && run(n.b, stateOf);
      case "or":
        return run(n.a, stateOf) || run(n.b, stateOf);
    }
  };
  return { references: [...references], evaluate: (stateOf) => run(root, stateOf) };
}
