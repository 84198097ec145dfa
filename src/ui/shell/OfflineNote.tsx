import { createSignal, onCleanup, Show } from 'solid-js';
import { t } from '../kit/i18n';

/** A quiet note when the phone is offline: nothing is wrong, everything is saved locally. */
export function OfflineNote() {
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = () => setOnline(navigator.onLine);
  addEventListener('online', update);
  addEventListener('offline', update);
  onCleanup(() => {
    removeEventListener('online', update);
    removeEventListener('offline', update);
  });
  return (
    <Show when={!online()}>
      <p class="banner info" role="status">
        {t('offline.note')}
      </p>
    </Show>
  );
}
