import { createSignal, onCleanup, Show } from 'solid-js';
import { type SpaceStore, storageTrouble, storeStatuses, watchStoreStatuses } from '../../app/shell-storage';
import { t } from '../kit/i18n';

/** Shows storage trouble (quota, failed writes, unreadable rows) as plain words, never a crash. */
export function StatusBanner(props: { stores: SpaceStore[] }) {
  const [statuses, setStatuses] = createSignal(storeStatuses(props.stores));
  onCleanup(watchStoreStatuses(props.stores, setStatuses));
  const trouble = () => storageTrouble(statuses());
  return (
    <>
      <Show when={trouble().error}>
        {(code) => (
          <p class="banner error" role="alert">
            {t(code() === 'quota-exceeded' ? 'error.quota-exceeded' : 'error.write-failed')}
          </p>
        )}
      </Show>
      <Show when={trouble().unreadable > 0}>
        <p class="banner warning" role="status">
          {t('error.unreadable', { n: trouble().unreadable })}
        </p>
      </Show>
    </>
  );
}
