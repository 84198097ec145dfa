/**
 * The person page's one save pattern: every change is written as it is made, and once it is on
 * disk one status line says "Saved" (or why it was refused). Sections hand their command result
 * to `done`; none has its own Save button or its own wording.
 */
import { createSignal, onCleanup } from 'solid-js';
import { t } from '../kit/i18n';
import { domainErrorText } from './format';

/** What a domain command returns, as far as saving cares. */
export type SaveResult =
  | { ok: true }
  | { ok: false; error: { code: string; detail: Readonly<Record<string, unknown>> } };

/** How long "Saved" stays on screen; the live region still announced it at once. */
const SHOW_MS = 4000;

/** A page's save status: `done(result, flush)` reports one change. */
export function createSaveStatus() {
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest change may say "Saved": an older flush finishing late must not claim it. */
  let latest = 0;
  onCleanup(() => clearTimeout(timer));

  /**
   * Reports one change: a refusal shows its words (and returns false); an accepted change shows
   * "Saved" only after `flush` has put it on disk. `typed`: the length typed, for length errors.
   */
  const done = async (
    r: SaveResult,
    flush: () => Promise<void>,
    message = t('person.saved'),
    typed?: number,
  ): Promise<boolean> => {
    clearTimeout(timer);
    const mine = ++latest;
    if (!r.ok) {
      setStatus('');
      setError(domainErrorText(r.error, typed));
      return false;
    }
    setError('');
    setStatus('');
    try {
      await flush();
    } catch (e) {
      if (mine !== latest) return false;
      setError(domainErrorText({ code: (e as { code?: string }).code ?? 'write-failed', detail: {} }));
      return false;
    }
    if (mine !== latest) return true;
    setStatus(message);
    timer = setTimeout(() => setStatus(''), SHOW_MS);
    return true;
  };
  return { status, error, done, clearError: () => setError('') };
}

/** The save status of a page, as handed to its sections. */
export type SaveStatus = ReturnType<typeof createSaveStatus>;
