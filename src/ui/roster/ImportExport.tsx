/**
 * Import & export (route #/roster): bring a roster in from a spreadsheet or phone contacts, take
 * people and conversations out as CSV, and open the printable roster.
 */

import type { Session } from '../../app/session';
import { t } from '../kit/i18n';
import { RosterExport } from './RosterExport';
import { RosterImport } from './RosterImport';

export function ImportExport(props: { session: Session }) {
  return (
    <section class="screen roster-screen">
      <h1>{t('roster.title')}</h1>
      <p class="help">{t('roster.intro')}</p>
      <RosterImport session={props.session} />
      <RosterExport session={props.session} />
      <section class="card stack" aria-labelledby="print-heading">
        <h2 id="print-heading">{t('roster.print.title')}</h2>
        <p class="help">{t('roster.print.help')}</p>
        <a class="button" href="#/roster/print">
          {t('roster.print.open')}
        </a>
      </section>
    </section>
  );
}
