import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import type { Session } from '../../app/session';
import { closeSurveyNow, removeSurvey } from '../../app/surveys';
import { ensureCollectors } from '../../app/surveys-collector';
import { getSurvey, listSurveys, type Survey } from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { FormError } from '../kit/Field';
import { formatNumber, type MessageKey, t } from '../kit/i18n';
import { href, navigate, route } from '../shell/router';
import { startPassThePhone } from './PassThePhone';
import { SurveyEditor, surveyErrorText } from './SurveyEditor';
import { SurveyResults } from './SurveyResults';
import { AnswerCodes, SurveyShare } from './SurveyShare';

/**
 * Surveys: the campaign's anonymous issue surveys. Routes: #/surveys (list), #/surveys/new,
 * #/surveys/<id> (edit a draft; share, collect and read results of a published one; start
 * pass-the-phone mode, which runs on top of the page).
 */
export function Surveys(props: { session: Session }) {
  const store = props.session.campaign;
  const surveys = createDocQuery(store.doc, (doc) => listSurveys(doc));
  // Keep collecting the inboxes of published surveys (until the app locks).
  createEffect(() => {
    surveys();
    ensureCollectors(store, props.session.deviceId);
  });
  const params = () => route().params;
  const current = createDocQuery(store.doc, (doc) => {
    const id = params()[0];
    return id && id !== 'new' ? getSurvey(doc, id) : null;
  });

  return (
    <section class="screen sv-screen">
      <Switch fallback={<SurveyList surveys={surveys()} />}>
        <Match when={params()[0] === 'new'}>
          <h1>{t('surveys.new')}</h1>
          <SurveyEditor session={props.session} survey={null} />
        </Match>
        <Match when={current()}>{(s) => <SurveyDetail session={props.session} survey={s()} />}</Match>
        <Match when={params()[0]}>
          <h1>{t('surveys.title')}</h1>
          <p>{t('surveys.notFound')}</p>
          <a href={href('surveys')}>{t('surveys.back')}</a>
        </Match>
      </Switch>
    </section>
  );
}

function statusText(s: Survey): string {
  return t(`surveys.status.${s.status}` as MessageKey);
}

function SurveyList(props: { surveys: readonly Survey[] }) {
  return (
    <>
      <h1>{t('surveys.title')}</h1>
      <p class="help">{t('surveys.intro')}</p>
      <a class="button primary" href={href('surveys/new')}>
        {t('surveys.new')}
      </a>
      <Show when={props.surveys.length > 0} fallback={<p>{t('surveys.none')}</p>}>
        <ul class="list sv-list">
          <For each={props.surveys}>
            {(s) => (
              <li>
                <a href={href(`surveys/${s.id}`)} class="item">
                  <span class="sv-list-title">{s.title}</span>
                  <span class="muted">
                    {statusText(s)}
                    <Show when={s.status !== 'draft'}>
                      {' '}
                      · {t('surveys.list.responses', { n: formatNumber(s.responseCount) })}
                    </Show>
                  </span>
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

function SurveyDetail(props: { session: Session; survey: Survey }) {
  const [error, setError] = createSignal('');
  const s = () => props.survey;
  return (
    <>
      <a href={href('surveys')} class="sv-back">
        ← {t('surveys.back')}
      </a>
      <h1>{s().title}</h1>
      <p class="muted" data-testid="survey-status">
        {statusText(s())}
        <Show when={s().closesOn}> · {t('surveys.closesOn', { date: s().closesOn ?? '' })}</Show>
      </p>
      <Switch>
        <Match when={s().status === 'draft'}>
          <SurveyEditor session={props.session} survey={s()} />
        </Match>
        <Match when={s().status === 'published'}>
          <PublishedSurvey session={props.session} survey={s()} />
        </Match>
        <Match when={s().status === 'closed'}>
          <SurveyResults session={props.session} survey={s()} />
        </Match>
      </Switch>
      <FormError error={error()} />
      <CloseOrDelete session={props.session} survey={s()} onError={setError} />
    </>
  );
}

/** A published survey: its link, pass-the-phone mode, answer codes and results so far. */
function PublishedSurvey(props: { session: Session; survey: Survey }) {
  return (
    <>
      <SurveyShare survey={props.survey} />
      <section class="card stack" aria-labelledby="sv-phone-title">
        <h2 id="sv-phone-title">{t('surveys.phone.title')}</h2>
        <p class="help">{t('surveys.phone.help')}</p>
        <button type="button" onClick={() => startPassThePhone(props.session, props.survey.id)}>
          {t('surveys.phone.start')}
        </button>
      </section>
      <Show when={props.survey.requireCodes}>
        <AnswerCodes session={props.session} survey={props.survey} />
      </Show>
      <SurveyResults session={props.session} survey={props.survey} />
    </>
  );
}

/** Closing (published surveys) and deleting, each after a confirmation. */
function CloseOrDelete(props: { session: Session; survey: Survey; onError(text: string): void }) {
  const [confirm, setConfirm] = createSignal<'close' | 'delete' | null>(null);
  const act = async (what: 'close' | 'delete') => {
    const r = await (what === 'close' ? closeSurveyNow : removeSurvey)(props.session, props.survey.id);
    if (!r.ok) {
      props.onError(surveyErrorText(r.error));
      return;
    }
    setConfirm(null);
    if (what === 'delete') navigate('surveys');
  };
  return (
    <div class="stack sv-danger">
      <Show
        when={confirm()}
        fallback={
          <>
            <Show when={props.survey.status === 'published'}>
              <button type="button" onClick={() => setConfirm('close')}>
                {t('surveys.close')}
              </button>
            </Show>
            <button type="button" onClick={() => setConfirm('delete')}>
              {t('surveys.delete')}
            </button>
          </>
        }
      >
        {(what) => (
          <div class="card stack">
            <p id="sv-confirm">{t(what() === 'close' ? 'surveys.closeConfirm' : 'surveys.deleteConfirm')}</p>
            <button type="button" class="danger" onClick={() => void act(what())}>
              {t(what() === 'close' ? 'surveys.closeYes' : 'surveys.deleteYes')}
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              {t('surveys.cancel')}
            </button>
          </div>
        )}
      </Show>
    </div>
  );
}
