/**
 * The one confirmation before a panic wipe, as a full-screen modal dialog: nothing else on the
 * screen can be tapped by mistake, and both answers sit at the bottom, where the thumb already is
 * (the wipe button last, full width, 56 px tall). Cancel has the focus, so Enter or a stray tap on
 * a keyboard never erases anything; Escape and the phone's back gesture cancel.
 *
 * The wipe itself is `panicWipe()` in state/app-state.ts, the same one the lock screen, Settings
 * and the duress passphrase use.
 */
import { createSignal, For, onCleanup, onMount } from 'solid-js';
import { panicWipe } from '../../app/app-state';
import { type MessageKey, t } from '../kit/i18n';

const ERASED: MessageKey[] = ['panic.erasesData', 'panic.erasesKeys', 'panic.erasesApp'];

/** Full-screen "erase everything?" dialog; `onCancel` runs when the user backs out. */
export function PanicConfirm(props: { onCancel: () => void }) {
  let dialog!: HTMLDialogElement;
  const [busy, setBusy] = createSignal(false);
  const onClose = () => {
    if (!busy()) props.onCancel();
  };
  onMount(() => {
    dialog.addEventListener('close', onClose);
    if (!dialog.open) dialog.showModal();
  });
  onCleanup(() => dialog.removeEventListener('close', onClose));

  const wipe = () => {
    setBusy(true);
    // No await: the app's phase changes to first run when the wipe ends and this dialog goes.
    void panicWipe();
  };

  return (
    <dialog
      ref={dialog}
      class="panic-confirm"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="panic-confirm-title"
      aria-describedby="panic-confirm-what"
      data-testid="panic-confirm"
    >
      <div class="panic-confirm-body">
        <svg class="panic-confirm-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 3 2 21h20L12 3zM12 10v5M12 18v.01" />
        </svg>
        <h2 id="panic-confirm-title">{t('panic.confirmQuestion')}</h2>
        <div id="panic-confirm-what">
          <ul>
            <For each={ERASED}>{(key) => <li>{t(key)}</li>}</For>
          </ul>
          <p>{t('panic.othersKeep')}</p>
        </div>
      </div>
      <div class="panic-confirm-actions">
        <button type="button" autofocus disabled={busy()} onClick={() => dialog.close()}>
          {t('panic.cancel')}
        </button>
        <button type="button" class="danger" disabled={busy()} onClick={wipe}>
          {busy() ? t('panic.erasing') : t('panic.confirm')}
        </button>
      </div>
    </dialog>
  );
}
