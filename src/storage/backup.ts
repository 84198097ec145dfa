/**
 * Encrypted backups of the whole device state (every space: its id, kind, name, key and document).
 * The file is JSON around one AES-256-GCM blob sealed under a key derived from the backup
 * passphrase (PBKDF2-SHA256, fresh salt), so a wrong passphrase or any flipped byte fails to open
 * with a coded error and nothing is written. Importing writes each space as one snapshot row in a
 * single transaction per space; a space already on the device is merged (Yjs merges are lossless).
 */
import * as Y from 'yjs';
import {
  CryptoError,
  deriveKeyEncryptionKey,
  fromBase64Url,
  fromUtf8,
  KDF_ITERATIONS,
  newSalt,
  open,
  seal,
  toBase64Url,
  utf8,
} from '../crypto';
import { StorageError } from './errors';
import { SpaceStore, type SpaceStoreOptions } from './space-store';
import { listSpaces, type SpaceKind, type SpaceMeta, writeSpaceMeta } from './spaces';
import type { UnlockedVault } from './vault';

export const BACKUP_FORMAT = 'shopfloor-backup';
const AAD = utf8('shopfloor/backup/v1');

export type BackupErrorCode = 'not-a-backup' | 'wrong-passphrase-or-damaged' | 'unsupported-version';
export class BackupError extends Error {
  constructor(readonly code: BackupErrorCode) {
    super(`backup: ${code}`);
    this.name = 'BackupError';
  }
}

interface BackupSpace {
  id: string;
  kind: SpaceKind;
  name: string;
  key: string;
  createdAt: number;
  state: string;
}

interface BackupPayload {
  createdAt: number;
  spaces: BackupSpace[];
}

/**
 * Builds a backup file. `openStores` are the stores the session already has open (their docs are
 * used as they are, after a flush); other spaces are loaded from storage.
 */
export async function exportBackup(
  vault: UnlockedVault,
  passphrase: string,
  opts: { openStores?: SpaceStore[]; iterations?: number } = {},
): Promise<Uint8Array> {
  const { spaces } = await listSpaces(vault);
  const payload: BackupPayload = { createdAt: Date.now(), spaces: [] };
  for (const meta of spaces) {
    const open = opts.openStores?.find((s) => s.spaceId === meta.id);
    let state: Uint8Array;
    if (open) {
      await open.flush();
      state = Y.encodeStateAsUpdate(open.doc);
    } else {
      const store = await SpaceStore.open(vault.db, vault.cipher, meta.id);
      state = Y.encodeStateAsUpdate(store.doc);
      await store.close();
      store.doc.destroy();
    }
    payload.spaces.push({
      id: meta.id,
      kind: meta.kind,
      name: meta.name,
      key: toBase64Url(meta.key),
      createdAt: meta.createdAt,
      state: toBase64Url(state),
    });
  }
  const kdf = {
    alg: 'PBKDF2-SHA256' as const,
    iterations: opts.iterations ?? KDF_ITERATIONS,
    salt: newSalt(),
  };
  const key = await deriveKeyEncryptionKey(passphrase, kdf);
  const sealed = await seal(key, utf8(JSON.stringify(payload)), AAD);
  const file = {
    format: BACKUP_FORMAT,
    version: 1,
    kdf: { alg: kdf.alg, iterations: kdf.iterations, salt: toBase64Url(kdf.salt) },
    data: toBase64Url(sealed),
  };
  return utf8(JSON.stringify(file));
}

/** Opens a backup file; throws {@link BackupError} with a code, never a half-read result. */
export async function readBackup(file: Uint8Array, passphrase: string): Promise<BackupPayload> {
  let outer: {
    format?: unknown;
    version?: unknown;
    kdf?: { alg?: unknown; iterations?: unknown; salt?: unknown };
    data?: unknown;
  };
  try {
    outer = JSON.parse(fromUtf8(file));
  } catch {
    throw new BackupError('not-a-backup');
  }
  if (
    outer?.format !== BACKUP_FORMAT ||
    typeof outer.data !== 'string' ||
    typeof outer.kdf?.salt !== 'string'
  ) {
    throw new BackupError('not-a-backup');
  }
  if (outer.version !== 1 || outer.kdf.alg !== 'PBKDF2-SHA256') throw new BackupError('unsupported-version');
  let plain: Uint8Array;
  try {
    const key = await deriveKeyEncryptionKey(passphrase, {
      alg: 'PBKDF2-SHA256',
      iterations: Number(outer.kdf.iterations),
      salt: fromBase64Url(outer.kdf.salt),
    });
    plain = await open(key, fromBase64Url(outer.data), AAD);
  } catch (err) {
    if (err instanceof CryptoError && err.code === 'weak-kdf-params') throw new BackupError('not-a-backup');
    throw new BackupError('wrong-passphrase-or-damaged');
  }
  const payload = JSON.parse(fromUtf8(plain)) as BackupPayload;
  if (!Array.isArray(payload.spaces)) throw new BackupError('not-a-backup');
  return payload;
}

/** Restores every space of a backup into this device's vault. Returns the restored spaces. */
export async function importBackup(
  vault: UnlockedVault,
  file: Uint8Array,
  passphrase: string,
  opts: Pick<SpaceStoreOptions, 'splitState'> = {},
): Promise<SpaceMeta[]> {
  const payload = await readBackup(file, passphrase);
  const metas: { meta: SpaceMeta; state: Uint8Array }[] = payload.spaces.map((s) => {
    const meta: SpaceMeta = {
      id: s.id,
      kind: s.kind,
      name: s.name,
      key: fromBase64Url(s.key),
      createdAt: s.createdAt,
    };
    if (meta.key.length !== 32 || (meta.kind !== 'campaign' && meta.kind !== 'personal')) {
      throw new BackupError('not-a-backup');
    }
    return { meta, state: fromBase64Url(s.state) };
  });
  const { spaces: existing } = await listSpaces(vault);
  for (const { meta, state } of metas) {
    // A backup's personal space replaces nothing: a device keeps one personal space, so merge into it.
    const target = meta.kind === 'personal' ? (existing.find((e) => e.kind === 'personal') ?? meta) : meta;
    if (!existing.some((e) => e.id === target.id)) await writeSpaceMeta(vault, target);
    // A campaign's activity log records the restore as an import, attributed to no member.
    const activity =
      target.kind === 'campaign' ? { attribute: () => ({ kind: 'import' as const }) } : undefined;
    const store = await SpaceStore.open(vault.db, vault.cipher, target.id, { activity, ...opts });
    try {
      Y.applyUpdate(store.doc, state, 'backup');
      await store.flush();
      await store.compact();
    } finally {
      await store.close();
      store.doc.destroy();
    }
  }
  if (metas.length === 0) throw new StorageError('corrupt-space', { reason: 'empty backup' });
  return metas.map((m) => m.meta);
}
