import { Show } from 'solid-js';
import { arrivingView } from '../../app/reach';
import { syncStatus } from '../../app/sync-state';
import { formatNumber, t } from '../kit/i18n';

/**
 * What a just-joined campaign shows until it has arrived: progress from the mailbox, or that it
 * waits for a member or the server. Shown instead of the empty state, which would invite the
 * joiner to add people to a campaign that is still on its way.
 */
export function Arriving() {
  const view = () => arrivingView(syncStatus());
  return (
    <div class="card stack arriving" role="status" data-testid="arriving" data-kind={view().kind}>
      <p class="arriving-title">
        {(() => {
          const v = view();
          if (v.kind === 'percent') return t('arriving.percent', { n: formatNumber(v.percent) });
          return v.kind === 'receiving' ? t('arriving.receiving') : t('arriving.waiting');
        })()}
      </p>
      <Show when={view().kind === 'percent'}>
        <progress
          max="100"
          value={(view() as { percent: number }).percent}
          aria-label={t('arriving.receiving')}
        />
      </Show>
      <p class="help">{view().kind === 'waiting' ? t('arriving.waitingHelp') : t('arriving.help')}</p>
    </div>
  );
}
