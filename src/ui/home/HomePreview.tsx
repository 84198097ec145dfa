/**
 * Home painted from the campaign's sealed home view (app/home-view.ts) while the campaign doc
 * loads after unlock: the real headline figures and charts as they were last saved, marked as
 * opening. Nothing here can be changed or tapped into (the figures are `inert`: their links lead
 * to screens that need the doc); the live home replaces it once the doc is open. A view is given
 * only when it matches what is stored, so these are never figures older than what is saved.
 */
import type { HomeView } from '../../app/home-view';
import { t } from '../kit/i18n';
import { AssessmentChart } from './AssessmentChart';
import { CardsChart } from './CardsChart';
import { HomeCounts } from './HomeCounts';

export function HomePreview(props: { view: HomeView }) {
  return (
    <div class="shell">
      <main id="main" class="content">
        <section class="screen home" aria-busy="true" data-testid="home-preview">
          <h1>{props.view.name}</h1>
          <div class="card stack" role="status">
            <p>{t('counts.opening')}</p>
            <p class="help">{t('counts.openingHelp')}</p>
          </div>
          <div inert>
            <HomeCounts
              stats={props.view.stats}
              unit={props.view.unit}
              units={props.view.units}
              shifts={props.view.shifts}
            />
            <AssessmentChart
              id="dash-dist"
              distribution={props.view.stats.distribution}
              total={props.view.stats.total}
            />
            <CardsChart stats={props.view.stats} unit={props.view.unit} />
          </div>
        </section>
      </main>
    </div>
  );
}
