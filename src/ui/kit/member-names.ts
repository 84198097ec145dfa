/**
 * Who made a change, in words: "you" for this device, the member's chosen device name when the
 * campaign knows it, else "another member". Member records are checked (each id must match its
 * public key: see `memberNamesById`), so nobody can put their name on someone else's changes.
 * A plain signal rather than a resource: a resource would suspend the screen while keys are checked.
 */
import { type Accessor, createEffect, createSignal } from 'solid-js';
import type { Session } from '../../app/session';
import { memberNamesById } from '../../app/sharing-members';
import { createDocVersion } from './doc-signal';
import { t } from './i18n';

export function createMemberNames(session: Session): Accessor<(by: string) => string> {
  const version = createDocVersion(session.campaign.doc);
  const [names, setNames] = createSignal(new Map<string, string>());
  createEffect(() => {
    version();
    memberNamesById(session.campaign.doc).then(setNames, () => {});
  });
  return () => {
    const known = names();
    return (by: string) =>
      by === session.deviceId ? t('person.you') : (known.get(by) ?? t('person.someone'));
  };
}
