/**
 * Keeps the "Log a conversation" form as a draft in the personal space while it is typed:
 * debounced as the organizer types, and at once when the app is hidden or the page closes, so
 * closing the app mid-sentence loses nothing.
 */
import { createEffect, on, onCleanup } from 'solid-js';
import { unwrap } from 'solid-js/store';
import { clearLogDraft, LOG_DRAFT_SLOT, savePersonal, writeLogDraft } from '../../app/conversation';
import type { Session } from '../../app/session';
import { hasContent, type LogForm, toDraft } from './log-form';

/** The personal-space draft slot of the form. */
export const DRAFT_SLOT = LOG_DRAFT_SLOT;
const DRAFT_DELAY_MS = 400;

/**
 * Starts the autosave. `active()` false (saved, or another person's draft on offer) stops writing;
 * `dirty()` false (nothing typed since load) writes nothing. Returns `cancel` (drop a pending
 * write) and `clear` (delete the draft and put that on disk).
 */
export function createDraftAutosave(opts: {
  session: Session;
  form: LogForm;
  active: () => boolean;
  dirty: () => boolean;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!opts.active()) return;
    writeLogDraft(opts.session, hasContent(opts.form) ? toDraft(unwrap(opts.form)) : null);
  };
  createEffect(
    on(
      () => JSON.stringify(opts.form),
      () => {
        if (!opts.dirty()) return;
        clearTimeout(timer);
        timer = setTimeout(write, DRAFT_DELAY_MS);
      },
      { defer: true },
    ),
  );
  const onHide = () => {
    if (document.visibilityState === 'hidden' && timer !== undefined) {
      write();
      void savePersonal(opts.session).catch(() => {});
    }
  };
  const onPageHide = () => {
    if (timer !== undefined) write();
  };
  document.addEventListener('visibilitychange', onHide);
  addEventListener('pagehide', onPageHide);
  onCleanup(() => {
    if (timer !== undefined) write();
    document.removeEventListener('visibilitychange', onHide);
    removeEventListener('pagehide', onPageHide);
  });
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    cancel,
    async clear() {
      cancel();
      await clearLogDraft(opts.session);
    },
  };
}
