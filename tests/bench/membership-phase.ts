/**
 * What the membership phase of a peer link costs (docs/sync.md, "Membership before content"): a
 * room whose log holds N signed ops, encoded as one membership message, decoded and merged into an
 * empty doc (each op decoded and checked against its hash). Run:
 *   node --import tsx tests/bench/membership-phase.ts
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { randomBytes, toBase64Url } from '../../src/crypto';
import { writeLogEntries } from '../../src/sync/members/campaign-log';
import { createDeviceIdentity, createGenesis, inviteKeyOf } from '../../src/sync/members/log';
import {
  decodeMembershipMessage,
  encodeMembershipMessage,
  mergeMembershipRecords,
} from '../../src/sync/members/membership-phase';

for (const n of [100, 500, 2000]) {
  const { signer } = await createDeviceIdentity();
  const { log } = await createGenesis(signer, {
    campaignId: 'bench-campaign-0123456789',
    personName: 'Ana',
    deviceName: 'Ana',
    ecdhPublicKey: randomBytes(65),
  });
  const key = await inviteKeyOf({
    inviteId: toBase64Url(randomBytes(16)),
    seed: toBase64Url(randomBytes(32)),
  });
  for (let i = 1; i < n; i++) {
    await log.append(signer, {
      kind: 'invite',
      inviteId: toBase64Url(randomBytes(16)),
      role: 'member',
      expiresAt: Date.now() + 86_400_000,
      singleUse: true,
      inviteKey: key.publicKey,
    });
  }
  const doc = new Y.Doc();
  writeLogEntries(doc, log.all());
  const t0 = performance.now();
  const message = encodeMembershipMessage(doc);
  const t1 = performance.now();
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d);
  const records = decodeMembershipMessage(d, message.length);
  const t2 = performance.now();
  const into = new Y.Doc();
  const { written, refused } = await mergeMembershipRecords(
    into,
    records ?? { ops: [], rotations: [] },
    null,
  );
  const t3 = performance.now();
  await mergeMembershipRecords(into, records ?? { ops: [], rotations: [] }, null); // the usual case: nothing new
  const t4 = performance.now();
  console.log(
    `${n} ops: message ${(message.length / 1024).toFixed(0)} KiB; encode ${(t1 - t0).toFixed(1)} ms, ` +
      `decode ${(t2 - t1).toFixed(1)} ms, merge ${(t3 - t2).toFixed(1)} ms (${written} written, ${refused} refused), ` +
      `merge again (all known) ${(t4 - t3).toFixed(1)} ms`,
  );
}
