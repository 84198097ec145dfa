/**
 * A seeded corpus of hostile input for the sync layer: malformed, truncated, bit-flipped, spliced
 * and oversized Yjs updates; updates crafted to make decoding slow or deep (huge declared counts
 * and lengths, a million tiny structs, a hundred thousand clients, a million delete ranges,
 * ContentAny nested 100,000 deep); hostile state vectors; and data-channel frame streams that
 * attack the framing (bad headers, lying totals, duplicates, too many partial messages) or carry
 * hostile sync, awareness, hello and ack messages inside valid frames.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  encodeFrame,
  FRAME_VERSION,
  MESSAGE_ACK,
  MESSAGE_AWARENESS,
  MESSAGE_HELLO,
  MESSAGE_SYNC,
  splitMessage,
} from '../../src/sync';
import type { Rng } from './rng';

export type HostileCase =
  | { kind: 'update'; label: string; bytes: Uint8Array }
  | { kind: 'state-vector'; label: string; bytes: Uint8Array }
  | { kind: 'frames'; label: string; frames: Uint8Array[] };

const varUint = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/** An update of `n` one-clock GC structs of one client: tiny on the wire, n objects to decode. */
export function tinyStructs(n: number): Uint8Array {
  return varUint((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, n);
    encoding.writeVarUint(e, 7);
    encoding.writeVarUint(e, 0);
    for (let i = 0; i < n; i++) {
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 1);
    }
    encoding.writeVarUint(e, 0);
  });
}

/** One GC struct for each of `n` clients. */
export function manyClients(n: number): Uint8Array {
  return varUint((e) => {
    encoding.writeVarUint(e, n);
    for (let i = 0; i < n; i++) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1000 + i);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 1);
    }
    encoding.writeVarUint(e, 0);
  });
}

/** No structs, and a delete set of `n` ranges for one client. */
export function bigDeleteSet(n: number, client = 9): Uint8Array {
  return varUint((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, n);
    for (let i = 0; i < n; i++) {
      encoding.writeVarUint(e, i * 2);
      encoding.writeVarUint(e, 1);
    }
  });
}

/** people[key] = [[[[…]]]] nested `depth` deep (ContentAny), by a fresh client. */
export function deepAny(depth: number): Uint8Array {
  return varUint((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 4242);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, 8 | 0x20); // ContentAny, has parentSub
    encoding.writeVarUint(e, 1); // parent is a top-level name
    encoding.writeVarString(e, 'people');
    encoding.writeVarString(e, 'deep');
    encoding.writeVarUint(e, 1);
    for (let i = 0; i < depth; i++) {
      encoding.writeUint8(e, 117); // array
      encoding.writeVarUint(e, 1);
    }
    encoding.writeUint8(e, 126); // null
    encoding.writeVarUint(e, 0);
  });
}

/** A map item whose key claims `length` bytes of string that are not there. */
export function lyingStringLength(length: number): Uint8Array {
  return varUint((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 4243);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, 4 | 0x20); // ContentString, has parentSub
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'people');
    encoding.writeVarUint(e, length); // key length, then nothing
  });
}

/** Declared counts far beyond the bytes that follow. */
export function hugeCounts(): Uint8Array[] {
  return [
    varUint((e) => encoding.writeVarUint(e, 0xffffffff)),
    varUint((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 2 ** 31);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 0);
    }),
    varUint((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2 ** 30);
    }),
    varUint((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER); // clock
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER); // GC length
      encoding.writeVarUint(e, 0);
    }),
    new Uint8Array(64).fill(0x80), // a varint that never ends
    new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
  ];
}

/** A sync message (type 0) of the given sync kind carrying `payload`. */
export function syncMessage(kind: number, payload: Uint8Array): Uint8Array {
  return varUint((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
  });
}

function mutate(rng: Rng, bytes: Uint8Array): { label: string; bytes: Uint8Array } {
  const out = bytes.slice();
  switch (rng.int(7)) {
    case 0: {
      const at = rng.int(bytes.length);
      return { label: `truncated at ${at}/${bytes.length}`, bytes: bytes.slice(0, at) };
    }
    case 1: {
      const flips = rng.range(1, 8);
      for (let i = 0; i < flips; i++) {
        const at = rng.int(out.length);
        out[at] = (out[at] as number) ^ (1 << rng.int(8));
      }
      return { label: `${flips} bits flipped`, bytes: out };
    }
    case 2: {
      const at = rng.int(out.length);
      const run = new Uint8Array(rng.range(1, 12)).fill(rng.pick([0xff, 0x80, 0x00]));
      const spliced = new Uint8Array(out.length + run.length);
      spliced.set(out.subarray(0, at));
      spliced.set(run, at);
      spliced.set(out.subarray(at), at + run.length);
      return {
        label: `${run.length} bytes of 0x${(run[0] as number).toString(16)} inserted at ${at}`,
        bytes: spliced,
      };
    }
    case 3: {
      const at = rng.int(out.length);
      out[at] = rng.int(256);
      return { label: `byte ${at} replaced`, bytes: out };
    }
    case 4: {
      const from = rng.int(out.length);
      const len = rng.range(1, Math.min(64, out.length - from));
      const at = rng.int(out.length);
      const dup = new Uint8Array(out.length + len);
      dup.set(out.subarray(0, at));
      dup.set(out.subarray(from, from + len), at);
      dup.set(out.subarray(at), at + len);
      return { label: `${len} bytes duplicated into ${at}`, bytes: dup };
    }
    case 5:
      return { label: 'random bytes', bytes: rng.bytes(rng.range(0, 200)) };
    default: {
      const cut = rng.int(out.length);
      const tail = rng.bytes(rng.range(1, 40));
      const joined = new Uint8Array(cut + tail.length);
      joined.set(out.subarray(0, cut));
      joined.set(tail, cut);
      return { label: `tail after ${cut} replaced by random`, bytes: joined };
    }
  }
}

/** Frames of one message with a hand-set header (any field may lie). */
function rawFrame(id: number, index: number, count: number, total: number, payload: Uint8Array): Uint8Array {
  return encodeFrame({ id, index, count, total }, payload);
}

/**
 * Builds `count` seeded cases from valid updates of the target campaign (`valid`), plus the fixed
 * crafted ones. `maxUpdateBytes` is the limit the target enforces (the oversized case exceeds it).
 */
export function hostileCorpus(
  rng: Rng,
  valid: readonly Uint8Array[],
  count: number,
  maxUpdateBytes: number,
): HostileCase[] {
  const cases: HostileCase[] = [];
  const base = () => rng.pick(valid);

  // Crafted, fixed.
  cases.push({ kind: 'update', label: 'a million one-clock structs', bytes: tinyStructs(1_000_000) });
  cases.push({ kind: 'update', label: '100,000 clients', bytes: manyClients(100_000) });
  cases.push({ kind: 'update', label: 'a million delete ranges', bytes: bigDeleteSet(1_000_000) });
  cases.push({ kind: 'update', label: 'ContentAny nested 100,000 deep', bytes: deepAny(100_000) });
  cases.push({
    kind: 'update',
    label: 'string length 2^31 declared, absent',
    bytes: lyingStringLength(2 ** 31 - 1),
  });
  for (const [i, bytes] of hugeCounts().entries())
    cases.push({ kind: 'update', label: `huge declared count #${i}`, bytes });
  cases.push({ kind: 'update', label: 'oversized', bytes: new Uint8Array(maxUpdateBytes + 1) });
  cases.push({ kind: 'update', label: 'empty', bytes: new Uint8Array(0) });
  cases.push({
    kind: 'update',
    label: 'v2 update to the v1 decoder',
    bytes: Y.encodeStateAsUpdateV2(new Y.Doc()),
  });
  cases.push({
    kind: 'state-vector',
    label: 'state vector: 2^32 clients',
    bytes: varUint((e) => encoding.writeVarUint(e, 0xffffffff)),
  });
  cases.push({
    kind: 'state-vector',
    label: 'state vector: endless varint',
    bytes: new Uint8Array(32).fill(0x80),
  });

  // Framing attacks.
  const ok = syncMessage(syncProtocol.messageYjsSyncStep2, new Uint8Array([0, 0]));
  cases.push({ kind: 'frames', label: 'frame: empty', frames: [new Uint8Array(0)] });
  cases.push({
    kind: 'frames',
    label: 'frame: wrong version',
    frames: [Uint8Array.of(FRAME_VERSION + 1, ...rawFrame(1, 0, 1, 2, ok).subarray(1))],
  });
  cases.push({ kind: 'frames', label: 'frame: count 0', frames: [rawFrame(1, 0, 0, ok.length, ok)] });
  cases.push({ kind: 'frames', label: 'frame: index ≥ count', frames: [rawFrame(1, 3, 2, ok.length, ok)] });
  cases.push({
    kind: 'frames',
    label: 'frame: total 4 GiB',
    frames: [rawFrame(1, 0, 70_000, 0xffffffff, ok)],
  });
  cases.push({
    kind: 'frames',
    label: 'frame: payload longer than total',
    frames: [rawFrame(1, 0, 1, 1, ok)],
  });
  cases.push({
    kind: 'frames',
    label: 'frame: counts disagree',
    frames: [rawFrame(2, 0, 3, 30, new Uint8Array(10)), rawFrame(2, 1, 4, 30, new Uint8Array(10))],
  });
  cases.push({
    kind: 'frames',
    label: 'frame: duplicate chunk',
    frames: [rawFrame(3, 0, 3, 30, new Uint8Array(10)), rawFrame(3, 0, 3, 30, new Uint8Array(10))],
  });
  cases.push({
    kind: 'frames',
    label: 'frame: 64 partial messages that never finish',
    frames: Array.from({ length: 64 }, (_, id) => rawFrame(100 + id, 0, 2, 20_000, new Uint8Array(10_000))),
  });
  cases.push({
    kind: 'frames',
    label: 'frame: lengths add up wrong',
    frames: [rawFrame(4, 0, 2, 30, new Uint8Array(10)), rawFrame(4, 1, 2, 30, new Uint8Array(10))],
  });

  // Seeded: mutated updates (plain and inside sync messages), hostile messages in valid frames.
  while (cases.length < count) {
    const m = mutate(rng, base());
    const roll = rng.int(10);
    if (roll < 5) cases.push({ kind: 'update', label: m.label, bytes: m.bytes });
    else if (roll < 6)
      cases.push({
        kind: 'state-vector',
        label: `state vector: ${m.label}`,
        bytes: mutate(rng, Y.encodeStateVectorFromUpdate(base())).bytes,
      });
    else {
      let message: Uint8Array;
      let label: string;
      switch (rng.int(7)) {
        case 0:
          message = syncMessage(syncProtocol.messageYjsSyncStep2, m.bytes);
          label = `step 2 carrying: ${m.label}`;
          break;
        case 1:
          message = syncMessage(syncProtocol.messageYjsUpdate, m.bytes);
          label = `update message carrying: ${m.label}`;
          break;
        case 2:
          message = syncMessage(
            syncProtocol.messageYjsSyncStep1,
            mutate(rng, Y.encodeStateVectorFromUpdate(base())).bytes,
          );
          label = 'step 1 with a mutated state vector';
          break;
        case 3:
          message = varUint((e) => {
            encoding.writeVarUint(e, MESSAGE_AWARENESS);
            encoding.writeVarUint8Array(e, rng.bytes(rng.range(0, 300)));
          });
          label = 'awareness: random bytes';
          break;
        case 4:
          message = varUint((e) => {
            encoding.writeVarUint(e, MESSAGE_HELLO);
            encoding.writeVarString(
              e,
              rng.chance(0.5) ? '{"v":1,"deviceId":"x","deviceName":"\u0000"}' : 'not json',
            );
          });
          label = 'hello: malformed';
          break;
        case 5:
          message = varUint((e) => {
            encoding.writeVarUint(e, MESSAGE_ACK);
            encoding.writeVarUint(e, 0xfffffff);
          });
          label = 'ack: 268 million ids declared';
          break;
        default:
          message = mutate(rng, syncMessage(syncProtocol.messageYjsSyncStep2, base())).bytes;
          label = 'mutated sync message';
      }
      const chunk = rng.pick([7, 64, 1024, 64 * 1024]);
      const frames = [...splitMessage(rng.int(0xffffffff), message, chunk)];
      if (rng.chance(0.2) && frames.length > 1) frames.pop(); // never completes
      if (rng.chance(0.1)) rng.shuffle(frames);
      cases.push({ kind: 'frames', label: `${label} (${frames.length} frames of ${chunk})`, frames });
    }
  }
  return cases;
}
