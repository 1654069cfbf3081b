/**
 * The query of a CloudWatch `SEARCH` expression ("CloudWatch search expression syntax", user guide):
 * an optional metric schema in braces, `{Namespace, DimensionName, …}`, that a metric matches when it
 * is in that namespace with exactly those dimension names; and an optional search term of partial
 * matches (`count`), exact matches (`"CustomCount1"`), property designators (`MetricName=`,
 * `Namespace=`, `<DimensionName>=`), the Boolean operators `AND`, `OR`, `NOT` (case sensitive; terms
 * side by side are ANDed) and parentheses.
 *
 * Partial matches compare tokens: a name is cut at non-alphanumeric characters, at camel-case
 * capitals and where digits start (`SDBFailure` → `SDB`, `Failure`; `Project2-trial333` → `project`,
 * `2`, `trial`, `333`), and the whole name without delimiters is a token too. A search word that is one
 * token matches any token ignoring case; a word of several tokens (`CustomCount`, `Count1`) matches
 * those tokens in a row with their case, except that parts the word separates with non-alphanumeric
 * characters (`network/errors`) each ignore case.
 */

/** A metric a search looks at. */
export interface SearchableMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
}

/** A search query CloudWatch would reject. */
export class SearchSyntaxError extends Error {
  constructor(
    readonly query: string,
    readonly position: number,
    message: string,
  ) {
    super(`search ${JSON.stringify(query)} at ${position}: ${message}`);
    this.name = "SearchSyntaxError";
  }
}

type Term =
  | { t: "match"; exact: boolean; text: string; property?: string }
  | { t: "and" | "or"; a: Term; b: Term }
  | { t: "not"; a: Term };

/** A parsed search query. */
export interface SearchQuery {
  /** The metric schema. @default none: every namespace and set of dimensions */
  schema?: { namespace: string; dimensions: string[] };
  /** The search term. @default none: every metric of the schema */
  term?: Term;
}

type Token =
  | { k: "word"; v: string; pos: number }
  | { k: "quoted"; v: string; pos: number }
  | { k: "op"; v: "(" | ")" | "="; pos: number };

/** A double-quoted string from `i` (at the quote); `\"`, `\\`, `\(` and `\)` are escapes. */
function quoted(query: string, i: number): { v: string; end: number } {
  let v = "";
  for (let j = i + 1; j < query.length; j++) {
    const c = query[j];
    if (c === "\\" && j + 1 < query.length) v += query[++j];
    else if (c === '"') return { v, end: j + 1 };
    else v += c;
  }
  throw new SearchSyntaxError(query, i, "unterminated double quote");
}

function tokenize(query: string, from: number): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")" || c === "=") out.push({ k: "op", v: c, pos: i++ });
    else if (c === '"') {
      const q = quoted(query, i);
      out.push({ k: "quoted", v: q.v, pos: i });
      i = q.end;
    } else {
      const m = /^[^\s()="]+/.exec(query.slice(i)) as RegExpExecArray;
      out.push({ k: "word", v: m[0], pos: i });
      i += m[0].length;
    }
  }
  return out;
}

/** The schema `{Namespace, Dim, …}` at the start of the query, and where the search term starts. */
function schemaOf(query: string): { schema?: SearchQuery["schema"]; rest: number } {
  let i = /^\s*/.exec(query)![0].length;
  if (query[i] !== "{") return { rest: i };
  const names: string[] = [];
  i++;
  for (;;) {
    while (/\s/.test(query[i] ?? "")) i++;
    if (i >= query.length) throw new SearchSyntaxError(query, i, "unterminated metric schema: expected }");
    if (query[i] === '"') {
      const q = quoted(query, i);
      names.push(q.v);
      i = q.end;
    } else {
      const m = /^[^,}"]*/.exec(query.slice(i))!;
      names.push(m[0].trim());
      i += m[0].length;
    }
    while (/\s/.test(query[i] ?? "")) i++;
    if (query[i] === ",") i++;
    else if (query[i] === "}") break;
    else throw new SearchSyntaxError(query, i, "expected , or } in the metric schema");
  }
  i++;
  if (names.length === 0 || names[0] === "")
    throw new SearchSyntaxError(query, 0, "a metric schema names its namespace first");
  if (names.some((n) => n === ""))
    throw new SearchSyntaxError(query, 0, "an empty name in the metric schema");
  // the guide writes both `{NS} term` and `{NS}, term`
  const comma = /^\s*,/.exec(query.slice(i));
  return {
    schema: { namespace: names[0], dimensions: names.slice(1) },
    rest: i + (comma ? comma[0].length : 0),
  };
}

/** Parses the query of a `SEARCH`; throws {@link SearchSyntaxError}. */
export function parseSearchQuery(query: string): SearchQuery {
  const { schema, rest } = schemaOf(query);
  const toks = tokenize(query, rest);
  let p = 0;
  const fail = (msg: string): never => {
    throw new SearchSyntaxError(query, toks[p]?.pos ?? query.length, msg);
  };
  const isWord = (v: string) => toks[p]?.k === "word" && toks[p].v === v;
  const isOp = (v: string) => toks[p]?.k === "op" && toks[p].v === v;
  const startsTerm = () => p < toks.length && !isOp(")") && !isWord("AND") && !isWord("OR");
  const or = (): Term => {
    let a = and();
    while (isWord("OR")) {
      p++;
      a = { t: "or", a, b: and() };
    }
    return a;
  };
  const and = (): Term => {
    let a = not();
    for (;;) {
      if (isWord("AND")) p++;
      else if (!startsTerm()) return a;
      a = { t: "and", a, b: not() };
    }
  };
  const not = (): Term => {
    if (isWord("NOT")) {
      p++;
      return { t: "not", a: not() };
    }
    return primary();
  };
  const primary = (): Term => {
    const t = toks[p];
    if (!t) return fail("expected a search term");
    if (t.k === "op" && t.v === "(") {
      p++;
      const inner = or();
      if (!isOp(")")) fail("expected )");
      p++;
      return inner;
    }
    if (t.k === "op") return fail(`unexpected ${t.v}`);
    p++;
    if (t.k === "word" && isOp("=")) {
      p++;
      const v = toks[p];
      if (!v || v.k === "op") return fail(`expected a value after ${t.v}=`);
      p++;
      return { t: "match", exact: v.k === "quoted", text: v.v, property: t.v };
    }
    return { t: "match", exact: t.k === "quoted", text: t.v };
  };
  const term = toks.length === 0 ? undefined : or();
  if (p < toks.length) fail(`unexpected ${JSON.stringify(toks[p].v)}`);
  if (!schema && !term)
    throw new SearchSyntaxError(query, 0, "a search needs a metric schema, a search term, or both");
  return { ...(schema ? { schema } : {}), ...(term ? { term } : {}) };
}

/** A name's tokens in their case: cut at non-alphanumerics, camel-case capitals and digit runs. */
export function searchTokens(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).flatMap((piece) => camel(piece));
}

const camel = (piece: string): string[] => piece.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];

/** Whether a partial-match search word matches a name (see the module comment). */
export function partialMatch(word: string, name: string): boolean {
  const wanted = word
    .split(/[^A-Za-z0-9]+/)
    .filter((x) => x !== "")
    .flatMap((piece) => {
      const toks = camel(piece);
      return toks.map((v) => ({ v, anyCase: toks.length === 1 }));
    });
  if (wanted.length === 0) return false;
  const have = searchTokens(name);
  const same = (w: { v: string; anyCase: boolean }, h: string) =>
    w.anyCase ? w.v.toLowerCase() === h.toLowerCase() : w.v === h;
  // the whole name, delimiters removed, is a token too (`customcount1`)
  if (/^[A-Za-z0-9]+$/.test(word) && have.join("").toLowerCase() === word.toLowerCase()) return true;
  for (let i = 0; i + wanted.length <= have.length; i++)
    if (wanted.every((w, j) => same(w, have[i + j]))) return true;
  return false;
}

/** The names a term without a designator looks at, or the one a designator names. */
function namesFor(m: SearchableMetric, property: string | undefined): string[] {
  if (property === undefined)
    return [m.namespace, m.name, ...Object.keys(m.dimensions), ...Object.values(m.dimensions)];
  if (property === "MetricName") return [m.name];
  if (property === "Namespace") return [m.namespace];
  // one account offline: every metric is the monitoring account's own
  if (property === ":aws.AccountId") return [];
  return property in m.dimensions ? [m.dimensions[property]] : [];
}

function termMatches(term: Term, m: SearchableMetric): boolean {
  switch (term.t) {
    case "and":
      return termMatches(term.a, m) && termMatches(term.b, m);
    case "or":
      return termMatches(term.a, m) || termMatches(term.b, m);
    case "not":
      return !termMatches(term.a, m);
    case "match":
      if (term.property === ":aws.AccountId") return true;
      return namesFor(m, term.property).some((n) =>
        term.exact ? n === term.text : partialMatch(term.text, n),
      );
  }
}

/** Whether a metric is one a parsed query finds. */
export function searchMatches(q: SearchQuery, m: SearchableMetric): boolean {
  if (q.schema) {
    if (m.namespace !== q.schema.namespace) return false;
    const dims = Object.keys(m.dimensions);
    if (dims.length !== q.schema.dimensions.length || !q.schema.dimensions.every((d) => d in m.dimensions))
      return false;
  }
  return q.term === undefined || termMatches(q.term, m);
}

/** The metrics a search query finds among `metrics`, in their order. */
export function searchMetrics<M extends SearchableMetric>(query: string, metrics: readonly M[]): M[] {
  const q = parseSearchQuery(query);
  return metrics.filter((m) => searchMatches(q, m));
}
