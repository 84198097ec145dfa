/** Safety words: six words from a device's signing key, for two people to compare in person. */
import { For } from 'solid-js';
import { t } from '../kit/i18n';

/** The six words in order, numbered, so two people can read them out to each other. */
export function SafetyWordList(props: { words: readonly string[]; label?: string }) {
  return (
    <ol class="safety-words" aria-label={props.label ?? t('members.wordsLabel')}>
      <For each={props.words}>{(word) => <li>{word}</li>}</For>
    </ol>
  );
}

/** This phone's safety words, always shown on the Sharing screen, with what to do with them. */
export function DeviceWordsCard(props: { words: readonly string[] }) {
  return (
    <div class="card stack" data-testid="device-words">
      <h2 id="device-words-title">{t('members.wordsTitle')}</h2>
      <SafetyWordList words={props.words} label={t('members.wordsTitle')} />
      <p class="help">{t('members.wordsHelp')}</p>
    </div>
  );
}
