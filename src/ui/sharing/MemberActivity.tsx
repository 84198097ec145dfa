import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { applyRevert, loadChangeLog } from '../../app/activity';
import type { Session } from '../../app/session';
import {
  type ActivityGroup,
  type ChangeLine,
  memberActivity,
  type PreparedRevert,
  prepareMemberUndo,
} from '../../domain';
import { listMembers } from '../../sync/members/devices';
import { formatNumber, hasMessage, type MessageKey, t } from '../kit/i18n';
import { formatDateTime, fromLocalInput, toLocalInput } from '../people/format';

const WEEK = 7 * 24 * 60 * 60 * 1000;
/** Past this many records of one kind in one change, a line says "Deleted 37 people". */
const GROUP_AT = 4;

function fieldName(field: string): string {
  const key = `activity.field.${field}`;
  return hasMessage(key) ? t(key) : field.slice(0, 40);
}

/** A value from a peer, as short plain text (rendered by Solid as text, never as markup). */
function valueText(field: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return t('activity.empty');
  if (typeof v === 'boolean') return v ? t('activity.yes') : t('activity.no');
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string' && !field.endsWith('Id')) return `“${v.length > 40 ? `${v.slice(0, 40)}…` : v}”`;
  return t('activity.changed');
}

function what(line: ChangeLine): string {
  if (line.collection === 'meta') return t('activity.campaign');
  if (line.collection === 'conversations')
    return t('activity.conversationWith', { name: line.name || t('activity.record') });
  return line.name || t('activity.record');
}

/** The sentences for one change: grouped per kind and collection when many records share one. */
export function describeLines(lines: readonly ChangeLine[]): string[] {
  const buckets = new Map<string, ChangeLine[]>();
  for (const l of lines) {
    const key = `${l.kind}:${l.collection}`;
    buckets.set(key, [...(buckets.get(key) ?? []), l]);
  }
  const out: string[] = [];
  for (const group of buckets.values()) {
    const first = group[0]!;
    const verb = `activity.${first.kind}` as MessageKey;
    const plural = `activity.n.${first.collection}`;
    if (group.length >= GROUP_AT && hasMessage(plural)) {
      out.push(t(verb, { what: t(plural, { n: formatNumber(group.length) }) }));
      continue;
    }
    for (const l of group) {
      const changes = l.fields.slice(0, 6).map((f) =>
        t('activity.fieldChange', {
          field: fieldName(f.field),
          from: valueText(f.field, f.from),
          to: valueText(f.field, f.to),
        }),
      );
      out.push(`${t(verb, { what: what(l) })}${changes.length > 0 ? `: ${changes.join('; ')}` : ''}`);
    }
  }
  return out;
}

/** What one member device changed since a chosen time, and undoing it. */
export function MemberActivity(props: { session: Session; deviceId: string }) {
  const store = props.session.campaign;
  const [since, setSince] = createSignal(toLocalInput(new Date(Date.now() - WEEK)));
  const [prepared, setPrepared] = createSignal<PreparedRevert | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const sinceMs = () => Date.parse(fromLocalInput(since()) ?? '') || 0;

  const [name] = createResource(async () => {
    const { members } = await listMembers(store.doc);
    return members.find((m) => m.deviceId === props.deviceId)?.deviceName ?? t('activity.unknownMember');
  });
  const [data, { refetch }] = createResource(sinceMs, async (from) => {
    const loaded = await loadChangeLog(store);
    const groups: ActivityGroup[] = memberActivity(loaded.log, props.deviceId, from, loaded.owners);
    return { groups, unreadable: loaded.unreadable };
  });

  const drop = () => {
    prepared()?.dispose();
    setPrepared(null);
  };
  onCleanup(drop);

  const prepare = async () => {
    drop();
    setMessage('');
    setError('');
    setBusy(true);
    try {
      const { log, owners } = await loadChangeLog(store);
      setPrepared(
        prepareMemberUndo(store.doc, log, props.deviceId, sinceMs(), owners, { by: props.session.deviceId }),
      );
    } catch (e) {
      setError(t('activity.failed', { error: (e as Error).message ?? '' }));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    const p = prepared();
    if (!p) return;
    setBusy(true);
    const saving = applyRevert(p, store);
    drop(); // applied already: the confirmation closes while it is saved
    try {
      const n = await saving;
      setMessage(t('activity.undone', { n: formatNumber(n) }));
      await refetch();
    } catch (e) {
      setError(t('activity.failed', { error: (e as Error).message ?? '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="screen activity">
      <a href="#/sharing" class="back">
        ← {t('sharing.title')}
      </a>
      <h1>{t('activity.title', { name: name() ?? '…' })}</h1>
      <p class="help">{t('activity.claim')}</p>

      <div class="card stack">
        <label for="activity-since">{t('activity.since')}</label>
        <input
          id="activity-since"
          type="datetime-local"
          value={since()}
          aria-describedby="activity-window"
          onChange={(e) => {
            drop();
            setSince(e.currentTarget.value);
          }}
        />
        <p id="activity-window" class="help">
          {t('activity.window')}
        </p>
      </div>

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

      <Show when={data()} fallback={<p aria-busy="true">{t('activity.loading')}</p>}>
        {(d) => (
          <>
            <Show when={d().unreadable > 0}>
              <p class="warning">{t('activity.unreadable', { n: formatNumber(d().unreadable) })}</p>
            </Show>
            <Show
              when={d().groups.length > 0}
              fallback={<p data-testid="activity-none">{t('activity.none')}</p>}
            >
              <ol class="list activity-list" data-testid="activity-list">
                <For each={d().groups}>
                  {(g) => (
                    <li class="item activity-item">
                      <time datetime={new Date(g.at).toISOString()} class="muted">
                        {formatDateTime(new Date(g.at).toISOString())}
                      </time>
                      <ul>
                        <For each={describeLines(g.lines)}>{(line) => <li>{line}</li>}</For>
                      </ul>
                    </li>
                  )}
                </For>
              </ol>
              <div class="card stack">
                <p class="help" id="undo-help">
                  {t('activity.undoHelp')}
                </p>
                <button
                  type="button"
                  class="danger"
                  aria-describedby="undo-help"
                  disabled={busy()}
                  onClick={() => void prepare()}
                >
                  {busy() && !prepared() ? t('activity.undoPreparing') : t('activity.undo')}
                </button>
              </div>
            </Show>
          </>
        )}
      </Show>

      <Show when={prepared()}>
        {(p) => (
          <div class="card stack" role="alertdialog" aria-labelledby="undo-q" aria-describedby="undo-counts">
            <p id="undo-q" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
              <strong>
                {t('activity.undoConfirm', {
                  name: name() ?? '',
                  when: formatDateTime(new Date(sinceMs()).toISOString()),
                })}
              </strong>
            </p>
            <Show
              when={p().plan.steps.length > 0}
              fallback={<p id="undo-counts">{t('activity.undoNothing')}</p>}
            >
              <ul id="undo-counts" data-testid="undo-counts">
                <Show when={p().plan.counts.restored > 0}>
                  <li>{t('activity.willRestore', { n: formatNumber(p().plan.counts.restored) })}</li>
                </Show>
                <Show when={p().plan.counts.removed > 0}>
                  <li>{t('activity.willRemove', { n: formatNumber(p().plan.counts.removed) })}</li>
                </Show>
                <Show when={p().plan.counts.reverted > 0}>
                  <li>{t('activity.willRevert', { n: formatNumber(p().plan.counts.reverted) })}</li>
                </Show>
                <Show when={p().plan.skipped > 0}>
                  <li>{t('activity.willSkip', { n: formatNumber(p().plan.skipped) })}</li>
                </Show>
              </ul>
            </Show>
            <div class="row">
              <Show when={p().plan.steps.length > 0}>
                <button type="button" class="danger" disabled={busy()} onClick={() => void confirm()}>
                  {t('activity.undoYes')}
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
