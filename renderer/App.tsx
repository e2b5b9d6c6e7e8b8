import { useTranslation } from 'react-i18next';
import { ArchiveHome } from './features/archive/ArchiveHome';
import { SettingsPage } from './features/settings/SettingsPage';
import { hrefOf, useRoute } from './lib/router';

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <nav className="topnav" aria-label={t('app.name')}>
          <a href={hrefOf({ name: 'archive' })} aria-current={route.name === 'archive' ? 'page' : undefined}>
            {t('nav.archive')}
          </a>
          <a href={hrefOf({ name: 'settings' })} aria-current={route.name === 'settings' ? 'page' : undefined}>
            {t('nav.settings')}
          </a>
        </nav>
      </header>
      <main id="main" className="content">
        {route.name === 'settings' ? <SettingsPage /> : <ArchiveHome />}
      </main>
    </div>
  );
}
