/**
 * What restoring a snapshot (Snapshots) and undoing a member's changes (MemberActivity) share: the
 * busy, message and error state, the prepared revert waiting for confirmation, applying it, the
 * status lines, and the confirmation dialog with its counts and buttons.
 */
import { type Accessor, createSignal, For, type JSX, onCleanup, Show } from 'solid-js';
import { applyRevert } from '../../app/activity';
import type { Session } from '../../app/session';
import type { PreparedRevert, RevertPlan } from '../../domain';
import { FormError } from '../kit/Field';
import { formatNumber, type MessageKey, t } from '../kit/i18n';

export interface RevertFlow<P> {
  readonly pending: Accessor<P | null>;
  readonly busy: Accessor<boolean>;
  readonly setBusy: (busy: boolean) => void;
  readonly message: Accessor<string>;
  readonly setMessage: (text: string) => void;
  readonly error: Accessor<string>;
  readonly setError: (text: string) => void;
  /** Shows `p` for confirmation (disposing the one shown before). */
  readonly show: (p: P) => void;
  /** Closes the confirmation and disposes what it held. */
  readonly drop: () => void;
  /** Applies the shown revert; the confirmation closes while it is saved. */
  readonly confirm: () => Promise<void>;
}

/** A failure of preparing or applying a revert, as the screens word it. */
export const revertFailed = (e: unknown) => t('activity.failed', { error: (e as Error).message ?? '' });

/**
 * The state of one revert screen. `revertOf` finds the prepared revert in what is shown; `done`
 * words the result; `after` runs once it is saved (a refetch).
 */
export function createRevertFlow<P>(options: {
  session: Session;
  revertOf: (p: P) => PreparedRevert;
  done: (n: number) => string;
  after?: () => unknown;
}): RevertFlow<P> {
  const [pending, setPending] = createSignal<P | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');

  const drop = () => {
    const p = pending();
    if (p) options.revertOf(p).dispose();
    setPending(null);
  };
  onCleanup(drop);

  const confirm = async () => {
    const p = pending();
    if (!p) return;
    setBusy(true);
    const saving = applyRevert(options.revertOf(p), options.session.campaign);
    drop(); // applied already: the confirmation closes while it is saved
    try {
      const n = await saving;
      setMessage(options.done(n));
      await options.after?.();
    } catch (e) {
      setError(revertFailed(e));
    } finally {
      setBusy(false);
    }
  };

  return {
    pending,
    busy,
    setBusy,
    message,
    setMessage,
    error,
    setError,
    show: (p) => {
      drop();
      setPending(() => p);
    },
    drop,
    confirm,
  };
}

/** The back link to Sharing and the screen's title. */
export function BackToSharing(props: { title: string }) {
  return (
    <>
      <a href="#/sharing" class="back">
        ← {t('sharing.title')}
      </a>
      <h1>{props.title}</h1>
    </>
  );
}

/** The last result of a screen: a status line, an alert. */
export function StatusLines(props: { message: string; error: string }) {
  return (
    <>
      <Show when={props.message}>
        <p class="ok" role="status">
          {props.message}
        </p>
      </Show>
      <FormError error={props.error} />
    </>
  );
}

type CountKind = keyof RevertPlan['counts'] | 'skipped';
const COUNT_TEXT: Record<CountKind, MessageKey> = {
  restored: 'activity.willRestore',
  removed: 'activity.willRemove',
  reverted: 'activity.willRevert',
  skipped: 'activity.willSkip',
};

/** What a revert will do, one line per kind of change it makes (those it makes none of are left out). */
export function RevertCounts(props: { plan: RevertPlan; kinds: readonly CountKind[]; id?: string }) {
  const count = (k: CountKind) => (k === 'skipped' ? props.plan.skipped : props.plan.counts[k]);
  return (
    <ul id={props.id} data-testid={props.id ?? 'restore-counts'}>
      <For each={props.kinds}>
        {(k) => (
          <Show when={count(k) > 0}>
            <li>{t(COUNT_TEXT[k], { n: formatNumber(count(k)) })}</li>
          </Show>
        )}
      </For>
    </ul>
  );
}

/**
 * The confirmation of a revert: the question (focused when it opens), what it will do, and the
 * buttons (the one that applies it only when there is something to apply).
 */
export function RevertDialog(props: {
  id: string;
  describedBy: string;
  question: JSX.Element;
  children: JSX.Element;
  canApply: boolean;
  busy: boolean;
  yes: string;
  onYes: () => void;
  onCancel: () => void;
}) {
  return (
    <div
      class="card stack"
      role="alertdialog"
      aria-labelledby={props.id}
      aria-describedby={props.describedBy}
    >
      <p id={props.id} tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        <strong>{props.question}</strong>
      </p>
      {props.children}
      <div class="row">
        <Show when={props.canApply}>
          <button type="button" class="danger" disabled={props.busy} onClick={() => props.onYes()}>
            {props.yes}
          </button>
        </Show>
        <button type="button" onClick={() => props.onCancel()}>
          {t('panic.cancel')}
        </button>
      </div>
    </div>
  );
}
