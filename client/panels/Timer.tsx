import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { isTimerRunning, timerRemaining, type Timer } from '@shared/schema/timer';
import type { ServerClock } from '../session/serverClock';
import './Timer.css';
import { useT } from '../i18n';

const SOUND_KEY = 'four-paths:timer-sound';

export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Re-renders a few times a second while the timer runs, so the display follows the server's clock. */
function useRemaining(timer: Timer | null, clock: ServerClock): number {
  useSyncExternalStore(clock.subscribe, () => clock.offsetMs);
  const [, tick] = useState(0);
  const running = isTimerRunning(timer);
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => tick((n) => n + 1), 200);
    return () => clearInterval(id);
  }, [running]);
  return timerRemaining(timer, clock.now());
}

let audio: AudioContext | null = null;

/** Two short tones: audible in a quiet room, not alarming. */
function chime(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    [0, 0.28].forEach((delay, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = i === 0 ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + delay);
      gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + delay + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + delay + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + delay);
      osc.stop(ctx.currentTime + delay + 0.3);
    });
  } catch {
    // No audio on this device: the visual signal remains.
  }
}

function BellGlyph({ off }: { off: boolean }) {
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2.2 2.2 0 0 0 4 0" />
      {off && <path d="M4 4l16 16" />}
    </svg>
  );
}

interface TimerDisplayProps {
  timer: Timer | null;
  clock: ServerClock;
}

/** The session timer as everyone sees it: time left, and a clear signal when it reaches zero. */
export function TimerDisplay({ timer, clock }: TimerDisplayProps) {
  const remaining = useRemaining(timer, clock);
  const { t } = useT();
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) === 'on');
  const running = isTimerRunning(timer);
  const expired = timer !== null && running && remaining <= 0;
  const chimedFor = useRef<number | null>(null);

  useEffect(() => {
    if (!expired || !sound || !timer || chimedFor.current === timer.startedAt) return;
    chimedFor.current = timer.startedAt;
    chime();
  }, [expired, sound, timer]);

  if (!timer) return null;
  const toggleSound = () => {
    const next = !sound;
    setSound(next);
    localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    // Browsers allow audio only after a gesture: this click is it.
    if (next) void (audio ??= new AudioContext()).resume();
  };
  const state = expired ? 'expired' : running ? 'running' : 'paused';
  return (
    <div className={`timer timer--${state}`} role="timer" aria-live={expired ? 'assertive' : 'off'} data-testid="session-timer">
      <span className="timer__time">{expired ? t('timer.up') : formatRemaining(remaining)}</span>
      {state === 'paused' && <span className="timer__note">{t('timer.paused')}</span>}
      <button
        className="timer__sound"
        onClick={toggleSound}
        aria-pressed={sound}
        aria-label={sound ? t('timer.mute') : t('timer.unmute')}
        title={sound ? t('timer.soundOn') : t('timer.soundOff')}
      >
        <BellGlyph off={!sound} />
      </button>
    </div>
  );
}
