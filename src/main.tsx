import { render } from 'solid-js/web';
import { boot } from './app/app-state';
import { prefetchUnlocked } from './app/load-unlocked';
import { registerServiceWorker } from './pwa/register';
import { setLangChoice } from './ui/kit/i18n';
import { App } from './ui/shell/App';
import { InsecureContext, insecureReason } from './ui/shell/InsecureContext';
import { UpdatePrompt } from './ui/shell/UpdatePrompt';
import './ui/styles.css';

setLangChoice('auto');
const root = document.getElementById('root');
// Before anything touches WebCrypto or the service worker: over plain http on a LAN address they
// do not exist, and the app would fail halfway through setup. Say so instead, and start nothing.
const problem = insecureReason();
// index.html paints a static loading screen before any script runs; the app replaces it.
if (root) root.textContent = '';
if (problem) {
  if (root) render(() => <InsecureContext reason={problem} origin={location.origin} />, root);
} else {
  if (root) {
    render(
      () => (
        <>
          <App />
          <UpdatePrompt />
        </>
      ),
      root,
    );
  }
  // While boot opens the database, fetch the first-run screen too: for someone new (the first
  // screen they ever see) it is then ready the moment boot says so, one round trip sooner; for
  // everyone else it is 2 KB.
  void import('./ui/shell/Setup').catch(() => {});
  void boot().then(prefetchUnlocked);
  registerServiceWorker();
}
