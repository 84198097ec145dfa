import { createSignal, Show } from 'solid-js';
import { t } from '../i18n';
import { panicWipe } from '../state/app-state';

/** Panic wipe with exactly one confirmation. */
export function PanicButton() {
  const [asking, setAsking] = createSignal(false);
  return (
    <div class="panic">
      <Show
        when={asking()}
        fallback={
          <button type="button" class="danger" onClick={() => setAsking(true)}>
            {t('panic.button')}
          </button>
        }
      >
        <div class="card stack" role="alertdialog" aria-labelledby="panic-q">
          <p id="panic-q">
            <strong>{t('panic.confirmQuestion')}</strong>
          </p>
          <div class="row">
            <button type="button" class="danger" onClick={() => void panicWipe()}>
              {t('panic.confirm')}
            </button>
            <button type="button" onClick={() => setAsking(false)} autofocus>
              {t('panic.cancel')}
            </button>
          </div>
        </div>
      </Show>
    </div>
  );
}
