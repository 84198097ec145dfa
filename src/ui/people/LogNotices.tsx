import { t } from '../kit/i18n';

/** After saving: where it went, and the two likely next moves. */
export function LogSaved(props: {
  personId: string;
  name: string;
  visibility: 'shared' | 'private';
  onAnother: () => void;
}) {
  return (
    <div class="card stack saved" role="status">
      <p id="log-saved" tabindex="-1">
        <strong>{props.visibility === 'private' ? t('log.savedPrivate') : t('log.saved')}</strong>
      </p>
      <div class="row wrap">
        <a class="button primary" href={`#/people/${encodeURIComponent(props.personId)}`}>
          {t('log.viewPerson', { name: props.name })}
        </a>
        <button type="button" onClick={() => props.onAnother()}>
          {t('log.another')}
        </button>
      </div>
    </div>
  );
}

/** An unsaved conversation with someone else: offered, never overwritten. */
export function LogOtherDraft(props: { name: string; onDiscard: () => void }) {
  return (
    <div class="card stack warning" role="status">
      <p>{t('log.otherDraft', { name: props.name })}</p>
      <div class="row wrap">
        <a class="button primary" href="#/log">
          {t('log.continueDraft')}
        </a>
        <button type="button" onClick={() => props.onDiscard()}>
          {t('log.discardAndStart')}
        </button>
      </div>
    </div>
  );
}

/** The draft came back as it was left. */
export function LogRestored(props: { onDiscard: () => void }) {
  return (
    <div class="card row wrap draft-note" role="status">
      <p class="grow">{t('log.draftRestored')}</p>
      <button type="button" onClick={() => props.onDiscard()}>
        {t('log.discard')}
      </button>
    </div>
  );
}
