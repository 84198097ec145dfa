/**
 * Proof of device on a peer link (docs/sync.md, "Verified authorship"). The hello names a device;
 * this proves it. Each side sends a fresh nonce right after its hello (challenge), and once it has
 * the peer's nonce and has settled the room (its own join is then signed and in its doc), a proof:
 *
 *   103 challenge = varUint 103 ‖ varUint version (1) ‖ varUint8Array nonce (32)
 *   104 proof     = varUint 104 ‖ varUint version (1) ‖ varUint8Array signature (64)
 *                   ‖ varUint k ≤ 16 ‖ k × (varString `pair:` key ‖ varString JSON request)
 *                   ‖ membership records (as in message 102 after its type: the ops the peer's
 *                     membership message lacked, e.g. the prover's own join)
 *   signature     = Ed25519(device key, 'shopfloor/peer-proof/v1' ‖ 0x00 ‖ room id ‖ 0x00
 *                   ‖ prover nonce ‖ verifier nonce ‖ prover device id ‖ 0x00
 *                   ‖ prover DTLS fingerprints ‖ 0x00 ‖ verifier DTLS fingerprints)
 *
 * The pairing requests let a new phone that is not in the log yet reach the device that paired it
 * (members/pairing.ts): that device signs `add-device`, and the proof, checked again on every
 * change of the log, then verifies.
 * The verifier merges the proof's records (each op checked against its hash, as for message 102),
 * asks the verified membership log for the key of the device the hello named, and checks the
 * signature with its own nonce (fresh: no replay) and both sides' DTLS fingerprints from the
 * connection's descriptions (a member relaying another device's proof over its own connection
 * signs neither fingerprint, so it fails).
 *
 * What must stay true: `verified` only after the signature verified under the log's key for the
 * named device; a malformed or second challenge or proof is refused; the verifier never signs.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import { concatBytes, randomBytes, SIGNATURE_BYTES, utf8, verifyBytes } from '../crypto';
import type { Authorship, AuthorVerdict } from './authorship';
import type { RejectReason } from './errors';
import { MEMBERSHIP_COLLECTION } from './members/devices';
import {
  decodeMembershipMessage,
  mergeMembershipRecords,
  type PhaseRecords,
  writeMembershipRecords,
} from './members/membership-phase';
import { adoptPairingRequests, pairingEntries } from './members/pairing';
import type { SimplePeerLike } from './peer-link-types';

export const MESSAGE_CHALLENGE = 103;
export const MESSAGE_PROOF = 104;
const VERSION = 1;
const NONCE_BYTES = 32;
const LABEL = utf8('shopfloor/peer-proof/v1');
const ZERO = new Uint8Array([0]);

/** What a link's proof needs from the link. */
export interface ProofHost {
  readonly authorship: Authorship;
  readonly doc: Y.Doc;
  /** This device's sync id (what our hello says). */
  readonly deviceId: string;
  /** The peer's origin: merged records are written with it. */
  readonly origin: unknown;
  /** DTLS fingerprints of this side and of the peer, from the connection ('' when unknown). */
  fingerprints(): { local: string; remote: string };
  send(message: Uint8Array): void;
  reject(reason: RejectReason, detail?: string): void;
}

/** The `a=fingerprint` lines of an SDP, sorted and joined ('' without one). */
export function sdpFingerprints(sdp: string | undefined | null): string {
  if (!sdp) return '';
  return [...sdp.matchAll(/^a=fingerprint:(.+?)\s*$/gm)]
    .map((m) => (m[1] ?? '').toLowerCase())
    .sort()
    .join(',');
}

/** Both sides' DTLS fingerprints of a simple-peer connection ('' where unknown, e.g. a fake peer). */
export function peerFingerprints(peer: SimplePeerLike): { local: string; remote: string } {
  return {
    local: sdpFingerprints(peer._pc?.localDescription?.sdp),
    remote: sdpFingerprints(peer._pc?.remoteDescription?.sdp),
  };
}

/** Resolves on the next change of `doc`'s membership map. */
export function membershipChange(doc: Y.Doc): Promise<void> {
  const map = doc.getMap<unknown>(MEMBERSHIP_COLLECTION);
  return new Promise((resolve) => {
    const once = () => {
      map.unobserve(once);
      resolve();
    };
    map.observe(once);
  });
}

function proofMessage(
  room: string,
  prover: { nonce: Uint8Array; deviceId: string; fingerprints: string },
  verifier: { nonce: Uint8Array; fingerprints: string },
): Uint8Array {
  return concatBytes(
    LABEL,
    ZERO,
    utf8(room),
    ZERO,
    prover.nonce,
    verifier.nonce,
    utf8(prover.deviceId),
    ZERO,
    utf8(prover.fingerprints),
    ZERO,
    utf8(verifier.fingerprints),
  );
}

/** One link's proof, both ways: ours to the peer, and the check of the peer's. */
export class PeerProof {
  private readonly nonce = randomBytes(NONCE_BYTES);
  private peerNonce: Uint8Array | null = null;
  /** Set once our side may prove itself: the room settled here, and the records the peer lacks. */
  private lacking: ((hash: string) => boolean) | null = null;
  private sent = false;
  private proof: Proof | null = null;
  private arrived: () => void = () => {};
  private readonly proofArrived = new Promise<void>((r) => {
    this.arrived = r;
  });

  constructor(private readonly host: ProofHost) {}

  /** True once the peer's proof arrived (not yet checked). */
  get received(): boolean {
    return this.proof !== null;
  }

  /** Our challenge, sent right after our hello. */
  challenge(): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_CHALLENGE);
    encoding.writeVarUint(e, VERSION);
    encoding.writeVarUint8Array(e, this.nonce);
    return encoding.toUint8Array(e);
  }

  /** A challenge or proof from the peer; a malformed or second one is refused. */
  receive(type: number, decoder: decoding.Decoder, totalBytes: number): void {
    if (type === MESSAGE_CHALLENGE) {
      const nonce = this.peerNonce ? null : readChallenge(decoder);
      if (nonce) {
        this.peerNonce = nonce;
        void this.sendProof();
      } else this.host.reject('invalid-proof', 'challenge');
      return;
    }
    const proof = this.proof ? null : readProof(decoder, totalBytes);
    if (!proof) {
      this.host.reject('invalid-proof', 'proof');
      return;
    }
    this.proof = proof;
    this.arrived();
  }

  /**
   * Our side may prove itself now (the room settled here, so our own join is in the doc); the proof
   * carries the ops `lacking` admits (those the peer's membership message did not have).
   */
  release(lacking: (hash: string) => boolean): void {
    this.lacking ??= lacking;
    void this.sendProof();
  }

  private async sendProof(): Promise<void> {
    const lacking = this.lacking;
    if (this.sent || !lacking || !this.peerNonce) return;
    this.sent = true;
    const { authorship, deviceId } = this.host;
    const fp = this.host.fingerprints();
    const signature = await authorship.sign(
      proofMessage(
        authorship.context,
        { nonce: this.nonce, deviceId, fingerprints: fp.local },
        { nonce: this.peerNonce, fingerprints: fp.remote },
      ),
    );
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_PROOF);
    encoding.writeVarUint(e, VERSION);
    encoding.writeVarUint8Array(e, signature);
    const pairs = pairingEntries(this.host.doc);
    encoding.writeVarUint(e, pairs.length);
    for (const [key, value] of pairs) {
      encoding.writeVarString(e, key);
      encoding.writeVarString(e, JSON.stringify(value));
    }
    writeMembershipRecords(e, this.host.doc, lacking);
    this.host.send(encoding.toUint8Array(e));
  }

  /**
   * Checks the peer's proof for the device its hello named (waits for the proof): its records are
   * merged first, then the log's key for `deviceId` must have signed it. No log to ask: ok,
   * unverified.
   */
  async check(deviceId: string | null): Promise<AuthorVerdict> {
    await this.proofArrived;
    const proof = this.proof;
    if (!proof || !deviceId || !this.peerNonce) return { ok: false, reason: 'invalid-proof' };
    const { refused } = await mergeMembershipRecords(this.host.doc, proof.records, this.host.origin).catch(
      () => ({ refused: 1 }),
    );
    if (refused > 0) this.host.reject('invalid-membership', `proof ${refused}`);
    adoptPairingRequests(this.host.doc, proof.pairs, this.host.origin);
    const key = await this.host.authorship.keyOf(deviceId);
    if (key === 'no-log') return { ok: true, verified: false };
    if (key === null) return { ok: false, reason: 'unknown-author' };
    const fp = this.host.fingerprints();
    const message = proofMessage(
      this.host.authorship.context,
      { nonce: this.peerNonce, deviceId, fingerprints: fp.remote },
      { nonce: this.nonce, fingerprints: fp.local },
    );
    return (await verifyBytes(key, proof.signature, message))
      ? { ok: true, verified: true }
      : { ok: false, reason: 'forged-author' };
  }
}

function readChallenge(d: decoding.Decoder): Uint8Array | null {
  try {
    if (decoding.readVarUint(d) !== VERSION) return null;
    const nonce = decoding.readVarUint8Array(d);
    return nonce.length === NONCE_BYTES && !decoding.hasContent(d) ? nonce : null;
  } catch {
    return null;
  }
}

interface Proof {
  signature: Uint8Array;
  pairs: [string, unknown][];
  records: PhaseRecords;
}

const MAX_PAIRS = 16;
const MAX_PAIR_JSON = 4096;

function readProof(d: decoding.Decoder, totalBytes: number): Proof | null {
  try {
    if (decoding.readVarUint(d) !== VERSION) return null;
    const signature = decoding.readVarUint8Array(d);
    if (signature.length !== SIGNATURE_BYTES) return null;
    const k = decoding.readVarUint(d);
    if (k > MAX_PAIRS) return null;
    const pairs: [string, unknown][] = [];
    for (let i = 0; i < k; i++) {
      const key = decoding.readVarString(d);
      const json = decoding.readVarString(d);
      if (json.length > MAX_PAIR_JSON) return null;
      pairs.push([key, JSON.parse(json) as unknown]);
    }
    const records = decodeMembershipMessage(d, totalBytes);
    return records ? { signature, pairs, records } : null;
  } catch {
    return null;
  }
}
