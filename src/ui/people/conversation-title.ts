/**
 * A timeline entry's title: how the conversation happened and its first words ("In person: Back
 * pain after double shifts…"), or how and when when nothing was written — so a list of entries
 * reads as a list of different conversations, not "Conversation" over and over.
 */
import type { Conversation } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';
import { formatDate, localToday } from './format';

/** Which written part speaks for the entry, most telling first. */
const SOURCES = ['notes', 'stake', 'ask', 'answerNote', 'vision', 'inoculation'] as const;
const MAX_WORDS = 8;
const MAX_CHARS = 60;

/** The first words of `text` on one line: at most 8 words and 60 characters, "…" when cut. */
export function firstWords(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let out = '';
  for (const w of words.slice(0, MAX_WORDS)) {
    const next = out ? `${out} ${w}` : w;
    if (next.length > MAX_CHARS) break;
    out = next;
  }
  if (out === '' && words[0]) out = words[0].slice(0, MAX_CHARS);
  return out.length < words.join(' ').length ? `${out.replace(/[,.;:!?]+$/, '')}…` : out;
}

/** The title shown on a timeline entry. */
export function conversationTitle(c: Conversation): string {
  const how =
    c.kind === 'one-on-one' && c.channel
      ? t(`log.channel.${c.channel}` as MessageKey)
      : t(`timeline.${c.kind}` as MessageKey);
  const text = c.completed?.text || SOURCES.map((k) => c[k]).find((v) => v?.trim());
  if (text) return t('timeline.titleWords', { how, words: firstWords(text) });
  return t('timeline.titleDate', { how, date: formatDate(localToday(new Date(c.at))) });
}
