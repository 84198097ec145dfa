/**
 * Snapshot uploads in progress (docs/mailbox.md "Snapshots"): in memory only, at most one per
 * mailbox, bounded in total bytes, owned by the socket that began it and dropped when it closes.
 * A restart loses an unfinished upload, never a committed snapshot.
 */
import { randomBytes } from 'node:crypto';

/** One upload being staged. */
export interface Upload {
  readonly id: string;
  readonly mailbox: string;
  readonly owner: object;
  readonly covers: number;
  readonly declaredBytes: number;
  readonly parts: (Uint8Array | undefined)[];
  received: number;
  receivedBytes: number;
}

/** The staging area shared by every socket of one server. */
export class Staging {
  private readonly byId = new Map<string, Upload>();
  private readonly byMailbox = new Map<string, Upload>();
  private reserved = 0;

  constructor(private readonly maxBytes: number) {}

  /** Reserves room for an upload; null when the mailbox already has one or memory is short (`busy`). */
  begin(owner: object, mailbox: string, covers: number, parts: number, bytes: number): Upload | null {
    if (this.byMailbox.has(mailbox) || this.reserved + bytes > this.maxBytes) return null;
    const upload: Upload = {
      id: randomBytes(16).toString('base64url'),
      mailbox,
      owner,
      covers,
      declaredBytes: bytes,
      parts: new Array<Uint8Array | undefined>(parts).fill(undefined),
      received: 0,
      receivedBytes: 0,
    };
    this.byId.set(upload.id, upload);
    this.byMailbox.set(mailbox, upload);
    this.reserved += bytes;
    return upload;
  }

  /** The upload with this id if `owner` began it. */
  find(owner: object, id: unknown): Upload | null {
    if (typeof id !== 'string') return null;
    const upload = this.byId.get(id);
    return upload && upload.owner === owner ? upload : null;
  }

  /** Forgets an upload and releases its reservation. */
  drop(upload: Upload): void {
    if (this.byId.get(upload.id) !== upload) return;
    this.byId.delete(upload.id);
    this.byMailbox.delete(upload.mailbox);
    this.reserved -= upload.declaredBytes;
  }

  /** Drops every upload `owner` began (its socket closed). */
  dropOwner(owner: object): void {
    for (const upload of [...this.byId.values()]) if (upload.owner === owner) this.drop(upload);
  }

  /** Bytes reserved by uploads in progress. */
  get reservedBytes(): number {
    return this.reserved;
  }

  /** Uploads in progress. */
  get count(): number {
    return this.byId.size;
  }
}
