/**
 * Message building for a {@link PeerLink} (peer-link.ts) that needs no link state: the parts of a
 * sync step 2, a step 1, a sanitized awareness message, waiting for a data channel to drain, and
 * the batching of acknowledgements.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { SimplePeerLike } from './peer-link-types';
import { sanitizeAwarenessUpdate } from './wire/awareness-filter';
import { encodeAck, MAX_ACK_IDS, MESSAGE_AWARENESS, MESSAGE_SYNC } from './wire/protocol';
import { encodeStateAsUpdates } from './wire/state-split';

/** Resolves on the channel's next 'bufferedamountlow', or after 50 ms (some implementations never fire it). */
export function waitForDrain(peer: SimplePeerLike): Promise<void> {
  return new Promise((resolve) => {
    const channel = peer._channel;
    const done = () => {
      clearTimeout(timer);
      channel?.removeEventListener?.('bufferedamountlow', done);
      resolve();
    };
    const timer = setTimeout(done, 50);
    channel?.addEventListener?.('bufferedamountlow', done);
  });
}

/** The parts of a sync step 2 as sync messages: updates, then a step 2 with the last part. */
export function stateMessages(parts: readonly Uint8Array[]): Uint8Array[] {
  return parts.map((part, i) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(
      e,
      i === parts.length - 1 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate,
    );
    encoding.writeVarUint8Array(e, part);
    return encoding.toUint8Array(e);
  });
}

/**
 * Sync step 2 for a peer's step 1: what the peer lacks, as one message, or — past `partBytes` — as
 * several updates followed by a step 2 with the last part, so that no message passes the peer's
 * per-update limit and each part is checked and applied on its own. The peer counts as synced on
 * the step 2, i.e. once every part arrived. Null when the state vector is invalid.
 */
export function step2Messages(doc: Y.Doc, stateVector: Uint8Array, partBytes: number): Uint8Array[] | null {
  try {
    Y.decodeStateVector(stateVector);
    return stateMessages(encodeStateAsUpdates(doc, stateVector, partBytes));
  } catch {
    return null;
  }
}

/** The awareness update `decoder` holds, sanitized, as an awareness message; null when invalid. */
export function sanitizedAwarenessMessage(decoder: decoding.Decoder): Uint8Array | null {
  let clean: Uint8Array | null = null;
  try {
    clean = sanitizeAwarenessUpdate(decoding.readVarUint8Array(decoder));
  } catch {
    clean = null;
  }
  if (!clean) return null;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, clean);
  return encoding.toUint8Array(e);
}

/** A sync step 1 for `doc` (sent by a link once the membership phase opened the room). */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

/** Delay before acknowledging, so a burst of updates shares one ack. */
const ACK_DELAY_MS = 20;

/** A link's acknowledgements: each once what it applied is stored (never if storing fails), batched. */
export class AckBatcher {
  private ids: number[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly whenDurable: (() => Promise<void>) | null,
    private readonly sendAck: (ack: Uint8Array) => void,
    private readonly open: () => boolean,
  ) {}

  /** Acknowledges message `id` once what it applied is stored; never if storing fails. */
  ackWhenDurable(id: number): void {
    if (!this.whenDurable) {
      this.queue(id);
      return;
    }
    this.whenDurable().then(
      () => {
        if (this.open()) this.queue(id);
      },
      () => {}, // not stored (e.g. disk full): the sender keeps the change as unsent
    );
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private queue(id: number): void {
    this.ids.push(id);
    if (this.ids.length >= MAX_ACK_IDS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), ACK_DELAY_MS);
  }

  private flush(): void {
    this.close();
    const ids = this.ids;
    this.ids = [];
    if (ids.length > 0) this.sendAck(encodeAck(ids));
  }
}
