import { createSignal, onCleanup, Show } from 'solid-js';
import { applyUpdate, onUpdateStatus, type UpdatePhase } from '../../pwa/register';
import { t } from '../kit/i18n';

/** Offers a new version; reloads only on the user's tap, and never while they are typing. */
export function UpdatePrompt() {
  const [phase, setPhase] = createSignal<UpdatePhase>('none');
  const [dismissed, setDismissed] = createSignal(false);
  onCleanup(onUpdateStatus(setPhase));
  return (
    <Show when={phase() !== 'none' && !dismissed()}>
      <div class="toast" role="status">
        <span>{phase() === 'deferred' ? t('update.deferred') : t('update.available')}</span>
        <Show when={phase() === 'available'}>
          <button type="button" onClick={() => setPhase(applyUpdate())}>
            {t('update.apply')}
          </button>
          <button type="button" onClick={() => setDismissed(true)}>
            {t('update.later')}
          </button>
        </Show>
      </div>
    </Show>
  );
}
