import { render } from 'solid-js/web';
import { registerServiceWorker } from './pwa/register';
import { App } from './ui/App';
import { UpdatePrompt } from './ui/components/UpdatePrompt';
import { setLangChoice } from './ui/i18n';
import { boot } from './ui/state/app-state';
import { prefetchUnlocked } from './ui/state/load-unlocked';
import './ui/styles.css';

setLangChoice('auto');
const root = document.getElementById('root');
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
void boot().then(prefetchUnlocked);
registerServiceWorker();
