/**
 * Message building for a {@link PeerLink} (peer-link.ts) that needs no link state: the parts of a
 * sync step 2, a sanitized awareness message, and waiting for a data channel to drain.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { SimplePeerLike } from './peer-link-types';
import { sanitizeAwarenessUpdate } from './wire/awareness-filter';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from './wire/protocol';

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
