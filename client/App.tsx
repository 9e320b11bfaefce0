import { Join } from './pages/Join';
import { JoinCode } from './pages/JoinCode';
import { Landing } from './pages/Landing';

const WORKSHOP_PATH = /^\/w\/([A-Za-z0-9_-]{1,64})\/?$/;

/** Two kinds of page, told apart by the path; links between them are ordinary page loads. */
export function App() {
  const match = WORKSHOP_PATH.exec(window.location.pathname);
  if (match) return <Join workshopId={match[1]!} />;
  if (/^\/j\/?$/.test(window.location.pathname)) return <JoinCode />;
  if (window.location.pathname === '/' || window.location.pathname === '/index.html') return <Landing />;
  return (
    <main className="landing">
      <div className="landing__card">
        <p className="landing__brand">Four Paths</p>
        <h1>Page not found</h1>
        <a className="button" href="/">
          Start page
        </a>
      </div>
    </main>
  );
}
