/**
 * Field-use strings: people, person page, logging conversations, follow-ups and the dashboard.
 * One table for the i18n registry, composed of the people strings and the logging strings.
 */
import type { MessageTables } from '../kit/i18n/define';
import { logStrings } from './log-strings';
import { personStrings } from './person-strings';

function merge<A extends string, B extends string>(
  a: MessageTables<A>,
  b: MessageTables<B>,
): MessageTables<A | B> {
  return { en: { ...a.en, ...b.en }, es: { ...a.es, ...b.es } };
}

export const field = merge(personStrings, logStrings);
