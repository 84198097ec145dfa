/** A campaign and a personal space in memory, as the people screens' session (not a test file). */
import * as Y from 'yjs';
import type { Session } from '../../../../src/app/session';
import { createPerson, initCampaign, type PersonInput } from '../../../../src/domain';

export const ME = 'device-me-0123456789';

/** A session over fresh docs; `flushed` counts what was put "on disk" per space. */
export function peopleSession(people: readonly (string | PersonInput)[] = []) {
  const campaignDoc = new Y.Doc();
  initCampaign(campaignDoc, { name: 'Depot', by: ME });
  const personalDoc = new Y.Doc();
  const flushed = { campaign: 0, personal: 0 };
  const ids = people.map((p) => {
    const r = createPerson(campaignDoc, typeof p === 'string' ? { name: p } : p, { by: ME });
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  });
  const session = {
    campaign: { doc: campaignDoc, flush: async () => void flushed.campaign++ },
    personal: { doc: personalDoc, flush: async () => void flushed.personal++ },
    deviceId: ME,
  } as unknown as Session;
  return { session, campaignDoc, personalDoc, flushed, ids };
}
