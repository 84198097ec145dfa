/**
 * The one IndexedDB database. Nothing readable is stored here: every value but the row keys (random
 * ids and sequence numbers) and the KDF parameters is AES-GCM sealed under the master key.
 * Schema changes must add a new `version(n)` with an upgrade and keep the old ones.
 */
import Dexie, { type Table } from 'dexie';
import type { KdfParams } from '../crypto';

export const DB_NAME = 'shopfloor';

export interface VaultRow {
  id: 'vault';
  formatVersion: 1;
  kdf: KdfParams;
  /** The master key, sealed under the passphrase-derived key. */
  wrapped: Uint8Array;
  createdAt: number;
  /** Duress check (see duress.ts); always present, a decoy when no duress passphrase is set. */
  duress?: { salt: Uint8Array; iterations: number; check: Uint8Array };
}

export interface SpaceRow {
  id: string;
  /** Sealed JSON of {@link SpaceMeta}, bound to the space id. */
  sealed: Uint8Array;
}

export interface UpdateRow {
  spaceId: string;
  seq: number;
  /** 'u' for one Yjs update, 's' for a snapshot of the whole doc written by compaction. */
  kind: 'u' | 's';
  /** Sealed Yjs update bytes, bound to `spaceId` and `seq`. */
  data: Uint8Array;
}

export class ShopfloorDb extends Dexie {
  vault!: Table<VaultRow, string>;
  spaces!: Table<SpaceRow, string>;
  updates!: Table<UpdateRow, [string, number]>;

  constructor(name = DB_NAME) {
    // Strict durability: a write the UI confirmed has been flushed, not just handed to the OS.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      vault: 'id',
      spaces: 'id',
      updates: '[spaceId+seq]',
    });
  }
}
