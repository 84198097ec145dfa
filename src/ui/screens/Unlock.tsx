import { createSignal, Show } from 'solid-js';
import { PanicButton } from '../components/PanicButton';
import { t } from '../i18n';
import { unlock } from '../state/load-unlocked';

/** The lock screen. A wrong passphrase changes nothing and says so. */
export function Unlock() {
  const [pass, setPass] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;

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
