/**
 * The screen shown instead of the app when the page cannot encrypt: not a secure context (plain
 * http on another machine's address) or no WebCrypto. main.tsx checks before anything else runs,
 * so no database is opened and no half-working setup screen appears.
 */
import { For, Show } from 'solid-js';
import { t } from '../kit/i18n';

/** Why the app cannot run here, or null when it can. */
export type InsecureReason = 'insecure' | 'no-webcrypto';

/**
 * Checks the page can use WebCrypto and a service worker.
 *
 * @param g - The global object (a stand-in in tests).
 */
export function insecureReason(
  g: { isSecureContext?: boolean; crypto?: { subtle?: unknown } } = globalThis,
): InsecureReason | null {
  if (g.isSecureContext !== true) return 'insecure';
  if (!g.crypto?.subtle) return 'no-webcrypto';
  return null;
}

/** The explanation, with what to do. */
export function InsecureContext(props: { reason: InsecureReason; origin: string }) {
  return (
    <main class="gate insecure-context" id="insecure-context">
      <h1>{t('insecure.title')}</h1>
      <Show
        when={props.reason === 'insecure'}
        fallback={
          <p class="error" role="alert">
            {t('insecure.noCrypto')}
          </p>
        }
      >
        <p role="alert">{t('insecure.why', { origin: props.origin })}</p>
        <h2>{t('insecure.whatTitle')}</h2>
        <ul>
          <For each={['insecure.https', 'insecure.server', 'insecure.local'] as const}>
            {(key) => <li>{t(key)}</li>}
          </For>
        </ul>
      </Show>
    </main>
  );
}
