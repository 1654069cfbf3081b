/**
 * Field paths: the path type (`$.a[0].b` is `["a", 0, "b"]`), a path resolved on a parsed value
 * (what JSON.parse plus the extractor's rules give), and the trie the scanner walks: the selected
 * paths merged by their first steps, so one pass over a line finds all of them.
 */
import * as bytes from "./bytes";

// read once into module constants: the CommonJS the CLI runs reads an imported binding
// through a getter on every use, which the scanning loops cannot afford
const { bytesEqual, comparableBytes, decodeUtf8 } = bytes;

/** One step of a path: an object key or an array index. */
export type JsonPathStep = string | number;
/** A path from the top-level object, e.g. `["a", 0, "b"]` for `$.a[0].b`. */
export type JsonPath = readonly JsonPathStep[];

/** Marker returned by {@link JsonFieldExtractor.value} for a path that does not resolve. */
export const ABSENT: unique symbol = Symbol("absent");

/** Resolves a path on a parsed value like the extractor does: ABSENT where a step does not exist. */
export function resolveJsonPath(root: unknown, path: JsonPath): unknown {
  let cur: unknown = root;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(cur) || step >= cur.length) return ABSENT;
      cur = cur[step];
    } else {
      if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, step))
        return ABSENT;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

/** A node of the path trie. */
export interface PathNode {
  /** Slot of the path ending here, or -1. */
  slot: number;
  /** Every slot at or under this node (cleared when its key repeats: the last duplicate wins). */
  slotsBelow: number[];
  keys: KeyEdge[];
  indexes: Map<number, PathNode> | undefined;
}

export interface KeyEdge {
  name: string;
  /** The key's UTF-8 bytes when byte equality is string equality for it. */
  bytes: Buffer | undefined;
  node: PathNode;
}

function newNode(): PathNode {
  return { slot: -1, slotsBelow: [], keys: [], indexes: undefined };
}

/** The trie of `paths` (slot = index in `paths`), and whether some key needs decoding to compare. */
export function buildPathTrie(paths: readonly JsonPath[]): { root: PathNode; stringNeedsParse: boolean } {
  const root = newNode();
  let needsParse = false;
  paths.forEach((path, slot) => {
    if (path.length === 0) throw new RangeError("JsonFieldExtractor: a path needs at least one step");
    if (typeof path[0] !== "string") throw new RangeError("JsonFieldExtractor: a path starts with a key");
    let node = root;
    for (const step of path) {
      let next: PathNode | undefined;
      if (typeof step === "number") {
        if (!Number.isInteger(step) || step < 0)
          throw new RangeError(`JsonFieldExtractor: bad array index ${step}`);
        node.indexes ??= new Map();
        next = node.indexes.get(step);
        if (!next) node.indexes.set(step, (next = newNode()));
      } else {
        next = node.keys.find((e) => e.name === step)?.node;
        if (!next) {
          const bytes = comparableBytes(step);
          if (!bytes) needsParse = true;
          next = newNode();
          node.keys.push({ name: step, bytes, node: next });
        }
      }
      node = next;
    }
    if (node.slot >= 0) throw new RangeError(`JsonFieldExtractor: path ${JSON.stringify(path)} given twice`);
    node.slot = slot;
  });
  const collect = (node: PathNode): number[] => {
    const below = node.slot >= 0 ? [node.slot] : [];
    for (const e of node.keys) below.push(...collect(e.node));
    for (const n of node.indexes?.values() ?? []) below.push(...collect(n));
    node.slotsBelow = below;
    return below;
  };
  collect(root);
  return { root, stringNeedsParse: needsParse };
}

/** The child of `node` the key `b[start..end)` (without quotes) names, if any. */
export function lookupKey(
  node: PathNode,
  b: Uint8Array,
  start: number,
  end: number,
  escaped: boolean,
): PathNode | undefined {
  const keys = node.keys;
  if (keys.length === 0) return undefined;
  let decoded: string | undefined;
  for (let k = 0; k < keys.length; k++) {
    const e = keys[k];
    if (!escaped && e.bytes !== undefined) {
      if (bytesEqual(b, start, end, e.bytes)) return e.node;
      continue;
    }
    decoded ??= escaped
      ? (JSON.parse(decodeUtf8(b, start - 1, end + 1)) as string)
      : decodeUtf8(b, start, end);
    if (decoded === e.name) return e.node;
  }
  return undefined;
}
