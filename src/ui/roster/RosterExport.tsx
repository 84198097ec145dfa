/**
 * Exporting people and conversations to CSV. An export is the one place where campaign data leaves
 * the encryption, so it is an explicit act: the warning is always on screen and the buttons stay
 * disabled until the user confirms they understand the file is not encrypted. Private notes are
 * left out unless asked for.
 */
import { createSignal, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { exportConversationsCsv, exportPeopleCsv } from '../../roster';
import { lang, t } from '../kit/i18n';

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const today = () => new Date().toISOString().slice(0, 10);

export function RosterExport(props: { session: Session }) {
  const [understood, setUnderstood] = createSignal(false);
  const [withPrivate, setWithPrivate] = createSignal(false);
  const [done, setDone] = createSignal('');

  const exportPeople = () => {
    const csv = exportPeopleCsv(props.session.campaign.doc, lang());
    const name = `${t('roster.export.peopleFile')}-${today()}.csv`;
    download(csv, name);
    setDone(t('roster.export.done', { file: name }));
  };
  const exportConversations = () => {
    const spaces = withPrivate()
      ? { campaign: props.session.campaign.doc, personal: props.session.personal.doc }
      : { campaign: props.session.campaign.doc };
    const name = `${t('roster.export.conversationsFile')}-${today()}.csv`;
    download(exportConversationsCsv(spaces, lang()), name);
    setDone(t('roster.export.done', { file: name }));
  };

  return (
    <section class="card stack roster-export" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('roster.export.title')}</h2>
      <p class="warning" id="export-warning">
        <strong>{t('roster.export.warningTitle')}</strong> {t('roster.export.warning')}
      </p>
      <label class="radio">
        <input
          type="checkbox"
          checked={understood()}
          aria-describedby="export-warning"
          onChange={(e) => setUnderstood(e.currentTarget.checked)}
        />
        {t('roster.export.understand')}
      </label>
      <div class="row wrap">
        <button type="button" class="primary" disabled={!understood()} onClick={exportPeople}>
          {t('roster.export.people')}
        </button>
        <button type="button" disabled={!understood()} onClick={exportConversations}>
          {t('roster.export.conversations')}
        </button>
      </div>
      <label class="radio">
        <input
          type="checkbox"
          checked={withPrivate()}
          onChange={(e) => setWithPrivate(e.currentTarget.checked)}
        />
        {t('roster.export.private')}
      </label>
      <p class="help">{t('roster.export.help')}</p>
      <Show when={done()}>
        <p role="status">{done()}</p>
      </Show>
    </section>
  );
}
