/**
 * Survey operations for the screens: saving and publishing a draft (the survey key pair and link
 * secrets are made here), the respondent link, answer codes, sealing an answer given in
 * pass-the-phone mode, and checking the organizer's passphrase to leave that mode. Each writes
 * through domain commands and flushes the campaign before it reports success.
 */
import {
  fromBase64Url,
  generateSurveyKeyPair,
  randomBytes,
  randomId,
  sealWithReceipt,
  toBase64Url,
} from '../crypto';
import {
  type AnswerDraft,
  type AnswerProblem,
  addAnswerCodes,
  addSurveyResponse,
  checkAnswers,
  closeSurvey,
  createSurvey,
  type DomainError,
  deleteSurvey,
  encodeResponse,
  encodeShortSurveyLink,
  encodeSurveyLink,
  getSurvey,
  hashAnswerCode,
  newAnswerCode,
  publishSurvey,
  type ResponseOutcome,
  type Result,
  type Survey,
  type SurveyInput,
  updateSurvey,
} from '../domain';
import { StorageError, unlockVault } from '../storage';
import { database, panicWipe } from './app-state';
import type { Session } from './session';

/**
 * Saves a draft: updates `surveyId`, or creates a new survey when it is null. Returns the survey's
 * id once durable, or the refusal.
 */
export async function saveSurveyDraft(
  session: Session,
  surveyId: string | null,
  input: SurveyInput,
): Promise<Result<string, DomainError>> {
  const store = session.campaign;
  const ctx = { by: session.deviceId };
  const r = surveyId ? updateSurvey(store.doc, surveyId, input, ctx) : createSurvey(store.doc, input, ctx);
  if (!r.ok) return r;
  await store.flush();
  return { ok: true, value: surveyId ?? (r.value as string) };
}

/**
 * Publishes a saved draft with fresh keys: the survey key pair, the link secret (the only secret
 * the link carries) and the mailbox read secret (which stays in the campaign).
 */
export async function publishSurveyDraft(
  session: Session,
  surveyId: string,
): Promise<Result<void, DomainError>> {
  const store = session.campaign;
  const pair = await generateSurveyKeyPair();
  const keys = {
    publicKey: toBase64Url(pair.publicKey),
    privateKey: toBase64Url(pair.privateKey),
    // The link carries only linkSecret; readSecret (the mailbox read capability) stays here.
    linkSecret: toBase64Url(randomBytes(16)),
    readSecret: toBase64Url(randomBytes(32)),
  };
  pair.privateKey.fill(0);
  const r = publishSurvey(store.doc, surveyId, keys, { by: session.deviceId });
  if (!r.ok) return r;
  await store.flush();
  return { ok: true, value: undefined };
}

/** Closes a published survey to new answers, durably. */
export async function closeSurveyNow(session: Session, surveyId: string): Promise<Result<void, DomainError>> {
  const r = closeSurvey(session.campaign.doc, surveyId, { by: session.deviceId });
  if (r.ok) await session.campaign.flush();
  return r;
}

/** Deletes a survey (a draft, or a published one with its answers), durably. */
export async function removeSurvey(session: Session, surveyId: string): Promise<Result<void, DomainError>> {
  const r = deleteSurvey(session.campaign.doc, surveyId, { by: session.deviceId });
  if (r.ok) await session.campaign.flush();
  return r;
}

/** The respondent link of a published survey (short, or long for surveys published earlier), optionally with an answer code in it. */
export async function surveyUrl(survey: Survey, code?: string): Promise<string> {
  if (!survey.published || !survey.keys) throw new Error('not published');
  const { linkSecret, inboxKey } = survey.keys;
  const fragment = linkSecret
    ? await encodeShortSurveyLink({ secret: fromBase64Url(linkSecret), ...(code ? { code } : {}) })
    : await encodeSurveyLink({
        inboxKey: fromBase64Url(inboxKey ?? ''),
        publicKey: fromBase64Url(survey.keys.publicKey),
        survey: survey.published,
        ...(code ? { code } : {}),
      });
  const page = new URL('respond.html', location.href.split('#')[0]).href;
  return `${page}#${fragment}`;
}

/** A single-use answer code and the respondent link that carries it. */
export interface IssuedCode {
  code: string;
  url: string;
}

/**
 * Makes `count` single-use answer codes for a survey: only their hashes are stored; the codes
 * (with their links) are returned once, for printing.
 */
export async function issueAnswerCodes(
  session: Session,
  survey: Survey,
  count: number,
): Promise<Result<IssuedCode[], DomainError>> {
  const store = session.campaign;
  const fresh = Array.from({ length: count }, newAnswerCode);
  const hashes = (await Promise.all(fresh.map((c) => hashAnswerCode(survey.id, c)))) as string[];
  const r = addAnswerCodes(store.doc, survey.id, hashes, { by: session.deviceId });
  if (!r.ok) return r;
  await store.flush();
  const value = await Promise.all(fresh.map(async (code) => ({ code, url: await surveyUrl(survey, code) })));
  return { ok: true, value };
}

/** What became of an answer given in pass-the-phone mode. */
export type PhoneAnswerResult =
  /** Nothing to answer (the survey is gone or not published). */
  | { kind: 'none' }
  /** The answers need fixing first. */
  | { kind: 'problems'; problems: readonly AnswerProblem[] }
  /** Sealed and stored in the campaign, durable. */
  | { kind: 'stored'; outcome: ResponseOutcome }
  /** The campaign refused it. */
  | { kind: 'refused'; error: DomainError };

/**
 * Checks and seals one answer given in pass-the-phone mode to the survey public key, exactly as
 * the respondent page does, and stores it sealed in the campaign. Crypto and storage failures throw.
 */
export async function sealPhoneAnswer(
  session: Session,
  surveyId: string,
  draft: AnswerDraft,
): Promise<PhoneAnswerResult> {
  const store = session.campaign;
  const s = getSurvey(store.doc, surveyId);
  if (!s?.published || !s.keys) return { kind: 'none' };
  const checked = checkAnswers(s.published, draft);
  if (!checked.ok) return { kind: 'problems', problems: checked.problems };
  const { sealed } = await sealWithReceipt(fromBase64Url(s.keys.publicKey), encodeResponse(checked.value));
  const code = checked.value.code ? await hashAnswerCode(s.id, checked.value.code) : null;
  const r = addSurveyResponse(
    store.doc,
    s.id,
    code ? { id: randomId(), sealed, code } : { id: randomId(), sealed },
    { by: session.deviceId },
  );
  if (!r.ok) return { kind: 'refused', error: r.error };
  await store.flush();
  return { kind: 'stored', outcome: r.value };
}

/**
 * Checks the organizer's passphrase against this device's database (to leave pass-the-phone mode).
 * The duress passphrase wipes everything, as it does on the lock screen.
 */
export async function checkOrganizerPassphrase(passphrase: string): Promise<'ok' | 'wrong' | 'wiped'> {
  try {
    await unlockVault(database(), passphrase);
    return 'ok';
  } catch (err) {
    if (err instanceof StorageError && err.code === 'duress') {
      await panicWipe();
      return 'wiped';
    }
    return 'wrong';
  }
}
