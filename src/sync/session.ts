/**
 * `startSync`: syncs one space's Y.Doc with the other members' devices over y-webrtc, through the
 * framing and validation layer (see room-hook.ts and peer-link.ts), and reports a `SyncStatus`.
 *
 * Privacy: the caller passes the signaling URLs (default: the server that served the app) and the
 * ICE servers (default: none); y-webrtc's public signaling default and simple-peer's public STUN
 * default are always overridden here. The signaling server sees the opaque room id, y-webrtc's
 * encrypted offers/answers, and the connecting IP addresses — nothing else.
 *
 * Start sync after the doc was loaded from storage: updates applied before `startSync` count as
 * existing state (unsent until a peer confirms it), updates after it as local edits unless their
 * origin is a `PeerOrigin`.
 *
 * Persist, then announce: with `whenDurable` (the space store's flush), a local edit is broadcast
 * only once stored, and a peer's update is acknowledged only once stored (durable-outbox.ts says
 * why). Remote updates are checked by one DecodeGuard per session — a Worker with a time budget,
 * started when the session opens — so a crafted slow-to-decode update cannot freeze the UI.
 *
 * `startSync` runs the session's steps in order: its parts and link context (session-setup.ts),
 * the count of local edits, the mailbox path, the direct room (session-room.ts); its status is read
 * from that state (session-state.ts), and `stop` closes the parts again here.
 */
import { checkSyncOptions, type SyncOptions, type SyncSession } from './options';
import { SessionRoom } from './session-room';
import { countLocalUpdates, createSessionParts, linkContext, startMailbox } from './session-setup';
import { type SessionParts, sessionStatus, signalingConns } from './session-state';

/** Re-exported here too: the app loads this module lazily and calls it on a rotated-away space. */
export { retireMailbox } from './mailbox/retire';

/**
 * Starts syncing a space. Returns at once; the room is derived and joined in the background.
 *
 * @throws SyncError('invalid-space-key' | 'unsyncable-space' | 'invalid-device' | 'no-signaling')
 * @example
 * const session = startSync({ doc, spaceKey, spaceKind: 'campaign', deviceName, deviceId,
 *   signaling: [`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`] });
 * const off = session.onStatus((s) => setStatus(s));
 * document.addEventListener('visibilitychange', () => document.hidden || session.resume());
 */
export function startSync(opts: SyncOptions): SyncSession {
  checkSyncOptions(opts);
  const s = createSessionParts(opts);
  const context = linkContext(s);
  const stopCounting = countLocalUpdates(s); // before y-webrtc's handler, so a broadcast sees the new generation
  s.mailbox = startMailbox(s, context);
  const room = new SessionRoom(s, context);
  let ready: Promise<void> = room.open(undefined).catch(noop);

  return {
    status: () => sessionStatus(s),
    onStatus: (fn) => s.feed.listen(fn),
    reconnect() {
      if (s.stopped) return;
      s.mailbox?.reconnect();
      // Serialized: the previous open must have finished before its provider can be torn down.
      ready = ready.then(() => room.open(room.teardown())).catch(noop);
      s.feed.schedule();
    },
    resume() {
      if (s.stopped) return;
      s.mailbox?.resume();
      for (const c of signalingConns(s.provider)) if (!c.connected) c.connect();
      s.feed.schedule();
    },
    stop() {
      if (s.stopped) return;
      s.stopped = true;
      stopSession(s, room, stopCounting);
    },
    get ready() {
      return ready;
    },
  };
}

const noop = () => {};

/** Closes every part of a stopped session, then announces its last status and drops the listeners. */
function stopSession(s: SessionParts, room: SessionRoom, stopCounting: () => void): void {
  s.outbox.close();
  s.mailbox?.stop();
  room.teardown();
  s.guard.dispose();
  s.space.dispose();
  stopCounting();
  s.awareness.destroy();
  s.feed.emit();
  s.feed.clear();
}
