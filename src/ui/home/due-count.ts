/**
 * The count behind the in-app due badge: follow-ups due today or overdue, for everyone's people
 * (a follow-up is a promise to a coworker whoever made it). Re-derived once per burst of updates
 * through the people index, so it costs a re-parse of the changed records only.
 */
import type { Accessor } from 'solid-js';
import type * as Y from 'yjs';
import { peopleIndex } from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { localToday } from '../people/format';

/** Number of follow-ups due today or earlier (live people only). */
export function createDueCount(doc: Y.Doc): Accessor<number> {
  return createDocQuery(
    doc,
    (d) => {
      const today = localToday();
      let n = 0;
      for (const p of peopleIndex(d).people()) if (p.nextFollowUp && p.nextFollowUp.due <= today) n++;
      return n;
    },
    // The badge changes only when the number does.
    { equals: (a, b) => a === b },
  );
}
