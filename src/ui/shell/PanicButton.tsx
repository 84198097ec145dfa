import { createSignal, Show } from 'solid-js';
import { t } from '../kit/i18n';
import { PanicConfirm } from './PanicConfirm';

/** Panic wipe with exactly one confirmation (full screen, in thumb reach): Settings and the lock screen. */
export function PanicButton() {
  const [asking, setAsking] = createSignal(false);
  return (
    <div class="panic">
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        {t('panic.button')}
      </button>
      <Show when={asking()}>
        <PanicConfirm onCancel={() => setAsking(false)} />
      </Show>
    </div>
  );
}
