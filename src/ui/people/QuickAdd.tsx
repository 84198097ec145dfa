/** Quick-add by name: the field clears, confirming the save, only once the write is durable. */
import { createSignal, Show } from 'solid-js';
import { addPerson } from '../../app/people';
import type { Session } from '../../app/session';
import { errorText, t } from '../kit/i18n';

export function QuickAdd(props: { session: Session }) {
  const store = props.session.campaign;
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal('');
  const [saving, setSaving] = createSignal(false);

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    if (saving()) return;
    const submitted = name();
    const result = addPerson(props.session, { name: submitted });
    if (!result.ok) {
      setError(errorText(result.error.code));
      return;
    }
    setSaving(true);
    try {
      await store.flush();
      // Saved: clear the field, unless the next name was already typed while this one was saving.
      if (name() === submitted) setName('');
      setError('');
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'write-failed';
      // A full disk is already announced by the storage banner; the typed name stays in the field.
      setError(code === 'quota-exceeded' ? '' : errorText(code));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="stack card" onSubmit={add} novalidate>
      <label for="quick-add">{t('people.quickAdd')}</label>
      <div class="row">
        <input
          id="quick-add"
          type="text"
          autocomplete="off"
          maxlength="200"
          placeholder={t('people.namePlaceholder')}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? 'quick-add-error' : undefined}
        />
        <button type="submit" class="primary" disabled={saving()}>
          {t('people.add')}
        </button>
      </div>
      <Show when={error()}>
        <p id="quick-add-error" class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}
