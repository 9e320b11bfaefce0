import { Component, lazy, Suspense, type ComponentProps, type ReactNode } from 'react';
import { tUi } from '../i18n';

// The board (konva, react-konva, yjs) is its own chunk, so the landing and join pages load without it.
const BoardPage = lazy(() => import('../BoardPage').then((m) => ({ default: m.BoardPage })));

/** A failed chunk download (offline, or a new deployment replaced it) asks for a reload instead of a blank page. */
class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="page-message" role="alert">
        {tUi('lazy.failed')}{' '}
        <button className="button" type="button" onClick={() => window.location.reload()}>
          {tUi('lazy.reload')}
        </button>
      </div>
    );
  }
}

/** The board page, downloaded when a workshop is joined. */
export function LazyBoardPage(props: ComponentProps<typeof BoardPage>) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<div className="page-message">{tUi('lazy.opening')}</div>}>
        <BoardPage {...props} />
      </Suspense>
    </ChunkErrorBoundary>
  );
}
