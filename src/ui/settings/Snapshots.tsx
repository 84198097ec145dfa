import { createResource, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import {
  listCampaignSnapshots,
  type PreparedRestore,
  prepareRestore,
  type SnapshotInfo,
  takeManualSnapshot,
} from '../../app/snapshots';
import { formatNumber, t } from '../kit/i18n';
import { formatDateTime } from '../people/format';
import { BackToSharing, createRevertFlow, RevertCounts, RevertDialog, StatusLines } from './revert-flow';

const when = (s: SnapshotInfo) => formatDateTime(new Date(s.at).toISOString());

/** One restore point: when and why it was taken, what it holds, and its restore button. */
function SnapshotItem(props: { snapshot: SnapshotInfo; busy: boolean; onRestore: () => void }) {
  const s = () => props.snapshot;
  return (
    <li class="item snapshot">
      <span>
        <strong>{when(s())}</strong> · {t(`snapshots.${s().reason}`)}
        <br />
        <span class="muted">
          {t('snapshots.counts', {
            people: formatNumber(s().counts.people ?? 0),
            units: formatNumber(s().counts.units ?? 0),
            conversations: formatNumber(s().counts.conversations ?? 0),
          })}{' '}
          · {t('snapshots.size', { kb: formatNumber(Math.max(1, Math.round(s().bytes / 1024))) })}
        </span>
      </span>
      <button type="button" disabled={props.busy} onClick={() => props.onRestore()}>
        {t('snapshots.restore')}
      </button>
    </li>
  );
}

/** Local restore points of the campaign: list, take one now, restore from one. */
export function Snapshots(props: { session: Session }) {
  const [list, { refetch }] = createResource(() => listCampaignSnapshots(props.session));
  const flow = createRevertFlow<PreparedRestore>({
    session: props.session,
    revertOf: (p) => p.prepared,
    done: (n) => t('snapshots.restored', { n: formatNumber(n) }),
  });

  const take = async () => {
    flow.setBusy(true);
    flow.setError('');
    try {
      await takeManualSnapshot(props.session);
      flow.setMessage(t('snapshots.taken'));
      await refetch();
    } catch (e) {
      flow.setError(t('error.generic', { code: (e as { code?: string }).code ?? 'write-failed' }));
    } finally {
      flow.setBusy(false);
    }
  };

  const prepare = async (info: SnapshotInfo) => {
    flow.drop();
    flow.setMessage('');
    flow.setError('');
    flow.show(await prepareRestore(props.session, info));
  };

  return (
    <section class="screen snapshots">
      <BackToSharing title={t('snapshots.title')} />
      <p class="help">{t('snapshots.intro')}</p>
      <button type="button" disabled={flow.busy()} onClick={() => void take()}>
        {t('snapshots.take')}
      </button>
      <StatusLines message={flow.message()} error={flow.error()} />

      <Show when={(list() ?? []).length > 0} fallback={<p>{t('snapshots.none')}</p>}>
        <ul class="list" data-testid="snapshot-list">
          <For each={list()}>
            {(s) => <SnapshotItem snapshot={s} busy={flow.busy()} onRestore={() => void prepare(s)} />}
          </For>
        </ul>
      </Show>

      <Show when={flow.pending()}>
        {(p) => (
          <RevertDialog
            id="restore-q"
            describedBy="restore-blunt"
            question={t('snapshots.confirm', { when: when(p().info) })}
            canApply={p().prepared.plan.steps.length > 0}
            busy={flow.busy()}
            yes={t('snapshots.restoreYes')}
            onYes={() => void flow.confirm()}
            onCancel={flow.drop}
          >
            <p id="restore-blunt" class="warning">
              {t('snapshots.blunt')}
            </p>
            <Show when={p().prepared.plan.steps.length > 0} fallback={<p>{t('snapshots.nothing')}</p>}>
              <RevertCounts plan={p().prepared.plan} kinds={['restored', 'reverted']} />
            </Show>
          </RevertDialog>
        )}
      </Show>
    </section>
  );
}
