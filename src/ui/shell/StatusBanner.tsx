import { createSignal, onCleanup, Show } from 'solid-js';
import type { SpaceStore, SpaceStoreStatus } from '../../storage';
import { t } from '../kit/i18n';

/** Shows storage trouble (quota, failed writes, unreadable rows) as plain words, never a crash. */
export function StatusBanner(props: { stores: SpaceStore[] }) {
  const [statuses, setStatuses] = createSignal<SpaceStoreStatus[]>(props.stores.map((s) => s.getStatus()));
  const unsubscribe = props.stores.map((store, i) =>
    store.onStatus((s) => setStatuses((all) => all.map((old, j) => (j === i ? s : old)))),
  );
  onCleanup(() => {
    for (const u of unsubscribe) u();
  });
  const error = () => statuses().find((s) => s.error)?.error ?? null;
  const unreadable = () => statuses().reduce((n, s) => n + s.unreadableRows.length, 0);
  return (
    <>
      <Show when={error()}>
        {(code) => (
          <p class="banner error" role="alert">
            {t(code() === 'quota-exceeded' ? 'error.quota-exceeded' : 'error.write-failed')}
          </p>
        )}
      </Show>
      <Show when={unreadable() > 0}>
        <p class="banner warning" role="status">
          {t('error.unreadable', { n: unreadable() })}
        </p>
      </Show>
    </>
  );
}
