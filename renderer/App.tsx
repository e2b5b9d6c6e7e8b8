import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveHome } from './features/archive/ArchiveHome';
import { EventPage } from './features/event/EventPage';
import { QueueMenu } from './features/queue/QueueMenu';
import { SettingsPage } from './features/settings/SettingsPage';
import { hrefOf, useRoute } from './lib/router';

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const page = route.name === 'event' ? `event:${route.id}` : route.name;
  const section = route.name === 'settings' ? route.section : undefined;
  // A new page starts at its top.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [page]);
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash is the route: move focus without navigating.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <nav className="topnav" aria-label={t('app.name')}>
          <a href={hrefOf({ name: 'archive' })} aria-current={route.name === 'archive' ? 'page' : route.name === 'event' ? 'location' : undefined}>
            {t('nav.archive')}
          </a>
          <a href={hrefOf({ name: 'settings' })} aria-current={route.name === 'settings' ? 'page' : undefined}>
            {t('nav.settings')}
          </a>
          <QueueMenu />
        </nav>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {route.name === 'settings' ? (
          <SettingsPage section={section} />
        ) : route.name === 'event' ? (
          <EventPage key={route.id} id={route.id} />
        ) : (
          <ArchiveHome />
        )}
      </main>
    </div>
  );
}
