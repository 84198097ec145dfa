import { createSignal, Show } from 'solid-js';
import { t } from '../kit/i18n';
import { domainErrorText } from './format';

/**
 * Adds a private note to the person's timeline, kept in this device's personal space only. It
 * adds an entry (like logging a conversation) rather than editing a field, hence its own button;
 * what was typed stays when the note is refused.
 */
export function PrivateNoteForm(props: {
  /** Saves the note; resolves to the refusal, or null once it is on disk. */
  onSave: (text: string) => Promise<{ code: string; detail: Readonly<Record<string, unknown>> } | null>;
}) {
  const [note, setNote] = createSignal('');
  const [error, setError] = createSignal('');
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const text = note();
    const refused = await props.onSave(text);
    if (refused) {
      setError(domainErrorText(refused, text.length));
      return;
    }
    if (note() === text) setNote(''); // not what was typed meanwhile
    setError('');
  };
  return (
    <form class="stack private-note" onSubmit={save} novalidate>
      <label for="person-private-note">
        <strong>{t('person.privateNote')}</strong>
      </label>
      <p class="help" id="person-private-note-help">
        {t('person.privateNoteHelp')}
      </p>
      <textarea
        id="person-private-note"
        rows="2"
        value={note()}
        onInput={(e) => setNote(e.currentTarget.value)}
        aria-describedby={error() ? 'person-private-note-help person-note-error' : 'person-private-note-help'}
        aria-invalid={error() ? 'true' : undefined}
      />
      <Show when={error()}>
        <p class="error" id="person-note-error">
          {error()}
        </p>
      </Show>
      <button type="submit">{t('person.addNote')}</button>
    </form>
  );
}
