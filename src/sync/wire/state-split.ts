/**
 * Encodes what a peer lacks (sync step 2) as several Yjs v1 updates of bounded size, instead of
 * `Y.encodeStateAsUpdate`'s single one. A 30,000-person campaign is about 68 MB as one update:
 * over the 32 MiB a peer accepts (`maxUpdateBytes`), and seconds of decoding in one piece on a
 * phone. Split, each part is checked by the decode guard and applied on its own.
 *
 * How: the same structs `Y.encodeStateAsUpdate(doc, stateVector)` would write, taken from the doc's
 * struct store and written with Yjs's own struct writers (`Item.write`, `GC.write` into a
 * `Y.UpdateEncoderV1`), grouped into parts. The delete set follows in parts of its own.
 *
 * What must stay true:
 * - The parts, applied in order, give exactly the state one `encodeStateAsUpdate` would: the same
 *   structs (each exactly once), the same delete set, the same pending structs and deletions.
 * - A v1 update holds at most one run of structs per client (Yjs's reader keeps the last run it
 *   reads for a client), so a part holds one contiguous clock range per client.
 * - Parts are in dependency order: every struct's origin, right origin and parent item is in the
 *   same part or an earlier one (or already known to the peer). A peer applying the parts in order
 *   then never holds structs pending on a later part, which would make Yjs re-merge the pending
 *   set on every part. (Order is only an optimisation: parts applied in any order still converge.)
 * - A part grows past `targetBytes` by at most one struct (a struct is never cut).
 *
 * Relies on Yjs 13.6 internals that its type declarations expose: `doc.store.clients`, the
 * structs' `origin`, `rightOrigin`, `parent` and `write(encoder, offset)`. tests/unit/sync-state-
 * split.test.ts compares the parts with `encodeStateAsUpdate` on random docs; a Yjs upgrade that
 * changes these shows there.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Default size a part aims for: small enough to check and apply in well under a second on a phone. */
export const DEFAULT_STATE_PART_BYTES = 2 * 1024 * 1024;

type Struct = Y.Item | Y.GC;

interface Run {
  client: number;
  clock: number;
  count: number;
  encoder: Y.UpdateEncoderV1;
}

/** Ids a struct needs integrated before it: origin, right origin, parent item. */
function dependencies(struct: Struct): (Y.ID | null)[] {
  if (!(struct instanceof Y.Item)) return [];
  const parent = struct.parent;
  const parentId = parent instanceof Y.ID ? parent : (parent as Y.AbstractType<unknown> | null)?._item?.id;
  return [struct.origin, struct.rightOrigin, parentId ?? null];
}

/**
 * The state `doc` has and a peer with state vector `encodedStateVector` lacks, as one or more v1
 * updates of about `targetBytes` each (see the header).
 *
 * @example
 * for (const part of encodeStateAsUpdates(doc, remoteStateVector, 2 << 20)) send(part);
 */
export function encodeStateAsUpdates(
  doc: Y.Doc,
  encodedStateVector: Uint8Array = Uint8Array.of(0),
  targetBytes: number = DEFAULT_STATE_PART_BYTES,
): Uint8Array[] {
  const cursors = startCursors(doc, Y.decodeStateVector(encodedStateVector));
  /** Known to the peer once everything written so far arrives. */
  const known = (id: Y.ID | null): boolean => {
    if (!id) return true;
    const cursor = cursors.get(id.client);
    // A client we write nothing for: the peer has it already (or nobody has it; Yjs then waits).
    return !cursor || id.clock < cursor.clock;
  };

  const parts: Uint8Array[] = [];
  let runs = new Map<number, Run>();
  let bytes = 0;
  const closePart = () => {
    if (runs.size === 0) return;
    parts.push(encodeRuns(runs));
    runs = new Map();
    bytes = 0;
  };

  while (cursors.size > 0) {
    let progress = false;
    for (const [client, cursor] of cursors) {
      while (cursor.index < cursor.structs.length) {
        const struct = cursor.structs[cursor.index] as Struct;
        if (!dependencies(struct).every(known)) break;
        const run = runOf(runs, client, cursor.clock);
        const before = encoding.length(run.encoder.restEncoder);
        struct.write(run.encoder, cursor.clock - struct.id.clock);
        bytes += encoding.length(run.encoder.restEncoder) - before;
        run.count++;
        cursor.index++;
        cursor.clock = struct.id.clock + struct.length;
        progress = true;
        if (bytes >= targetBytes) closePart();
      }
      if (cursor.index >= cursor.structs.length) cursors.delete(client);
    }
    // Structs of a consistent doc always have their dependencies in the store; if not (a store that
    // Yjs itself could not encode in order), write the rest as is and let the peer's Yjs wait.
    if (!progress) {
      for (const [client, cursor] of cursors) {
        for (; cursor.index < cursor.structs.length; cursor.index++) {
          const struct = cursor.structs[cursor.index] as Struct;
          const run = runOf(runs, client, cursor.clock);
          struct.write(run.encoder, cursor.clock - struct.id.clock);
          run.count++;
          cursor.clock = struct.id.clock + struct.length;
        }
      }
      cursors.clear();
    }
  }
  closePart();
  parts.push(...deleteSetParts(Y.createDeleteSetFromStructStore(doc.store), targetBytes));

  parts.push(...pendingParts(doc, encodedStateVector));
  if (parts.length === 0) parts.push(Uint8Array.of(0, 0));
  return parts;
}

/** Per client the peer lacks structs of: the structs, the index of the next one to write, and the clock written up to. */
type Cursors = Map<number, { structs: Struct[]; index: number; clock: number }>;

function startCursors(doc: Y.Doc, remote: Map<number, number>): Cursors {
  const clients = doc.store.clients as Map<number, Struct[]>;
  const cursors: Cursors = new Map();
  // Yjs writes higher client ids first; the same order here keeps parts close to Yjs's own update.
  for (const client of [...clients.keys()].sort((a, b) => b - a)) {
    const structs = clients.get(client) as Struct[];
    const last = structs[structs.length - 1];
    if (!last) continue;
    const end = last.id.clock + last.length;
    const clock = Math.max(remote.get(client) ?? 0, (structs[0] as Struct).id.clock);
    if (clock >= end) continue;
    cursors.set(client, { structs, index: Y.findIndexSS(structs, clock), clock });
  }
  return cursors;
}

/** The open run of `client` in the part being written, started at `clock` when there is none. */
function runOf(runs: Map<number, Run>, client: number, clock: number): Run {
  let run = runs.get(client);
  if (!run) {
    run = { client, clock, count: 0, encoder: new Y.UpdateEncoderV1() };
    runs.set(client, run);
  }
  return run;
}

/** One part: the runs' structs as a v1 update without deletions (they follow in parts of their own). */
function encodeRuns(runs: Map<number, Run>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, runs.size);
  for (const run of runs.values()) {
    encoding.writeVarUint(e, run.count);
    encoding.writeVarUint(e, run.client);
    encoding.writeVarUint(e, run.clock);
    encoding.writeUint8Array(e, run.encoder.toUint8Array());
  }
  encoding.writeVarUint(e, 0); // no deletions: they follow in parts of their own
  return encoding.toUint8Array(e);
}

/** What Yjs's encodeStateAsUpdate adds too: structs and deletions waiting for missing predecessors. */
function pendingParts(doc: Y.Doc, encodedStateVector: Uint8Array): Uint8Array[] {
  const store = doc.store;
  const parts: Uint8Array[] = [];
  if (store.pendingDs) parts.push(Y.convertUpdateFormatV2ToV1(store.pendingDs));
  if (store.pendingStructs) {
    parts.push(Y.convertUpdateFormatV2ToV1(Y.diffUpdateV2(store.pendingStructs.update, encodedStateVector)));
  }
  return parts;
}

/** A delete set as updates without structs, each about `targetBytes` or less. */
function deleteSetParts(
  ds: ReturnType<typeof Y.createDeleteSetFromStructStore>,
  targetBytes: number,
): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let entries: [number, { clock: number; len: number }[]][] = [];
  let bytes = 0;
  const close = () => {
    if (entries.length === 0) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0); // no structs
    encoding.writeVarUint(e, entries.length);
    for (const [client, ranges] of entries) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, ranges.length);
      for (const r of ranges) {
        encoding.writeVarUint(e, r.clock);
        encoding.writeVarUint(e, r.len);
      }
    }
    parts.push(encoding.toUint8Array(e));
    entries = [];
    bytes = 0;
  };
  const clients = ds.clients as Map<number, { clock: number; len: number }[]>;
  for (const client of [...clients.keys()].sort((a, b) => b - a)) {
    const ranges = clients.get(client) ?? [];
    let current: { clock: number; len: number }[] = [];
    entries.push([client, current]);
    bytes += 10;
    for (const r of ranges) {
      current.push({ clock: r.clock, len: r.len });
      bytes += 12; // at most two varuints of 6 bytes below 2^42
      if (bytes >= targetBytes) {
        close();
        current = [];
        entries.push([client, current]);
        bytes = 10;
      }
    }
    if (current.length === 0) entries.pop();
  }
  close();
  return parts;
}
