/**
 * Safety within reach from every screen of the unlocked app: a button in the top bar opens a sheet
 * at the bottom of the screen with "Lock now" and "Erase everything". Locking is then two taps and
 * a panic wipe two taps plus the full-screen confirmation (PanicConfirm).
 *
 * The sheet is a modal <dialog>: the screen behind is inert while it is open, Escape and a tap on
 * the dimmed backdrop close it. Lock and wipe are the app's own `lock()` and `panicWipe()`.
 */
import { createSignal, Match, onCleanup, onMount, Switch } from 'solid-js';
import { lock } from '../../app/app-state';
import { t } from '../kit/i18n';
import { PanicConfirm } from './PanicConfirm';

type Open = 'closed' | 'sheet' | 'confirm';

/** The top bar's safety button and what it opens. */
export function SafetyMenu() {
  const [open, setOpen] = createSignal<Open>('closed');
  let opener!: HTMLButtonElement;
  const closeAll = () => {
    setOpen('closed');
    opener?.focus();
  };
  return (
    <>
      <button
        ref={opener}
        type="button"
        class="safety-button"
        aria-haspopup="dialog"
        aria-expanded={open() !== 'closed'}
        onClick={() => setOpen('sheet')}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 3 4 6v6c0 4.5 3.4 8.2 8 9 4.6-.8 8-4.5 8-9V6l-8-3zM9.5 12.5v-1.5a2.5 2.5 0 0 1 5 0v1.5M8.5 12.5h7v4h-7z" />
        </svg>
        <span>{t('safety.button')}</span>
      </button>
      <Switch>
        <Match when={open() === 'sheet'}>
          <SafetySheet onClose={closeAll} onWipe={() => setOpen('confirm')} />
        </Match>
        <Match when={open() === 'confirm'}>
          <PanicConfirm onCancel={closeAll} />
        </Match>
      </Switch>
    </>
  );
}

function SafetySheet(props: { onClose: () => void; onWipe: () => void }) {
  let dialog!: HTMLDialogElement;
  // Set when "Erase everything" closes the sheet, so its close event does not count as "back out".
  let next: (() => void) | null = null;
  const onClose = () => (next ?? props.onClose)();
  // A tap outside the sheet lands on the <dialog> itself (its ::backdrop), never on the content.
  const onBackdrop = (e: MouseEvent) => {
    if (e.target === dialog) dialog.close();
  };
  onMount(() => {
    dialog.addEventListener('close', onClose);
    dialog.addEventListener('click', onBackdrop);
    if (!dialog.open) dialog.showModal();
  });
  onCleanup(() => {
    dialog.removeEventListener('close', onClose);
    dialog.removeEventListener('click', onBackdrop);
  });

  return (
    <dialog ref={dialog} class="safety-sheet" aria-labelledby="safety-title" data-testid="safety-sheet">
      <div class="safety-sheet-body stack">
        <h2 id="safety-title">{t('safety.title')}</h2>
        <button
          type="button"
          class="safety-action safety-lock"
          aria-describedby="safety-lock-help"
          onClick={() => void lock()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M7 11V8a5 5 0 0 1 10 0v3M5 11h14v10H5z" />
          </svg>
          {t('settings.lock')}
        </button>
        <p id="safety-lock-help" class="help">
          {t('safety.lockHelp')}
        </p>
        <button
          type="button"
          class="danger safety-action"
          aria-describedby="safety-wipe-help"
          onClick={() => {
            next = props.onWipe;
            dialog.close();
          }}
        >
          {t('safety.wipe')}
        </button>
        <p id="safety-wipe-help" class="help">
          {t('safety.wipeHelp')}
        </p>
        <button type="button" class="safety-action" onClick={() => dialog.close()}>
          {t('safety.close')}
        </button>
      </div>
    </dialog>
  );
}
