import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import * as Y from 'yjs';
import { applyRevert } from '../../app/activity';
import type { Session } from '../../app/session';
import { type PreparedRevert, prepareSnapshotRestore } from '../../domain';
import type { SnapshotInfo } from '../../storage';
import { formatNumber, t } from '../kit/i18n';
import { formatDateTime } from '../people/format';

const when = (s: SnapshotInfo) => formatDateTime(new Date(s.at).toISOString());

/** Local restore points of the campaign: list, take one now, restore from one. */
export function Snapshots(props: { session: Session }) {
  const store = props.session.campaign;
  const [list, { refetch }] = createResource(() => store.listSnapshots());
  const [pending, setPending] = createSignal<{
    info: SnapshotInfo;
    prepared: PreparedRevert;
    doc: Y.Doc;
  } | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');

  const drop = () => {
    const p = pending();
    p?.prepared.dispose();
    setPending(null);
  };
  onCleanup(drop);

  const take = async () => {
    setBusy(true);
    setError('');
    try {
      await store.takeSnapshot('manual');
      setMessage(t('snapshots.taken'));
      await refetch();
    } catch (e) {
      setError(t('error.generic', { code: (e as { code?: string }).code ?? 'write-failed' }));
    } finally {
      setBusy(false);
    }
  };

  const prepare = async (info: SnapshotInfo) => {
    drop();
    setMessage('');
    setError('');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await store.readSnapshot(info.seq));
    setPending({
      info,
      doc,
      prepared: prepareSnapshotRestore(store.doc, doc, { by: props.session.deviceId }),
    });
  };

  const confirm = async () => {
    const p = pending();
    if (!p) return;
    setBusy(true);
    const saving = applyRevert(p.prepared, store);
    drop(); // applied already: the confirmation closes while it is saved
    try {
      const n = await saving;
      setMessage(t('snapshots.restored', { n: formatNumber(n) }));
    } catch (e) {
      setError(t('activity.failed', { error: (e as Error).message ?? '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="screen snapshots">
      <a href="#/sharing" class="back">
        ← {t('sharing.title')}
      </a>
      <h1>{t('snapshots.title')}</h1>
      <p class="help">{t('snapshots.intro')}</p>
      <button type="button" disabled={busy()} onClick={() => void take()}>
        {t('snapshots.take')}
      </button>
      <Show when={message()}>
        <p class="ok" role="status">
          {message()}
        </p>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>

      <Show when={(list() ?? []).length > 0} fallback={<p>{t('snapshots.none')}</p>}>
        <ul class="list" data-testid="snapshot-list">
          <For each={list()}>
            {(s) => (
              <li class="item snapshot">
                <span>
                  <strong>{when(s)}</strong> · {t(`snapshots.${s.reason}`)}
                  <br />
                  <span class="muted">
                    {t('snapshots.counts', {
                      people: formatNumber(s.counts.people ?? 0),
                      units: formatNumber(s.counts.units ?? 0),
                      conversations: formatNumber(s.counts.conversations ?? 0),
                    })}{' '}
                    · {t('snapshots.size', { kb: formatNumber(Math.max(1, Math.round(s.bytes / 1024))) })}
                  </span>
                </span>
                <button type="button" disabled={busy()} onClick={() => void prepare(s)}>
                  {t('snapshots.restore')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <Show when={pending()}>
        {(p) => (
          <div
            class="card stack"
            role="alertdialog"
            aria-labelledby="restore-q"
            aria-describedby="restore-blunt"
          >
            <p id="restore-q" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
              <strong>{t('snapshots.confirm', { when: when(p().info) })}</strong>
            </p>
            <p id="restore-blunt" class="warning">
              {t('snapshots.blunt')}
            </p>
            <Show when={p().prepared.plan.steps.length > 0} fallback={<p>{t('snapshots.nothing')}</p>}>
              <ul data-testid="restore-counts">
                <Show when={p().prepared.plan.counts.restored > 0}>
                  <li>{t('activity.willRestore', { n: formatNumber(p().prepared.plan.counts.restored) })}</li>
                </Show>
                <Show when={p().prepared.plan.counts.reverted > 0}>
                  <li>{t('activity.willRevert', { n: formatNumber(p().prepared.plan.counts.reverted) })}</li>
                </Show>
              </ul>
            </Show>
            <div class="row">
              <Show when={p().prepared.plan.steps.length > 0}>
                <button type="button" class="danger" disabled={busy()} onClick={() => void confirm()}>
                  {t('snapshots.restoreYes')}
                </button>
              </Show>
              <button type="button" onClick={drop}>
                {t('panic.cancel')}
              </button>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}
