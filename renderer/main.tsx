/**
 * The renderer's entry: the UI language set up (lib/i18n.ts) before the first render, the
 * stylesheets (in cascade order, see styles/), and the App mounted on #root.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './lib/i18n';
// In cascade order: later sheets refine earlier ones.
import './styles/base.css';
import './styles/pages.css';
import './styles/editor.css';
import './styles/search.css';

await initI18n();
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
