/**
 * Stable URNs: the URN of every resource of a plan, as the Pulumi engine names it, and the
 * comparison of two such lists that says which resources a change would replace — a resource
 * whose URN disappears is deleted and, under its new URN, created empty.
 *
 * The mock runtime qualifies a child's type with its parent's type only (`Parent$child`); the
 * engine qualifies it with the parent's whole chain (`Grand$Parent$child`) and leaves out the root
 * stack. URNs here are the engine's, as `pulumi stack --show-urns` prints them and as an `aliases`
 * entry names them.
 */
import type { AliasRecord, MockRun, PlannedResource } from "./mockRuntime";

/**
 * Resource types that hold data: replacing one deletes what it stores (log events, the key that
 * decrypts them, incidents, archived logs and trail files, messages waiting in a dead-letter
 * queue). The one list the URN check, its message and docs/stable-urns.md refer to.
 */
export const DATA_BEARING_TYPES: Readonly<Record<string, string>> = {
  "aws:cloudwatch/logGroup:LogGroup": "log events",
  "aws:kms/key:Key": "the key that decrypts data encrypted with it",
  "aws:dynamodb/table:Table": "table items",
  "aws:s3/bucket:Bucket": "objects",
  "aws:s3/bucketV2:BucketV2": "objects",
  "aws:cloudtrail/trail:Trail": "the trail's event history and delivery",
  "aws:sqs/queue:Queue": "queued messages",
};

/**
 * The inputs of each data-bearing type that force a new resource (the AWS provider's ForceNew
 * properties): a change to one replaces the resource under the same URN. The golden files record
 * their values, so such a change fails like a changed URN.
 */
export const REPLACE_ON: Readonly<Record<string, readonly string[]>> = {
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
  "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey", "localSecondaryIndexes"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:cloudtrail/trail:Trail": ["name"],
  "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
};

export function holdsData(type: string): boolean {
  return Object.hasOwn(DATA_BEARING_TYPES, type);
}

/** One line of a golden file. */
export interface UrnEntry {
  urn: string;
  type: string;
  /** The parent's URN; null for the root stack. */
  parent: string | null;
  /** For a data-bearing resource, the values of its inputs that force a new one (`REPLACE_ON`). */
  replaceOn?: Record<string, unknown>;
}

function replaceOnOf(type: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = REPLACE_ON[type];
  if (!keys) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (inputs[k] !== undefined && inputs[k] !== null) out[k] = inputs[k];
  return out;
}

/** A resource of the current plan: its URN and every old URN its aliases keep. */
export interface CurrentUrn extends UrnEntry {
  /** URNs this resource answers to besides its own (declared and inherited aliases). */
  aliases: string[];
}

const ROOT_STACK = "pulumi:pulumi:Stack";

interface UrnParts {
  stack: string;
  project: string;
  qualifiedType: string;
  name: string;
}

function parseUrn(urn: string): UrnParts {
  const m = /^urn:pulumi:(.*?)::(.*?)::(.*?)::(.*)$/s.exec(urn);
  if (!m) throw new Error(`not a URN: ${urn}`);
  return { stack: m[1], project: m[2], qualifiedType: m[3], name: m[4] };
}

function makeUrn(p: UrnParts): string {
  return `urn:pulumi:${p.stack}::${p.project}::${p.qualifiedType}::${p.name}`;
}

/** The qualified type of a child of `parentUrn` (the root stack does not qualify). */
function childType(parentUrn: string | null, type: string): string {
  if (parentUrn === null) return type;
  const parent = parseUrn(parentUrn).qualifiedType;
  return parent === ROOT_STACK ? type : `${parent}$${type}`;
}

/**
 * Every resource of a plan run with its engine URN, parent and the old URNs its aliases keep —
 * declared on it, or inherited from an aliased parent as the engine derives them (same child name,
 * or the parent's old name in place of its new one when the child's name starts with it).
 */
export function currentUrns(run: Pick<MockRun, "project" | "stack" | "resources">): CurrentUrn[] {
  const byMockUrn = new Map<string, PlannedResource>(run.resources.map((r) => [r.urn, r]));
  const engineUrn = new Map<string, string>();
  const urnOf = (r: PlannedResource): string => {
    const known = engineUrn.get(r.urn);
    if (known) return known;
    const parent = r.parent ? byMockUrn.get(r.parent) : undefined;
    const urn = makeUrn({
      stack: run.stack,
      project: run.project,
      qualifiedType: childType(parent ? urnOf(parent) : null, r.type),
      name: r.name,
    });
    engineUrn.set(r.urn, urn);
    return urn;
  };
  /** A parent URN given in an alias: a resource of this run (its mock URN) or an engine URN. */
  const parentUrn = (u: string): string => {
    const r = byMockUrn.get(u);
    return r ? urnOf(r) : u;
  };

  const oldUrns = new Map<string, Set<string>>();
  const aliasesOf = (r: PlannedResource): Set<string> => {
    const known = oldUrns.get(r.urn);
    if (known) return known;
    const parent = r.parent ? byMockUrn.get(r.parent) : undefined;
    const own = urnOf(r);
    const out = new Set<string>();
    for (const a of r.aliases) out.add(resolveAlias(a, r, parent));
    if (parent) {
      // the engine aliases the children of an aliased parent
      for (const oldParent of aliasesOf(parent)) {
        const oldName = parseUrn(oldParent).name;
        const names = new Set([r.name]);
        if (r.name.startsWith(parent.name)) names.add(oldName + r.name.slice(parent.name.length));
        for (const name of names)
          out.add(
            makeUrn({
              stack: run.stack,
              project: run.project,
              qualifiedType: childType(oldParent, r.type),
              name,
            }),
          );
      }
    }
    out.delete(own);
    oldUrns.set(r.urn, out);
    return out;
  };
  const resolveAlias = (a: AliasRecord, r: PlannedResource, parent: PlannedResource | undefined): string => {
    if (a.urn) return a.urn;
    const oldParent = a.noParent ? null : a.parent ? parentUrn(a.parent) : parent ? urnOf(parent) : null;
    return makeUrn({
      stack: a.stack ?? run.stack,
      project: a.project ?? run.project,
      qualifiedType: childType(oldParent, a.type ?? r.type),
      name: a.name ?? r.name,
    });
  };

  return run.resources
    .map((r) => {
      const parent = r.parent ? byMockUrn.get(r.parent) : undefined;
      const replaceOn = replaceOnOf(r.type, r.inputs);
      return {
        urn: urnOf(r),
        type: r.type,
        parent: parent ? urnOf(parent) : null,
        ...(replaceOn ? { replaceOn } : {}),
        aliases: [...aliasesOf(r)].sort(),
      };
    })
    .sort((a, b) => a.urn.localeCompare(b.urn));
}

/** The golden-file form: URN, type, parent (and `replaceOn` of data-bearing ones), sorted by URN. */
export function goldenOf(current: readonly UrnEntry[]): UrnEntry[] {
  return current
    .map(({ urn, type, parent, replaceOn }) => ({ urn, type, parent, ...(replaceOn ? { replaceOn } : {}) }))
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

export interface UrnDiff {
  /** Recorded URNs no resource answers to any more: deleted (and, if re-declared, replaced). */
  removed: UrnEntry[];
  /** URNs that are new and alias no recorded one: created. */
  added: UrnEntry[];
  /** Recorded URNs kept by an alias of a renamed or moved resource: neither deleted nor created. */
  aliased: { from: string; to: string; type: string }[];
  /** Resources whose URN is kept but an input that forces a new one changed: replaced in place. */
  replaced: { urn: string; type: string; changes: { property: string; from: unknown; to: unknown }[] }[];
}

export function compareUrns(golden: readonly UrnEntry[], current: readonly CurrentUrn[]): UrnDiff {
  const recorded = new Set(golden.map((g) => g.urn));
  const keptBy = new Map<string, CurrentUrn>();
  for (const c of current) {
    if (recorded.has(c.urn)) keptBy.set(c.urn, c);
    for (const a of c.aliases) if (recorded.has(a) && !keptBy.has(a)) keptBy.set(a, c);
  }
  const removed = golden.filter((g) => !keptBy.has(g.urn));
  const added = current
    .filter((c) => !recorded.has(c.urn) && !c.aliases.some((a) => recorded.has(a)))
    .map(({ urn, type, parent }) => ({ urn, type, parent }));
  const aliased = golden
    .filter((g) => keptBy.has(g.urn) && keptBy.get(g.urn)?.urn !== g.urn)
    .map((g) => ({ from: g.urn, to: keptBy.get(g.urn)?.urn ?? "", type: g.type }));
  const replaced: UrnDiff["replaced"] = [];
  for (const g of golden) {
    const c = keptBy.get(g.urn);
    if (!c || !REPLACE_ON[g.type]) continue;
    const before = g.replaceOn ?? {};
    const after = c.replaceOn ?? {};
    const changes = REPLACE_ON[g.type]
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((property) => ({ property, from: before[property], to: after[property] }));
    if (changes.length > 0) replaced.push({ urn: c.urn, type: g.type, changes });
  }
  return { removed, added, aliased, replaced };
}

/** How to record a deliberate change (docs/stable-urns.md). */
export const GOLDEN_UPDATE_COMMAND = "npm run golden:update";

/** The failure message for a diff, or undefined when nothing would be created or deleted. */
export function describeUrnDiff(stack: string, diff: UrnDiff): string | undefined {
  if (diff.removed.length === 0 && diff.added.length === 0 && diff.replaced.length === 0) return undefined;
  const line = (e: UrnEntry) =>
    `    ${holdsData(e.type) ? "DATA " : "     "}${e.type}  ${e.urn}${
      holdsData(e.type) ? `  (holds ${DATA_BEARING_TYPES[e.type]})` : ""
    }`;
  const data = diff.removed.filter((e) => holdsData(e.type));
  const out: string[] = [`URNs of stack ${stack} changed against test/golden/urns.${stack}.json.`];
  if (diff.removed.length > 0) {
    out.push(
      `  ${diff.removed.length} resource(s) would be DELETED — and replaced, if re-created under a new URN:`,
      ...diff.removed.map(line),
    );
    out.push(
      data.length > 0
        ? `  ${data.length} of them HOLD DATA, which the replacement would lose: ${data.map((e) => e.urn.split("::").pop()).join(", ")}.`
        : "  None of them holds data.",
    );
  }
  if (diff.replaced.length > 0) {
    const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));
    out.push(
      `  ${diff.replaced.length} resource(s) keep their URN but would be REPLACED (an input that forces a new one changed):`,
      ...diff.replaced.map(
        (r) =>
          `${line({ urn: r.urn, type: r.type, parent: null })}\n        ${r.changes
            .map((c) => `${c.property}: ${show(c.from)} → ${show(c.to)}`)
            .join(", ")}`,
      ),
    );
  }
  if (diff.added.length > 0)
    out.push(`  ${diff.added.length} resource(s) would be CREATED:`, ...diff.added.map(line));
  out.push(
    "  To keep a resource, give it `aliases: [<old URN>]` (or `{ name, parent }`) in its resource options.",
    `  If the change is intended, record it: ${GOLDEN_UPDATE_COMMAND}, and say in the CHANGELOG what it replaces.`,
  );
  return out.join("\n");
}
