/**
 * The list of spaces on this device. A space's row holds its kind, name and 256-bit key, sealed under
 * the master key and bound to the space id, so rows cannot be swapped between spaces unnoticed.
 */
import { fromBase64Url, randomBytes, randomId, toBase64Url } from '../crypto';
import { StorageError } from './errors';
import { openJson, sealJson } from './row-cipher';
import { openEach } from './space-rows';
import type { UnlockedVault } from './vault';

export type SpaceKind = 'campaign' | 'personal';

export interface SpaceMeta {
  id: string;
  kind: SpaceKind;
  name: string;
  /** The space's random 256-bit key (shared with members of a campaign; never leaves a personal space). */
  key: Uint8Array;
  createdAt: number;
}

interface StoredMeta {
  kind: SpaceKind;
  name: string;
  key: string;
  createdAt: number;
}

const context = (id: string) => `space-meta/${id}`;

function parseMeta(id: string, raw: unknown): SpaceMeta {
  const m = raw as Partial<StoredMeta> | null;
  if (
    !m ||
    (m.kind !== 'campaign' && m.kind !== 'personal') ||
    typeof m.name !== 'string' ||
    typeof m.key !== 'string' ||
    typeof m.createdAt !== 'number'
  ) {
    throw new StorageError('corrupt-space', { id });
  }
  const key = fromBase64Url(m.key);
  if (key.length !== 32) throw new StorageError('corrupt-space', { id });
  return { id, kind: m.kind, name: m.name, key, createdAt: m.createdAt };
}

export async function writeSpaceMeta(vault: UnlockedVault, meta: SpaceMeta): Promise<void> {
  const stored: StoredMeta = {
    kind: meta.kind,
    name: meta.name,
    key: toBase64Url(meta.key),
    createdAt: meta.createdAt,
  };
  await vault.db.spaces.put({ id: meta.id, sealed: await sealJson(vault.cipher, stored, context(meta.id)) });
  await vault.db.secondCopySettled();
}

/** Creates a space with a fresh random id and key (or the given ones, when joining by invite). */
export async function createSpace(
  vault: UnlockedVault,
  input: { kind: SpaceKind; name: string; id?: string; key?: Uint8Array },
): Promise<SpaceMeta> {
  const meta: SpaceMeta = {
    id: input.id ?? randomId(),
    kind: input.kind,
    name: input.name,
    key: input.key ?? randomBytes(32),
    createdAt: Date.now(),
  };
  await writeSpaceMeta(vault, meta);
  return meta;
}

/**
 * Lists the spaces this device holds. A row that fails to open is reported in `unreadable`
 * and left in place, never deleted.
 */
export async function listSpaces(
  vault: UnlockedVault,
): Promise<{ spaces: SpaceMeta[]; unreadable: string[] }> {
  const rows = await vault.db.spaces.toArray();
  const { opened, unreadable } = await openEach(rows, async (row) =>
    parseMeta(row.id, await openJson(vault.cipher, row.sealed, context(row.id))),
  );
  const spaces = opened.map((o) => o.value);
  spaces.sort((a, b) => a.createdAt - b.createdAt);
  return { spaces, unreadable: unreadable.map((row) => row.id) };
}

export async function getSpace(vault: UnlockedVault, id: string): Promise<SpaceMeta> {
  const row = await vault.db.spaces.get(id);
  if (!row) throw new StorageError('unknown-space', { id });
  try {
    return parseMeta(id, await openJson(vault.cipher, row.sealed, context(id)));
  } catch (err) {
    if (err instanceof StorageError) throw err;
    throw new StorageError('corrupt-space', { id });
  }
}
