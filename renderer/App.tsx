/**
 * The app's frame: the skip link, the top bar (name, search, the main navigation, the job queue)
 * and the page of the current route (lib/router.ts) — each page keyed by what it shows, so that
 * opening another event or recording starts that page afresh (and at its top).
 *
 * Owns: which page a route shows, and the navigation's "current page" marks.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveHome } from './features/archive/ArchiveHome';
import { EditorPage } from './features/editor/EditorPage';
import { EventPage } from './features/event/EventPage';
import { QueueMenu } from './features/queue/QueueMenu';
import { QuotesPage } from './features/quotes/QuotesPage';
import { SearchLauncher } from './features/search/SearchPalette';
import { SearchPage } from './features/search/SearchPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { PersonPage } from './features/speakers/PersonPage';
import { SpeakersPage } from './features/speakers/SpeakersPage';
import { hrefOf, useRoute } from './lib/router';

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const page =
    route.name === 'event' ? `event:${route.id}` : route.name === 'recording' ? `recording:${route.eventId}:${route.recordingId}` : route.name;
  const section = route.name === 'settings' ? route.section : undefined;
  // A new page starts at its top.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [page]);
  const current = (names: string[]) => (names.includes(route.name) ? 'page' : undefined);
  return (
    <div className={`app app-${route.name}`}>
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
        <SearchLauncher />
        <nav className="topnav" aria-label={t('app.name')}>
          <a
            href={hrefOf({ name: 'archive' })}
            aria-current={route.name === 'archive' ? 'page' : route.name === 'event' || route.name === 'recording' ? 'location' : undefined}
          >
            {t('nav.archive')}
          </a>
          <a href={hrefOf({ name: 'quotes', filter: {} })} aria-current={current(['quotes'])}>
            {t('nav.quotes')}
          </a>
          <a href={hrefOf({ name: 'speakers' })} aria-current={current(['speakers', 'person'])}>
            {t('nav.speakers')}
          </a>
          <a href={hrefOf({ name: 'settings' })} aria-current={current(['settings'])}>
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
        ) : route.name === 'recording' ? (
          <EditorPage
            key={`${route.eventId}/${route.recordingId}`}
            eventId={route.eventId}
            recordingId={route.recordingId}
            startAt={route.t}
            autoplay={!!route.play}
          />
        ) : route.name === 'speakers' ? (
          <SpeakersPage />
        ) : route.name === 'person' ? (
          <PersonPage key={route.id} id={route.id} />
        ) : route.name === 'quotes' ? (
          <QuotesPage filter={route.filter} />
        ) : route.name === 'search' ? (
          <SearchPage query={route.query} />
        ) : (
          <ArchiveHome />
        )}
      </main>
    </div>
  );
}
