import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyRemoteUpdate, checkUpdate, type UpdateRules } from '../../../src/sync';
import { mulberry32 } from '../../support/rng';

const rules: UpdateRules = {
  maxUpdateBytes: 1024 * 1024,
  knownCollections: new Set(['meta', 'people', 'notes']),
};

const seededRandom = mulberry32;

function campaignDoc(people = 20): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('meta').set('name', 'Local 12');
  const map = doc.getMap<Y.Map<unknown>>('people');
  for (let i = 0; i < people; i++) {
    const p = new Y.Map<unknown>();
    p.set('name', `Person ${i}`);
    p.set('notes', `Note ${i} `.repeat(5));
    const history = new Y.Array<unknown>();
    history.push([{ value: i % 5, at: i }]);
    p.set('history', history);
    map.set(`p${i}`, p);
  }
  const text = doc.getText('notes');
  text.insert(0, 'shared text');
  return doc;
}

const clone = (doc: Y.Doc) => {
  const c = new Y.Doc();
  Y.applyUpdate(c, Y.encodeStateAsUpdate(doc));
  return c;
};
const snapshot = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);

/** A hand-made v1 update: `structs` for one client, no delete set. */
function craftUpdate(client: number, write: (e: encoding.Encoder) => number): Uint8Array {
  const body = encoding.createEncoder();
  const count = write(body);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  encoding.writeUint8Array(e, encoding.toUint8Array(body));
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** Item at (client, 0) setting people[key] = value (no origin: parent given by name). */
function writeRootMapItem(e: encoding.Encoder, parent: string, key: string, value: unknown) {
  encoding.writeUint8(e, 8 | 0x20); // ContentAny, has parentSub
  encoding.writeVarUint(e, 1); // parent is a ystring key
  encoding.writeVarString(e, parent);
  encoding.writeVarString(e, key);
  encoding.writeVarUint(e, 1);
  encoding.writeAny(e, value as string);
}

describe('checkUpdate / applyRemoteUpdate', () => {
  it('applies a valid update with the peer as origin', () => {
    const source = campaignDoc(5);
    const target = new Y.Doc();
    const origin = { kind: 'peer', peerId: 'p1' };
    const seen: unknown[] = [];
    target.on('afterTransaction', (tr: Y.Transaction) => seen.push(tr.origin));
    expect(applyRemoteUpdate(target, snapshot(source), origin, rules)).toEqual({ ok: true });
    expect(seen).toEqual([origin]);
    expect(target.getMap('people').size).toBe(5);
  });

  it('rejects garbage bytes, leaving the space unchanged', () => {
    const target = campaignDoc(3);
    const before = snapshot(target);
    const random = seededRandom(7);
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 200) }, () =>
        Math.floor(random() * 256),
      );
      garbage[0] = 1 + ((garbage[0] ?? 0) % 5); // a plausible client count, so decoding goes further
      const v = applyRemoteUpdate(target, garbage, 'peer', rules);
      if (!v.ok) rejected++;
    }
    expect(rejected).toBeGreaterThan(190);
    expect(
      applyRemoteUpdate(target, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f), 'peer', rules),
    ).toMatchObject({
      ok: false,
      reason: 'undecodable-update',
    });
    expect(snapshot(target)).toEqual(before);
  });

  it('rejects every truncation of a real update, leaving the space unchanged', () => {
    const update = snapshot(campaignDoc(4));
    const target = campaignDoc(0);
    const before = snapshot(target);
    for (let cut = 1; cut < update.length - 1; cut += 3) {
      const v = applyRemoteUpdate(target, update.subarray(0, cut), 'peer', rules);
      expect(v.ok, `cut at ${cut}`).toBe(false);
    }
    expect(snapshot(target)).toEqual(before);
  });

  it('rejects an oversized update before decoding it', () => {
    const big = new Y.Doc();
    big.getMap('people').set('x', 'a'.repeat(2 * 1024 * 1024));
    const target = campaignDoc(2);
    const before = snapshot(target);
    expect(applyRemoteUpdate(target, snapshot(big), 'peer', rules)).toMatchObject({
      ok: false,
      reason: 'oversized-update',
    });
    expect(snapshot(target)).toEqual(before);
  });

  it('rejects an update touching an unknown top-level collection, even mixed with valid changes', () => {
    const source = clone(campaignDoc(2));
    const target = clone(source);
    const before = snapshot(target);
    const sv = Y.encodeStateVector(source);
    source.transact(() => {
      source.getMap('people').set('p99', 'new person');
      source.getMap('evil').set('x', 1);
    });
    const diff = Y.encodeStateAsUpdate(source, sv);
    expect(applyRemoteUpdate(target, diff, 'peer', rules)).toMatchObject({
      ok: false,
      reason: 'unknown-collection',
      detail: 'evil',
    });
    expect(snapshot(target)).toEqual(before);
    const onlyArray = new Y.Doc();
    onlyArray.getArray('__proto__').push([1]);
    expect(checkUpdate(snapshot(onlyArray), rules)).toMatchObject({
      ok: false,
      reason: 'unknown-collection',
    });
  });

  it('rejects sub-documents', () => {
    const source = new Y.Doc();
    source.getMap('people').set('sub', new Y.Doc());
    expect(checkUpdate(snapshot(source), rules)).toMatchObject({ ok: false, reason: 'unsupported-content' });
  });

  it('rejects a self-reference Yjs would throw on half-way, so nothing is applied', () => {
    // Struct 0 is a valid people entry; struct 1 names its own client at a future clock as origin.
    const update = craftUpdate(5, (e) => {
      writeRootMapItem(e, 'people', 'intruder', 'first struct');
      encoding.writeUint8(e, 8 | 0x80); // ContentAny with origin
      encoding.writeVarUint(e, 5);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, 'x');
      return 2;
    });
    // Unchecked, Yjs integrates the first struct and then throws: a half-applied update.
    const unchecked = campaignDoc(1);
    expect(() => Y.applyUpdate(unchecked, update)).toThrow();
    expect(unchecked.getMap('people').get('intruder')).toBe('first struct');
    // Checked: refused, the space is unchanged.
    const target = campaignDoc(1);
    const before = snapshot(target);
    expect(applyRemoteUpdate(target, update, 'peer', rules)).toMatchObject({
      ok: false,
      reason: 'invalid-reference',
    });
    expect(snapshot(target)).toEqual(before);
  });

  it('accepts a crafted valid struct (the crafting helper itself is sound)', () => {
    const update = craftUpdate(5, (e) => {
      writeRootMapItem(e, 'people', 'crafted', 'hello');
      return 1;
    });
    const target = campaignDoc(1);
    expect(applyRemoteUpdate(target, update, 'peer', rules)).toEqual({ ok: true });
    expect(target.getMap('people').get('crafted')).toBe('hello');
  });

  it('fuzz: whatever passes the check applies without throwing', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20240611);
    const random = seededRandom(seed);
    const base = campaignDoc(6);
    const target = clone(base);
    // Updates to mutate: full state, and incremental edits (map overwrite, array insert, text, delete).
    const edited = clone(base);
    const sv = Y.encodeStateVector(edited);
    edited.transact(() => {
      const p = edited.getMap<Y.Map<unknown>>('people').get('p1') as Y.Map<unknown>;
      p.set('name', 'Renamed');
      (p.get('history') as Y.Array<unknown>).insert(0, [{ value: 4, at: 99 }]);
      edited.getText('notes').insert(3, 'more ');
      edited.getMap('people').delete('p2');
    });
    const sources = [snapshot(base), Y.encodeStateAsUpdate(edited, sv), snapshot(edited)];
    let passed = 0;
    const iterations = 3000;
    for (let i = 0; i < iterations; i++) {
      const src = sources[i % sources.length] as Uint8Array;
      const m = src.slice();
      const kind = Math.floor(random() * 4);
      const mutations = 1 + Math.floor(random() * 3);
      let mutated: Uint8Array = m;
      for (let k = 0; k < mutations; k++) {
        const at = Math.floor(random() * mutated.length);
        if (kind === 0) mutated[at] = Math.floor(random() * 256);
        else if (kind === 1) mutated[at] = (mutated[at] ?? 0) ^ (1 << Math.floor(random() * 8));
        else if (kind === 2)
          mutated = Uint8Array.from([
            ...mutated.subarray(0, at),
            Math.floor(random() * 256),
            ...mutated.subarray(at),
          ]);
        else mutated = Uint8Array.from([...mutated.subarray(0, at), ...mutated.subarray(at + 1)]);
      }
      if (!checkUpdate(mutated, rules).ok) continue;
      passed++;
      const doc = i % 2 === 0 ? clone(target) : new Y.Doc();
      try {
        Y.applyUpdate(doc, mutated);
      } catch (e) {
        throw new Error(`seed ${seed}, iteration ${i}: a checked update threw while applying: ${String(e)}`);
      }
    }
    // The fuzz is meaningful only if many mutants got past the check.
    expect(passed).toBeGreaterThan(iterations / 10);
  });
});
