/**
 * The mailbox server's limits (docs/mailbox.md "Limits"; env names in docs/deploy.md). Every one
 * has a safe default; an override must be a positive finite number.
 */
import { MAX_BLOB_BYTES, MAX_SEALED_BYTES } from '../../wire/mailbox';

/** Limits the mailbox server enforces. */
export interface MailboxLimits {
  /** Largest sealed entry or snapshot part, in bytes (`oversize`). */
  maxEntryBytes: number;
  /** Largest sealed blob, in bytes (`oversize`). */
  maxBlobBytes: number;
  /** Bytes per mailbox: entries + snapshot + blob (`quota`). */
  maxMailboxBytes: number;
  /** Entries per mailbox (`quota`). */
  maxMailboxEntries: number;
  /** Snapshot uploads in progress, all mailboxes together, in bytes (`busy`). */
  maxStagingBytes: number;
  /** A mailbox nobody opened for this many days is deleted whole. */
  idleRetentionDays: number;
  /** A retired mailbox is deleted whole this many days after it was retired. */
  retiredRetentionDays: number;
  /** Sustained messages per second per socket (token bucket refill). */
  messagesPerSecond: number;
  /** Burst per socket (bucket size); beyond it: `rate-limited`, then close 1008. */
  messageBurst: number;
  /** Open mailbox sockets per client address (HTTP 429 beyond). */
  maxConnectionsPerAddress: number;
  /** Open mailbox sockets in total (HTTP 503 beyond). */
  maxConnections: number;
  /** A catch-up pauses while this many bytes wait in a socket's send buffer. */
  sendBufferBytes: number;
  /** A live receiver with this much queued (it stopped reading) is dropped. */
  maxBufferedBytes: number;
  /** WebSocket ping interval; a socket that missed the previous ping is terminated. */
  pingIntervalMs: number;
  /** How often the retention sweep runs. */
  sweepIntervalMs: number;
}

/** The defaults of docs/mailbox.md. */
export const DEFAULT_MAILBOX_LIMITS: Readonly<MailboxLimits> = Object.freeze({
  maxEntryBytes: MAX_SEALED_BYTES,
  maxBlobBytes: MAX_BLOB_BYTES,
  maxMailboxBytes: 256 * 1024 * 1024,
  maxMailboxEntries: 100_000,
  maxStagingBytes: 512 * 1024 * 1024,
  idleRetentionDays: 180,
  retiredRetentionDays: 30,
  messagesPerSecond: 50,
  messageBurst: 400,
  maxConnectionsPerAddress: 64,
  maxConnections: 5000,
  sendBufferBytes: 2 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  pingIntervalMs: 30_000,
  sweepIntervalMs: 3_600_000,
});

/**
 * Resolves partial limits against the defaults.
 *
 * @throws RangeError when an override is not a positive finite number.
 */
export function resolveMailboxLimits(partial: Partial<MailboxLimits> = {}): MailboxLimits {
  const out: MailboxLimits = { ...DEFAULT_MAILBOX_LIMITS };
  for (const key of Object.keys(DEFAULT_MAILBOX_LIMITS) as (keyof MailboxLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`mailbox limit ${key} must be a positive number`);
    }
    out[key] = value;
  }
  return out;
}
