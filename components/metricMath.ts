/**
 * The metric-math expression language ("Metric math syntax and functions", CloudWatch user guide):
 * its tokens, grammar and function names. Components parse an alarm's expressions at construction
 * with it (an expression CloudWatch would reject fails there); the offline evaluator reads the tree.
 */
/** An expression CloudWatch would reject, or a function this evaluator does not implement. */
export class MetricMathError extends Error {
  constructor(
    readonly expression: string,
    readonly position: number,
    message: string,
  ) {
    super(`expression ${JSON.stringify(expression)} at ${position}: ${message}`);
    this.name = "MetricMathError";
  }
}

export type Node =
  | { t: "num"; v: number }
  | { t: "id"; id: string; pos: number }
  | { t: "list"; items: Node[] }
  | { t: "str"; v: string }
  | { t: "unary"; op: "-"; a: Node }
  | { t: "bin"; op: string; a: Node; b: Node }
  | { t: "call"; fn: string; args: Node[]; pos: number };

/** The functions this evaluator implements (upper case). */
export const MATH_FUNCTIONS = [
  "ABS",
  "AVG",
  "CEIL",
  "DATAPOINT_COUNT",
  "DATE",
  "DAY",
  "DIFF",
  "DIFF_TIME",
  "EPOCH",
  "FILL",
  "FIRST",
  "FLOOR",
  "HOUR",
  "IF",
  "LAST",
  "LOG",
  "LOG10",
  "MAX",
  "METRIC_COUNT",
  "METRICS",
  "MIN",
  "MINUTE",
  "MONTH",
  "PERIOD",
  "RATE",
  "REMOVE_EMPTY",
  "RUNNING_SUM",
  "SLICE",
  "SORT",
  "STDDEV",
  "SUM",
  "TIME_SERIES",
  "YEAR",
] as const;

/** Documented functions that need what an offline replay does not have. */
const OFFLINE_UNSUPPORTED: Record<string, string> = {
  ANOMALY_DETECTION_BAND: "anomaly detection needs the model CloudWatch trains on up to two weeks of history",
  SEARCH: "CloudWatch does not allow alarms on SEARCH expressions",
  SERVICE_QUOTA: "service quotas are read from the account",
  INSIGHT_RULE_METRIC: "Contributor Insights rule metrics are not in the metric store",
};

const KNOWN = new Set<string>(MATH_FUNCTIONS);

interface Token {
  k: "num" | "id" | "op" | "str";
  v: string;
  pos: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ k: "num", v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ k: "id", v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new MetricMathError(src, i, "unterminated string");
      out.push({ k: "str", v: src.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const op = /^(?:&&|\|\||==|!=|<=|>=|[-+*/^<>!(),[\]])/.exec(src.slice(i));
    if (!op) throw new MetricMathError(src, i, `unexpected ${JSON.stringify(c)}`);
    out.push({ k: "op", v: op[0], pos: i });
    i += op[0].length;
  }
  return out;
}

/** How an expression is read. */
export interface ParseOptions {
  /** Whether `SEARCH(...)` is allowed: in dashboard graphs, not in alarms. @default false */
  search?: boolean;
}

/** Parses an expression; throws `MetricMathError` naming the position of a syntax error. */
export function parseExpression(src: string, options: ParseOptions = {}): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const fail = (msg: string): never => {
    throw new MetricMathError(src, toks[p]?.pos ?? src.length, msg);
  };
  const isOp = (v: string): boolean => peek()?.k === "op" && peek()?.v === v;
  const isWord = (v: string): boolean => peek()?.k === "id" && peek()?.v === v;
  const expect = (v: string): void => {
    if (!isOp(v)) fail(`expected ${v}`);
    p++;
  };
  const or = (): Node => {
    let n = and();
    while (isOp("||") || isWord("OR")) {
      p++;
      n = { t: "bin", op: "OR", a: n, b: and() };
    }
    return n;
  };
  const and = (): Node => {
    let n = cmp();
    while (isOp("&&") || isWord("AND")) {
      p++;
      n = { t: "bin", op: "AND", a: n, b: cmp() };
    }
    return n;
  };
  const CMP = ["==", "!=", "<", "<=", ">", ">="];
  const cmp = (): Node => {
    let n = add();
    while (peek()?.k === "op" && CMP.includes(peek()!.v)) {
      const op = toks[p++].v;
      n = { t: "bin", op, a: n, b: add() };
    }
    return n;
  };
  const add = (): Node => {
    let n = mul();
    while (isOp("+") || isOp("-")) {
      const op = toks[p++].v;
      n = { t: "bin", op, a: n, b: mul() };
    }
    return n;
  };
  const mul = (): Node => {
    let n = unary();
    while (isOp("*") || isOp("/")) {
      const op = toks[p++].v;
      n = { t: "bin", op, a: n, b: unary() };
    }
    return n;
  };
  const unary = (): Node => {
    if (isOp("-")) {
      p++;
      return { t: "unary", op: "-", a: unary() };
    }
    if (isOp("+")) {
      p++;
      return unary();
    }
    if (isOp("!") || isWord("NOT"))
      fail(
        'metric math has no NOT operator ("Comparison and logical operators" lists AND/&& and OR/||); write x == 0',
      );
    return pow();
  };
  const pow = (): Node => {
    const base = primary();
    if (isOp("^")) {
      p++;
      return { t: "bin", op: "^", a: base, b: unary() };
    }
    return base;
  };
  const primary = (): Node => {
    const t = peek();
    if (!t) return fail("unexpected end of expression");
    if (t.k === "num") {
      p++;
      return { t: "num", v: Number(t.v) };
    }
    if (t.k === "str") {
      p++;
      return { t: "str", v: t.v };
    }
    if (t.k === "op" && t.v === "(") {
      p++;
      const n = or();
      expect(")");
      return n;
    }
    if (t.k === "op" && t.v === "[") {
      p++;
      const items: Node[] = [];
      if (!isOp("]"))
        do items.push(or());
        while (isOp(",") && ++p);
      expect("]");
      return { t: "list", items };
    }
    if (t.k === "id") {
      p++;
      if (isOp("(")) {
        p++;
        const args: Node[] = [];
        if (!isOp(")"))
          do {
            const a = peek();
            if (
              a?.k === "id" &&
              ["REPEAT", "LINEAR", "ASC", "DESC", "AVG", "MIN", "MAX", "SUM"].includes(a.v) &&
              (toks[p + 1]?.v === "," || toks[p + 1]?.v === ")")
            ) {
              p++;
              args.push({ t: "id", id: a.v, pos: a.pos });
            } else args.push(or());
          } while (isOp(",") && ++p);
        expect(")");
        const fn = t.v;
        if (fn !== fn.toUpperCase())
          throw new MetricMathError(src, t.pos, `functions are written in upper case: ${fn.toUpperCase()}`);
        if (fn === "SEARCH" && options.search === true) return { t: "call", fn, args, pos: t.pos };
        if (OFFLINE_UNSUPPORTED[fn])
          throw new MetricMathError(
            src,
            t.pos,
            `${fn} cannot be evaluated offline: ${OFFLINE_UNSUPPORTED[fn]}`,
          );
        if (!KNOWN.has(fn)) throw new MetricMathError(src, t.pos, `unknown function ${fn}`);
        return { t: "call", fn, args, pos: t.pos };
      }
      return { t: "id", id: t.v, pos: t.pos };
    }
    return fail(`unexpected ${JSON.stringify(t.v)}`);
  };
  const root = or();
  if (p < toks.length) fail(`unexpected ${JSON.stringify(toks[p].v)}`);
  return root;
}

/** The query ids an expression reads. */
export function referencedIds(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: Node): void => {
    if (n.t === "id" && !KEYWORDS.has(n.id)) out.add(n.id);
    else if (n.t === "list") n.items.forEach(walk);
    else if (n.t === "unary") walk(n.a);
    else if (n.t === "bin") {
      walk(n.a);
      walk(n.b);
    } else if (n.t === "call") n.args.forEach(walk);
  };
  walk(node);
  return [...out];
}

export type ExpressionNode = Node;

const KEYWORDS = new Set(["REPEAT", "LINEAR", "ASC", "DESC", "AVG", "MIN", "MAX", "SUM"]);
