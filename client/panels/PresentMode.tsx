import { useCallback, useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Note } from '@shared/schema/board';
import { PresentBoard } from '../canvas/PresentBoard';
import { serverClock } from '../session/serverClock';
import type { ControlStore } from '../session/controlStore';
import { useControl } from '../session/useControl';
import { useWording } from '../session/useWording';
import { TimerDisplay } from './Timer';
import { useEscapeToClose } from './useEscapeToClose';
import './PresentMode.css';
import { useT } from '../i18n';

import type { PresentTestApi } from '../session/testApi';

interface PresentModeProps {
  notes: readonly Note[];
  control: ControlStore;
  awareness: Awareness;
  onLeave: () => void;
}

/** The projector's view: the matrix filling the screen, with only the phase and the timer. Escape leaves. */
export function PresentMode({ notes, control, awareness, onLeave }: PresentModeProps) {
  const session = useControl(control, (s) => s.session);
  const votes = useControl(control, (s) => s.votes);
  const wording = useWording(control);
  const { t } = useT();
  const chromeRef = useRef<HTMLDivElement>(null);
  const [chrome, setChrome] = useState({ width: 260, height: 48 });
  const textPx = useRef(0);
  const onTextSize = useCallback((px: number) => {
    textPx.current = px;
  }, []);

  useEffect(() => {
    const el = chromeRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setChrome((c) => (c.width === el.offsetWidth && c.height === el.offsetHeight ? c : { width: el.offsetWidth, height: el.offsetHeight })));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    // Everything else on the page is hidden, for eyes and for screen readers alike.
    document.body.classList.add('is-presenting');
    return () => document.body.classList.remove('is-presenting');
  }, []);

  useEscapeToClose(onLeave);
  useEffect(() => {
    // Leaving full screen (the browser takes that Escape itself) leaves Present mode too.
    const onFullscreen = () => {
      if (!document.fullscreenElement) onLeave();
    };
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => document.removeEventListener('fullscreenchange', onFullscreen);
  }, [onLeave]);

  useEffect(() => {
    if (!__TEST_API__) return;
    const api: PresentTestApi = { minTextPx: () => textPx.current };
    window.__fourPathsPresent = api;
    return () => {
      if (window.__fourPathsPresent === api) delete window.__fourPathsPresent;
    };
  }, []);

  return (
    <div className="present" role="region" aria-label={t('present.label')}>
      <PresentBoard notes={notes} totals={votes} wording={wording} markFence={session.phase === 'discuss'} awareness={awareness} chrome={chrome} onTextSize={onTextSize} />
      <div className="present__chrome" ref={chromeRef}>
        <span className="present__phase">{t(`phase.name.${session.phase}`)}</span>
        <TimerDisplay timer={session.phase === 'done' ? null : session.timer} clock={serverClock} />
        <button className="present__leave" onClick={onLeave} aria-label={t('present.leave')} title={t('present.leaveTitle')}>
          ×
        </button>
      </div>
    </div>
  );
}
