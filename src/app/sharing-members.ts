/** The campaign's members by name, for saying who made a change. */
import type * as Y from 'yjs';
import { listMembers } from '../sync/members/devices';

/**
 * Every member's device name by device id (removed members included: their past changes keep a
 * name). Records are checked by `listMembers` (each id must match its public key), so nobody can
 * put their name on someone else's changes.
 */
export async function memberNamesById(doc: Y.Doc): Promise<Map<string, string>> {
  const { members } = await listMembers(doc);
  return new Map(members.map((m) => [m.deviceId, m.deviceName]));
}
