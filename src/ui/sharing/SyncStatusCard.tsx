/** The Sharing screen's status card: where the latest changes are, the mailbox, direct peers, last sync. */
import { For, Show } from 'solid-js';
import { type Reach, reachOf } from '../../app/reach';
import { reconnectSync, syncStatus } from '../../app/sync-state';
import { formatNumber, t } from '../kit/i18n';
import { when } from './when';

/** The mailbox line of the status card, in plain words. */
function mailboxText(r: Reach): string {
  switch (r.mailbox.state) {
    case 'live':
      return t('sharing.mailboxLive');
    case 'connecting':
      return t('sharing.mailboxConnecting');
    case 'catching-up':
      return t('sharing.mailboxCatchingUp');
    case 'offline':
      return t('sharing.mailboxOffline');
    case 'error':
      return r.mailbox.error === 'quota'
        ? t('sharing.mailboxQuota')
        : t('sharing.mailboxError', { code: r.mailbox.error ?? '' });
    default:
      return t('sharing.mailboxOff');
  }
}

/** Where this device's latest changes are. */
function latestText(r: Reach): string {
  if (r.latest === 'this-device') return t('sharing.latestHere');
  if (r.latest === 'mailbox') return t('sharing.latestMailbox');
  return r.seenBy > 0 ? t('sharing.latestSeen', { n: formatNumber(r.seenBy) }) : t('sharing.allSent');
}

/** Refusals because a peer's data could not be checked in time (src/sync/wire/decode-guard.ts). */
const SLOW_REASONS = new Set<string>(['decode-timeout', 'decode-worker-failed', 'decode-backlog']);
/** Refusals because a change was not signed by the member device it names (src/sync/authorship.ts). */
const AUTHOR_REASONS = new Set<string>([
  'unsigned-change',
  'forged-author',
  'unknown-author',
  'invalid-proof',
]);

/** The status dot of each mailbox state (the same colours as the direct connection's). */
const MAILBOX_DOT: Record<Reach['mailbox']['state'], string> = {
  live: 'connected',
  'catching-up': 'connecting',
  connecting: 'connecting',
  offline: 'offline',
  error: 'offline',
  off: 'off',
};

/** Where the latest changes are and how the mailbox is doing. */
function ReachLines() {
  const reach = () => reachOf(syncStatus());
  return (
    <>
      <p
        class="latest"
        data-testid="latest"
        data-latest={reach().latest}
        data-seen-by={String(reach().seenBy)}
      >
        <span data-testid="unsent" data-unsent={String(syncStatus().unsentLocalChanges)}>
          {latestText(reach())}
        </span>
      </p>
      <p
        data-testid="mailbox-state"
        data-state={reach().mailbox.state}
        data-error={reach().mailbox.error ?? ''}
        class={reach().mailbox.state === 'error' ? 'warning' : undefined}
      >
        <span class={`dot ${MAILBOX_DOT[reach().mailbox.state]}`} aria-hidden="true" /> {mailboxText(reach())}
      </p>
    </>
  );
}

/** The phone-to-phone line and the peers it reaches. */
function DirectLines() {
  const s = syncStatus;
  // A browser without WebRTC syncs through the mailbox only, and the engine then reports the
  // mailbox as 'connected': the phone-to-phone line speaks of direct peers only.
  const canDirect = typeof RTCPeerConnection === 'function';
  const directState = () =>
    s().peers.length > 0 ? 'connected' : s().state === 'offline' ? 'offline' : 'connecting';
  return (
    <>
      <h3>{t('sharing.direct')}</h3>
      <p data-testid="sync-state" data-state={s().state} data-direct={String(canDirect)}>
        <span class={`dot ${canDirect ? directState() : 'off'}`} aria-hidden="true" />{' '}
        {!canDirect
          ? t('sharing.directUnavailable')
          : directState() === 'connected'
            ? t('sharing.connected', { n: formatNumber(s().peers.length) })
            : directState() === 'connecting'
              ? t('sharing.connecting')
              : t('sharing.offline')}
      </p>
      <Show when={s().peers.length > 0}>
        <ul class="peers" aria-label={t('sharing.peers')}>
          <For each={s().peers}>{(p) => <li>{p.deviceName}</li>}</For>
        </ul>
      </Show>
    </>
  );
}

/** The status card; until this device has a name it only asks for one. */
export function SyncStatusCard(props: { named: boolean }) {
  const s = syncStatus;
  return (
    <div class="card stack" aria-live="polite">
      <h2>{t('sharing.status')}</h2>
      <Show when={props.named} fallback={<p>{t('sharing.noName')}</p>}>
        <ReachLines />
        <DirectLines />
        <p>
          {s().lastSyncedAt
            ? t('sharing.lastSynced', { when: when(s().lastSyncedAt ?? 0) })
            : t('sharing.neverSynced')}
        </p>
        <Show when={s().rejected.count > 0}>
          <p class="warning" role="alert">
            {t('sharing.rejected', { n: s().rejected.count, reason: s().rejected.lastReason ?? '' })}
          </p>
          <Show when={SLOW_REASONS.has(s().rejected.lastReason ?? '')}>
            <p class="help">{t('sharing.rejectedSlow')}</p>
          </Show>
          <Show when={AUTHOR_REASONS.has(s().rejected.lastReason ?? '')}>
            <p class="help">{t('sharing.rejectedAuthor')}</p>
          </Show>
        </Show>
        <button type="button" onClick={reconnectSync}>
          {t('sharing.reconnect')}
        </button>
      </Show>
    </div>
  );
}
