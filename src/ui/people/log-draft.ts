/**
 * Keeps the "Log a conversation" form as a draft in the personal space while it is typed:
 * debounced as the organizer types, and at once when the app is hidden or the page closes, so
 * closing the app mid-sentence loses nothing.
 */
import { createEffect, on, onCleanup } from 'solid-js';
import { unwrap } from 'solid-js/store';
import { clearDraft, saveDraft } from '../../domain';
import type { SpaceStore } from '../../storage';
import { hasContent, type LogForm, toDraft } from './log-form';

/** The personal-space draft slot of the form. */
export const DRAFT_SLOT = 'conversation';
const DRAFT_DELAY_MS = 400;

/**
 * Starts the autosave. `active()` false (saved, or another person's draft on offer) stops writing;
 * `dirty()` false (nothing typed since load) writes nothing. Returns `cancel` (drop a pending
 * write) and `clear` (delete the draft and put that on disk).
 */
export function createDraftAutosave(opts: {
  personal: SpaceStore;
  form: LogForm;
  by: string;
  active: () => boolean;
  dirty: () => boolean;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ctx = () => ({ by: opts.by });
  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!opts.active()) return;
    // Over the draft limit the write is refused: the form still holds everything typed.
    if (hasContent(opts.form)) saveDraft(opts.personal.doc, DRAFT_SLOT, toDraft(unwrap(opts.form)), ctx());
    else clearDraft(opts.personal.doc, DRAFT_SLOT, ctx());
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
      void opts.personal.flush().catch(() => {});
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
      clearDraft(opts.personal.doc, DRAFT_SLOT, ctx());
      await opts.personal.flush();
    },
  };
}
