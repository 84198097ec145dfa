import { createResource, createSignal, For, Show } from 'solid-js';
import { campaignServers, inviteServers, type Reach, reachOf, setCampaignServers } from '../../app/reach';
import { type Session, settingsOf } from '../../app/session';
import {
  campaignMembers,
  networkSettings,
  reconnectSync,
  rotationNotice,
  sharingNotice,
  syncStatus,
} from '../../app/sync-state';
import { removeMembers, restartSync } from '../../app/unlocked';
import { readCampaignMeta, setDirectOnly } from '../../domain';
import { createInviteLink } from '../../sync';
import type { InviteInput } from '../../sync/members/invite';
import { createDocVersion } from '../kit/doc-signal';
import { formatNumber, t } from '../kit/i18n';
import { QrCode } from '../kit/QrCode';
import { href } from '../shell/router';

function when(ms: number): string {
  return new Date(ms).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

function parseIceLines(text: string): RTCIceServer[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [urls = '', username, credential] = line.split(/\s+/);
      return username ? { urls, username, credential: credential ?? '' } : { urls };
    })
    .filter((s) => /^(stun|turns?):/.test(s.urls as string));
}

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

/** The status dot of each mailbox state (the same colours as the direct connection's). */
const MAILBOX_DOT: Record<Reach['mailbox']['state'], string> = {
  live: 'connected',
  'catching-up': 'connecting',
  connecting: 'connecting',
  offline: 'offline',
  error: 'offline',
  off: 'off',
};

/** Sharing: sync status, this device's name, invites, members and removal, delivery, servers. */
export function Sharing(props: { session: Session }) {
  const settings = settingsOf(props.session);
  const version = createDocVersion(props.session.campaign.doc);
  const [name, setName] = createSignal(String(settings.get('deviceName') ?? ''));
  const [savedName, setSavedName] = createSignal(name().trim());
  const [inviting, setInviting] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const [confirming, setConfirming] = createSignal<{ id: string; name: string } | null>(null);
  const [notice, setNotice] = createSignal('');
  const [members] = createResource(version, () => campaignMembers(props.session));
  const net = networkSettings(settings);
  const [signaling, setSignaling] = createSignal(net.signaling.join('\n'));
  const spaceId = props.session.campaignMeta.id;
  const [servers, setServers] = createSignal(campaignServers(settings, spaceId).join('\n'));
  const directOnly = () => {
    version();
    return readCampaignMeta(props.session.campaign.doc).directOnly === true;
  };
  const [ice, setIce] = createSignal(
    net.iceServers.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' ')).join('\n'),
  );

  const link = () => {
    // The invite carries where the campaign's mailbox is, so a new phone can catch up alone.
    const invite: InviteInput = {
      spaceId,
      spaceKey: props.session.campaignMeta.key,
      name: props.session.campaignMeta.name,
      servers: inviteServers(settings, spaceId),
    };
    return createInviteLink(`${location.origin}${location.pathname}`, invite);
  };

  const toggleDirect = async (on: boolean) => {
    const r = setDirectOnly(props.session.campaign.doc, on, { by: props.session.deviceId });
    if (!r.ok) return;
    await props.session.campaign.flush();
    setNotice(t('sharing.directOnlySaved'));
  };

  const saveName = async (e: SubmitEvent) => {
    e.preventDefault();
    const value = name().trim().slice(0, 60);
    if (!value) return;
    settings.set('deviceName', value);
    await props.session.personal.flush();
    setSavedName(value);
    await restartSync();
  };

  const saveServers = async (e: SubmitEvent) => {
    e.preventDefault();
    const urls = signaling()
      .split('\n')
      .map((l) => l.trim())
      .filter((u) => /^wss?:\/\/\S+$/.test(u));
    settings.set('signaling', urls);
    setCampaignServers(settings, spaceId, servers().split('\n'));
    setServers(campaignServers(settings, spaceId).join('\n'));
    settings.set('iceServers', parseIceLines(ice()));
    await props.session.personal.flush();
    setNotice(t('sharing.serversSaved'));
    await restartSync();
  };

  const copy = async () => {
    await navigator.clipboard?.writeText(link()).catch(() => {});
    setCopied(true);
  };

  const remove = async () => {
    const target = confirming();
    if (!target) return;
    setConfirming(null);
    await removeMembers([target.id]);
  };

  const s = syncStatus;
  const reach = () => reachOf(s());
  // A browser without WebRTC syncs through the mailbox only, and the engine then reports the
  // mailbox as 'connected': the phone-to-phone line speaks of direct peers only.
  const canDirect = typeof RTCPeerConnection === 'function';
  const directState = () =>
    s().peers.length > 0 ? 'connected' : s().state === 'offline' ? 'offline' : 'connecting';
  return (
    <section class="screen">
      <h1>{t('sharing.title')}</h1>

      <Show when={rotationNotice()}>
        {(n) => (
          <p class="banner warning" role="alert">
            {n().kind === 'removed'
              ? t('sharing.youWereRemoved')
              : n().kind === 'conflict'
                ? t('sharing.conflict')
                : t('sharing.moved', { name: (n() as { by: string }).by })}
          </p>
        )}
      </Show>
      <Show when={sharingNotice() === 'removed'}>
        <p class="ok" role="status">
          {t('sharing.removed')}
        </p>
      </Show>
      <Show when={notice()}>
        <p class="ok" role="status">
          {notice()}
        </p>
      </Show>

      <div class="card stack" aria-live="polite">
        <h2>{t('sharing.status')}</h2>
        <Show when={savedName()} fallback={<p>{t('sharing.noName')}</p>}>
          <p
            class="latest"
            data-testid="latest"
            data-latest={reach().latest}
            data-seen-by={String(reach().seenBy)}
          >
            <span data-testid="unsent" data-unsent={String(s().unsentLocalChanges)}>
              {latestText(reach())}
            </span>
          </p>
          <p
            data-testid="mailbox-state"
            data-state={reach().mailbox.state}
            data-error={reach().mailbox.error ?? ''}
            class={reach().mailbox.state === 'error' ? 'warning' : undefined}
          >
            <span class={`dot ${MAILBOX_DOT[reach().mailbox.state]}`} aria-hidden="true" />{' '}
            {mailboxText(reach())}
          </p>
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
          </Show>
          <button type="button" onClick={reconnectSync}>
            {t('sharing.reconnect')}
          </button>
        </Show>
      </div>

      <form class="card stack" onSubmit={saveName}>
        <label for="sharing-device-name">{t('sharing.deviceName')}</label>
        <input
          id="sharing-device-name"
          type="text"
          maxlength="60"
          autocomplete="off"
          aria-describedby="sharing-device-help"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <p id="sharing-device-help" class="help">
          {t('sharing.deviceHelp')}
        </p>
        <button type="submit">{t('sharing.saveName')}</button>
      </form>

      <div class="card stack">
        <Show
          when={inviting()}
          fallback={
            <button type="button" class="primary" onClick={() => setInviting(true)}>
              {t('sharing.invite')}
            </button>
          }
        >
          <p class="warning" role="note">
            {t('sharing.inviteWarning')}
          </p>
          <div class="qr-wrap">
            <QrCode text={link()} label={t('sharing.inviteQr')} />
          </div>
          <label for="invite-link">{t('sharing.inviteLink')}</label>
          <input
            id="invite-link"
            type="text"
            readonly
            value={link()}
            onFocus={(e) => e.currentTarget.select()}
          />
          <div class="row">
            <button type="button" onClick={() => void copy()}>
              {copied() ? t('sharing.copied') : t('sharing.copy')}
            </button>
            <button type="button" onClick={() => setInviting(false)}>
              {t('sharing.hideInvite')}
            </button>
          </div>
        </Show>
      </div>

      <div class="card stack">
        <h2>{t('sharing.members')}</h2>
        <ul class="list">
          <For each={members() ?? []}>
            {(m) => (
              <li class="item member">
                <span>
                  {m.deviceName}
                  <Show when={m.deviceId === props.session.deviceId}>
                    <span class="muted"> ({t('sharing.you')})</span>
                  </Show>
                  <br />
                  <span class="muted">{t('sharing.joined', { when: when(m.joinedAt) })}</span>
                </span>
                <span class="row">
                  <a
                    class="button"
                    href={href(`activity/${m.deviceId}`)}
                    aria-label={`${t('activity.link')}: ${m.deviceName}`}
                  >
                    {t('activity.link')}
                  </a>
                  <Show when={m.deviceId !== props.session.deviceId}>
                    <button
                      type="button"
                      onClick={() => setConfirming({ id: m.deviceId, name: m.deviceName })}
                    >
                      {t('sharing.remove')}
                    </button>
                  </Show>
                </span>
              </li>
            )}
          </For>
        </ul>
        <a href={href('snapshots')}>{t('snapshots.link')}</a>
        <Show when={confirming()}>
          {(c) => (
            <div class="card stack" role="alertdialog" aria-labelledby="remove-q">
              <p id="remove-q">{t('sharing.removeConfirm', { name: c().name })}</p>
              <p class="help">
                {t('sharing.removeUndoFirst', { name: c().name })}{' '}
                <a href={href(`activity/${c().id}`)}>{t('activity.link')}</a>
              </p>
              <div class="row">
                <button type="button" class="danger" onClick={() => void remove()}>
                  {t('sharing.removeYes')}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('panic.cancel')}
                </button>
              </div>
            </div>
          )}
        </Show>
      </div>

      <div class="card stack">
        <label class="check direct-only">
          <input
            type="checkbox"
            checked={directOnly()}
            aria-describedby="direct-only-help"
            onChange={(e) => void toggleDirect(e.currentTarget.checked)}
          />
          <span>{t('sharing.directOnly')}</span>
        </label>
        <p id="direct-only-help" class="help">
          {t('sharing.directOnlyHelp')}
        </p>
      </div>

      <details class="card sharing-advanced">
        <summary>{t('sharing.advanced')}</summary>
        <form class="stack" onSubmit={saveServers}>
          <label for="campaign-servers">{t('sharing.servers')}</label>
          <textarea
            id="campaign-servers"
            rows="2"
            aria-describedby="servers-help"
            value={servers()}
            onInput={(e) => setServers(e.currentTarget.value)}
          />
          <p id="servers-help" class="help">
            {t('sharing.serversHelp')}
          </p>
          <label for="signaling-urls">{t('sharing.signaling')}</label>
          <textarea
            id="signaling-urls"
            rows="2"
            aria-describedby="signaling-help"
            value={signaling()}
            onInput={(e) => setSignaling(e.currentTarget.value)}
          />
          <p id="signaling-help" class="help">
            {t('sharing.signalingHelp')}
          </p>
          <label for="ice-servers">{t('sharing.ice')}</label>
          <textarea
            id="ice-servers"
            rows="2"
            aria-describedby="ice-help"
            value={ice()}
            onInput={(e) => setIce(e.currentTarget.value)}
          />
          <p id="ice-help" class="help">
            {t('sharing.iceHelp')}
          </p>
          <button type="submit">{t('sharing.saveServers')}</button>
        </form>
      </details>
    </section>
  );
}
