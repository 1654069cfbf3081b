/**
 * `obskit test-pattern --file` on a plain file, by chunks (`apps/log-analyzer/src/parallel.ts`):
 * each thread claims chunks in turn and matches their lines as bytes; put back in chunk order, the
 * chunks' matches are those of one pass (indexes offset by the events of the chunks before).
 */
import type { FilterMatcher } from "../../components/filterPattern";
import {
  forEachClaimedChunk,
  forEachClaimedChunkSync,
  type ChunkLineReader,
  type SharedChunks,
} from "../../apps/log-analyzer/src/parallel";

/** What matching the events of one chunk found. */
export interface ChunkMatches {
  readonly index: number;
  /** Events in the chunk. */
  readonly events: number;
  /** 0-based indexes (within the chunk) of the matching events. */
  readonly matched: number[];
  /** The extracted fields of each matching event. */
  readonly fields: Record<string, unknown>[];
}

const CR = 0x0d;

function matchChunk(matcher: FilterMatcher, k: number, reader: ChunkLineReader): ChunkMatches {
  const out: ChunkMatches = { index: k, events: 0, matched: [], fields: [] };
  let events = 0;
  reader.forEachLine(
    k,
    (b, from, to) => {
      // a trailing carriage return is not part of the event (CRLF files)
      const m = matcher.matchBytes(b, from, to > from && b[to - 1] === CR ? to - 1 : to);
      if (m.matched) {
        out.matched.push(events);
        out.fields.push(m.fields ?? {});
      }
      events++;
    },
    () => events++, // never: no line is too long to match
  );
  return { ...out, events };
}

/** Matches chunks of `work` on this thread until none is left (the event loop runs between chunks). */
export async function matchClaimedChunks(
  matcher: FilterMatcher,
  work: SharedChunks,
): Promise<ChunkMatches[]> {
  const out: ChunkMatches[] = [];
  await forEachClaimedChunk(work, Infinity, (k, reader) => out.push(matchChunk(matcher, k, reader)));
  return out;
}

/** {@link matchClaimedChunks} for a worker thread. */
export function matchClaimedChunksSync(matcher: FilterMatcher, work: SharedChunks): ChunkMatches[] {
  const out: ChunkMatches[] = [];
  forEachClaimedChunkSync(work, Infinity, (k, reader) => out.push(matchChunk(matcher, k, reader)));
  return out;
}

/** Puts the chunks of every thread back in file order: one list of indexes and fields. */
export function joinChunkMatches(parts: readonly ChunkMatches[][]): {
  matched: number[];
  fields: Record<string, unknown>[];
} {
  const chunks = parts.flat().sort((a, b) => a.index - b.index);
  const matched: number[] = [];
  const fields: Record<string, unknown>[] = [];
  let offset = 0;
  for (const c of chunks) {
    for (const i of c.matched) matched.push(i + offset);
    for (const f of c.fields) fields.push(f);
    offset += c.events;
  }
  return { matched, fields };
}
