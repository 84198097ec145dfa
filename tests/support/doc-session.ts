/** A session over docs in memory, for tests of screens that call the app's handlers (nothing is stored). */
import * as Y from 'yjs';
import type { Session } from '../../src/app/session';

/** The session the app's handlers see: `campaign` (and a fresh personal doc) as device `by`; flushes do nothing. */
export function docSession(campaign: Y.Doc, by = 'me'): Session {
  return {
    campaign: { doc: campaign, flush: async () => {} },
    personal: { doc: new Y.Doc(), flush: async () => {} },
    deviceId: by,
  } as unknown as Session;
}
