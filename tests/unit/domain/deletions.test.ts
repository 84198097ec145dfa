/**
 * `deletionsIn` decides when a change from another device is a mass deletion (a snapshot is
 * written before it is stored). It must count records removed outright and soft-deleted ones,
 * also in a doc whose collections were never asked for by name (a store that has only received
 * updates holds them as untyped roots), and nothing else.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, deletionsIn, initCampaign } from '../../../src/domain';

function campaign(n: number): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  initCampaign(doc, { name: 'Local 1', by: 'dev-a' });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = createPerson(doc, { name: `Person ${i}` }, { by: 'dev-a' });
    if (!r.ok) throw new Error(r.error.code);
    ids.push(r.value);
  }
  return { doc, ids };
}

/** Applies what `source` has beyond `sv` to `target`, returning what deletionsIn counted. */
function counted(source: Y.Doc, sv: Uint8Array, target: Y.Doc): number {
  let n = -1;
  const on = (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
    n = deletionsIn(tr);
  };
  target.on('update', on);
  Y.applyUpdate(target, Y.encodeStateAsUpdate(source, sv), 'peer');
  target.off('update', on);
  return n;
}

describe('deletionsIn', () => {
  it('counts records removed outright, in a doc that never asked for the collection by name', () => {
    const { doc, ids } = campaign(30);
    const fresh = new Y.Doc(); // only ever receives updates: `people` is an untyped root here
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    const sv = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (const id of ids.slice(0, 12)) doc.getMap('people').delete(id);
    });
    expect(counted(doc, sv, fresh)).toBe(12);
  });

  it('counts soft deletions and ignores edits', () => {
    const { doc, ids } = campaign(5);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getMap('people');
    let sv = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (const id of ids.slice(0, 3)) deletePerson(doc, id, { by: 'dev-b' });
    });
    expect(counted(doc, sv, other)).toBe(3);
    sv = Y.encodeStateVector(doc);
    (doc.getMap('people').get(ids[4] as string) as Y.Map<unknown>).set('jobTitle', 'Picker');
    expect(counted(doc, sv, other)).toBe(0);
  });
});
