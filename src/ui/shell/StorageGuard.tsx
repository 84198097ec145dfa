/**
 * Storage limits as the user meets them.
 * - `OtherTabNotice` (at the root): when another tab upgrades or erases the database, this tab
 *   has already finished its writes and closed the database for good; a modal notice covers the
 *   app (no edit can be made that could not be saved) and offers a reload. While our own upgrade
 *   waits for an old tab, a banner asks to close it.
 * - `PendingWrites` (when unlocked): flushes the session's stores before yielding to another tab,
 *   and while a write is refused (quota) retries it every few seconds and when the app comes back
 *   to the foreground, so a change kept in memory lands as soon as space frees.
 */
import { createSignal, onCleanup, Show } from 'solid-js';
import {
  type DbInterruption,
  keepWritesLanding,
  type ShopfloorDb,
  type SpaceStore,
} from '../../app/shell-storage';
import { t } from '../kit/i18n';

/** Makes everything beside the overlay inert (no click, no focus, no typing) and focuses it. */
function makeModal(overlay: HTMLElement) {
  queueMicrotask(() => {
    for (const sibling of Array.from(overlay.parentElement?.children ?? [])) {
      if (sibling !== overlay) sibling.setAttribute('inert', '');
    }
    overlay.querySelector('button')?.focus();
  });
}

export function OtherTabNotice(props: { db: ShopfloorDb }) {
  const [state, setState] = createSignal<DbInterruption | null>(null);
  onCleanup(props.db.onInterruption(setState));
  const superseded = () => {
    const s = state();
    return s?.kind === 'superseded' ? s : null;
  };
  return (
    <>
      <Show when={state()?.kind === 'blocked'}>
        <p class="banner warning" role="status">
          {t('storage.blocked')}
        </p>
      </Show>
      <Show when={superseded()}>
        {(s) => (
          <div class="overlay" ref={makeModal}>
            <div class="card stack" role="alertdialog" aria-modal="true" aria-labelledby="other-tab-title">
              <h2 id="other-tab-title">{t('storage.otherTab.title')}</h2>
              <p>{t(s().newVersion === null ? 'storage.otherTab.wiped' : 'storage.otherTab.body')}</p>
              <button type="button" class="primary" onClick={() => location.reload()}>
                {t('storage.otherTab.reload')}
              </button>
            </div>
          </div>
        )}
      </Show>
    </>
  );
}

export function PendingWrites(props: { db: ShopfloorDb; stores: SpaceStore[] }) {
  onCleanup(keepWritesLanding(props.db, props.stores));
  return null;
}
