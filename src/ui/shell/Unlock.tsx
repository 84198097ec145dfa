import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { recovered } from '../../app/app-state';
import { unlock } from '../../app/load-unlocked';
import { t, warmFormats } from '../kit/i18n';
import { PanicButton } from './PanicButton';

/**
 * The lock screen. A wrong passphrase changes nothing and says so. After the database was rebuilt
 * from its second copy, it says that too, once, above the form.
 */
export function Unlock() {
  const [pass, setPass] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;
  // While the phone is idle here, make the number and date formatters home paints with, so the
  // first paint after unlock does not load their locale data in its task.
  onMount(() => {
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200));
    const cancel = globalThis.cancelIdleCallback ?? clearTimeout;
    const id = idle(() => warmFormats());
    onCleanup(() => cancel(id as number));
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy() || !pass()) return;
    setBusy(true);
    setError('');
    try {
      await unlock(pass());
    } catch (err) {
      const code = (err as { code?: string }).code;
      setError(
        code === 'wrong-passphrase'
          ? t('unlock.wrong')
          : code === 'corrupt-vault'
            ? t('unlock.corrupt')
            : t('unlock.failed', { reason: code ?? String(err) }),
      );
      setPass('');
      setBusy(false);
      input.focus();
    }
  };

  return (
    <main class="gate">
      <h1>{t('unlock.title')}</h1>
      <Show when={recovered()}>
        {(r) => (
          <div class="banner warning" role="status" id="recovered-notice">
            <p>{t('unlock.recovered', { n: r().rows })}</p>
            <Show when={r().skipped > 0}>
              <p>{t('unlock.recoveredSkipped', { n: r().skipped })}</p>
            </Show>
          </div>
        )}
      </Show>
      <form onSubmit={submit} class="stack">
        <label for="unlock-pass">{t('unlock.passphrase')}</label>
        <input
          ref={input}
          id="unlock-pass"
          type="password"
          autocomplete="current-password"
          value={pass()}
          onInput={(e) => setPass(e.currentTarget.value)}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? 'unlock-error' : undefined}
          autofocus
        />
        <Show when={error()}>
          <p id="unlock-error" class="error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('unlock.working') : t('unlock.submit')}
        </button>
      </form>
      <PanicButton />
    </main>
  );
}
