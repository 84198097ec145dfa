/**
 * Entry of respond.html, the page coworkers open from a survey link. It loads neither the app nor
 * Dexie; the transport is imported lazily when answers are sent (see src/respond/deliver.ts).
 */
import { render } from 'solid-js/web';
import { App } from './respond/App';
import './respond/respond.css';

const root = document.getElementById('root');
if (root) render(() => <App />, root);
