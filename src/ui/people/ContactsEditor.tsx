import { For, Show } from 'solid-js';
import { CONTACT_KINDS, type ContactKind } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';

/** One contact as typed. */
export interface ContactRow {
  kind: ContactKind;
  value: string;
}

/**
 * A person's contacts. Each row is a kind above a full-width value (a phone number must be
 * readable whole on a narrow phone). Changing a kind, leaving a value or removing a row saves;
 * a new row saves once it has a value.
 */
export function ContactsEditor(props: {
  rows: readonly ContactRow[];
  error?: string | undefined;
  onKind: (index: number, kind: ContactKind) => void;
  onValue: (index: number, value: string) => void;
  onCommit: () => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
}) {
  return (
    <fieldset class="stack contacts" id="pd-contacts" tabindex="-1">
      <legend>{t('person.contacts')}</legend>
      <For each={props.rows}>
        {(c, i) => (
          <div class="contact">
            <div class="row">
              <label class="visually-hidden" for={`pd-contact-kind-${i()}`}>
                {t('person.contactKind')}
              </label>
              <select
                id={`pd-contact-kind-${i()}`}
                class="contact-kind"
                value={c.kind}
                onChange={(e) => {
                  props.onKind(i(), e.currentTarget.value as ContactKind);
                  props.onCommit();
                }}
              >
                <For each={CONTACT_KINDS}>
                  {(k) => <option value={k}>{t(`person.contact.${k}` as MessageKey)}</option>}
                </For>
              </select>
              <button
                type="button"
                class="icon-text"
                aria-label={t('person.removeContact', { n: i() + 1 })}
                onClick={() => props.onRemove(i())}
              >
                ×
              </button>
            </div>
            <label class="visually-hidden" for={`pd-contact-${i()}`}>
              {t('person.contactValue')}
            </label>
            <input
              id={`pd-contact-${i()}`}
              class="contact-value"
              type={
                c.kind === 'phone' || c.kind === 'whatsapp' ? 'tel' : c.kind === 'email' ? 'email' : 'text'
              }
              autocomplete="off"
              value={c.value}
              onInput={(e) => props.onValue(i(), e.currentTarget.value)}
              onChange={() => props.onCommit()}
            />
          </div>
        )}
      </For>
      <Show when={props.error}>
        <p class="error">{props.error}</p>
      </Show>
      <button type="button" onClick={() => props.onAdd()}>
        {t('person.addContact')}
      </button>
    </fieldset>
  );
}
