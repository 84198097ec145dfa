import { createResource, createSignal, For, Show } from 'solid-js';
import { loadMemberActivity, memberDeviceName, prepareMemberUndoSince } from '../../app/member-activity';
import type { Session } from '../../app/session';
import type { ActivityGroup, ChangeLine, PreparedRevert } from '../../domain';
import { formatNumber, hasMessage, type MessageKey, t } from '../kit/i18n';
import { formatDateTime, fromLocalInput, toLocalInput } from '../people/format';
import {
  BackToSharing,
  createRevertFlow,
  RevertCounts,
  RevertDialog,
  revertFailed,
  StatusLines,
} from '../settings/revert-flow';

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

/** The "since when" picker; changing it closes an open confirmation. */
function SincePicker(props: { value: string; onChange: (value: string) => void }) {
  return (
    <div class="card stack">
      <label for="activity-since">{t('activity.since')}</label>
      <input
        id="activity-since"
        type="datetime-local"
        value={props.value}
        aria-describedby="activity-window"
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
      <p id="activity-window" class="help">
        {t('activity.window')}
      </p>
    </div>
  );
}

/** The member's changes, newest group first, and the button that prepares undoing them. */
function ActivityList(props: {
  groups: readonly ActivityGroup[];
  busy: boolean;
  preparing: boolean;
  onUndo: () => void;
}) {
  return (
    <Show when={props.groups.length > 0} fallback={<p data-testid="activity-none">{t('activity.none')}</p>}>
      <ol class="list activity-list" data-testid="activity-list">
        <For each={props.groups}>
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
          disabled={props.busy}
          onClick={() => props.onUndo()}
        >
          {props.preparing ? t('activity.undoPreparing') : t('activity.undo')}
        </button>
      </div>
    </Show>
  );
}

/** The confirmation of an undo: whose changes since when, and what it will do. */
function UndoDialog(props: {
  prepared: PreparedRevert;
  name: string;
  since: number;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}) {
  const plan = () => props.prepared.plan;
  return (
    <RevertDialog
      id="undo-q"
      describedBy="undo-counts"
      question={t('activity.undoConfirm', {
        name: props.name,
        when: formatDateTime(new Date(props.since).toISOString()),
      })}
      canApply={plan().steps.length > 0}
      busy={props.busy}
      yes={t('activity.undoYes')}
      onYes={props.onYes}
      onCancel={props.onCancel}
    >
      <Show when={plan().steps.length > 0} fallback={<p id="undo-counts">{t('activity.undoNothing')}</p>}>
        <RevertCounts id="undo-counts" plan={plan()} kinds={['restored', 'removed', 'reverted', 'skipped']} />
      </Show>
    </RevertDialog>
  );
}

/** What one member device changed since a chosen time, and undoing it. */
export function MemberActivity(props: { session: Session; deviceId: string }) {
  const [since, setSince] = createSignal(toLocalInput(new Date(Date.now() - WEEK)));
  const sinceMs = () => Date.parse(fromLocalInput(since()) ?? '') || 0;

  const [name] = createResource(
    async () => (await memberDeviceName(props.session, props.deviceId)) ?? t('activity.unknownMember'),
  );
  const [data, { refetch }] = createResource(sinceMs, (from) =>
    loadMemberActivity(props.session, props.deviceId, from),
  );
  const flow = createRevertFlow<PreparedRevert>({
    session: props.session,
    revertOf: (p) => p,
    done: (n) => t('activity.undone', { n: formatNumber(n) }),
    after: refetch,
  });

  const prepare = async () => {
    flow.drop();
    flow.setMessage('');
    flow.setError('');
    flow.setBusy(true);
    try {
      flow.show(await prepareMemberUndoSince(props.session, props.deviceId, sinceMs()));
    } catch (e) {
      flow.setError(revertFailed(e));
    } finally {
      flow.setBusy(false);
    }
  };

  return (
    <section class="screen activity">
      <BackToSharing title={t('activity.title', { name: name() ?? '…' })} />
      <p class="help">{t('activity.claim')}</p>
      <SincePicker
        value={since()}
        onChange={(value) => {
          flow.drop();
          setSince(value);
        }}
      />
      <StatusLines message={flow.message()} error={flow.error()} />

      <Show when={data()} fallback={<p aria-busy="true">{t('activity.loading')}</p>}>
        {(d) => (
          <>
            <Show when={d().unreadable > 0}>
              <p class="warning">{t('activity.unreadable', { n: formatNumber(d().unreadable) })}</p>
            </Show>
            <ActivityList
              groups={d().groups}
              busy={flow.busy()}
              preparing={flow.busy() && !flow.pending()}
              onUndo={() => void prepare()}
            />
          </>
        )}
      </Show>

      <Show when={flow.pending()}>
        {(p) => (
          <UndoDialog
            prepared={p()}
            name={name() ?? ''}
            since={sinceMs()}
            busy={flow.busy()}
            onYes={() => void flow.confirm()}
            onCancel={flow.drop}
          />
        )}
      </Show>
    </section>
  );
}
