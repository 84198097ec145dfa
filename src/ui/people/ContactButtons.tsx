import { createMemo, Show } from 'solid-js';
import { type Contact, type PhoneLinks, phoneLinks } from '../../domain';
import { t } from '../kit/i18n';

/** The first contact of `kind` that reads as a phone number. */
function firstNumber(contacts: readonly Contact[], kind: Contact['kind']): PhoneLinks | null {
  for (const c of contacts) {
    if (c.kind !== kind) continue;
    const links = phoneLinks(c.value);
    if (links) return links;
  }
  return null;
}

/** A link that opens a messaging app (in a new context), when there is one to open. */
function AppLink(props: { href: string | undefined; label: string; app: string }) {
  return (
    <Show when={props.href}>
      {(href) => (
        <a class="button" href={href()} target="_blank" rel="noreferrer" aria-label={props.label}>
          {props.app}
        </a>
      )}
    </Show>
  );
}

/**
 * Call / Text / Signal / WhatsApp for a person, built from their phone number (a Signal or
 * WhatsApp contact, when one is a number, is used for that app). Each is a plain link the phone
 * hands to the installed app: one tap, nothing requested by Shopfloor. Signal and WhatsApp need
 * the international form; a number without a country code says so instead of guessing one.
 */
export function ContactButtons(props: { name: string; contacts: readonly Contact[] }) {
  const phone = createMemo(() => firstNumber(props.contacts, 'phone'));
  const signal = createMemo(() => firstNumber(props.contacts, 'signal') ?? phone());
  const whatsapp = createMemo(() => firstNumber(props.contacts, 'whatsapp') ?? phone());
  const shown = createMemo(() => phone() ?? signal() ?? whatsapp());
  const missingCode = createMemo(() => !signal()?.whatsapp || !whatsapp()?.whatsapp);
  return (
    <Show when={shown()}>
      {(number) => (
        <section class="contact-actions" aria-label={t('person.reach', { name: props.name })}>
          <p class="phone-number">
            <span class="muted">{t('person.phoneNumber')} </span>
            <span data-testid="person-phone">{number().display}</span>
          </p>
          <div class="contact-buttons">
            <Show when={phone()}>
              {(p) => (
                <>
                  <a class="button" href={p().tel} aria-label={t('person.callNamed', { name: props.name })}>
                    {t('person.call')}
                  </a>
                  <a class="button" href={p().sms} aria-label={t('person.textNamed', { name: props.name })}>
                    {t('person.text')}
                  </a>
                </>
              )}
            </Show>
            <AppLink
              href={signal()?.signal}
              label={t('person.signalNamed', { name: props.name })}
              app="Signal"
            />
            <AppLink
              href={whatsapp()?.whatsapp}
              label={t('person.whatsappNamed', { name: props.name })}
              app="WhatsApp"
            />
          </div>
          <Show when={missingCode()}>
            <p class="help" data-testid="no-country-code">
              {t('person.noCountryCode')}
            </p>
          </Show>
        </section>
      )}
    </Show>
  );
}
