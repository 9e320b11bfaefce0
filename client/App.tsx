import { Join } from './pages/Join';
import { JoinCode } from './pages/JoinCode';
import { Landing } from './pages/Landing';
import { useT } from './i18n';

const WORKSHOP_PATH = /^\/w\/([A-Za-z0-9_-]{1,64})\/?$/;

/** Two kinds of page, told apart by the path; links between them are ordinary page loads. */
export function App() {
  const match = WORKSHOP_PATH.exec(window.location.pathname);
  if (match) return <Join workshopId={match[1]!} />;
  if (/^\/j\/?$/.test(window.location.pathname)) return <JoinCode />;
  if (window.location.pathname === '/' || window.location.pathname === '/index.html') return <Landing />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useT();
  return (
    <main className="landing">
      <div className="landing__card">
        <p className="landing__brand">{t('common.brand')}</p>
        <h1>{t('common.notFound')}</h1>
        <a className="button" href="/">
          {t('common.startPage')}
        </a>
      </div>
    </main>
  );
}
