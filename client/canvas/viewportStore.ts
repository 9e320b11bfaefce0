import type { Size, Viewport } from './geometry';

// Session state: the local pan/zoom and the canvas size. It changes at pointer rate, so the
// stage applies it imperatively and only the few DOM overlays that need it subscribe.
export class ViewportStore {
  private viewport: Viewport = { x: 0, y: 0, zoom: 1 };
  private size: Size = { width: 0, height: 0 };
  private listeners = new Set<() => void>();

  get = (): Viewport => this.viewport;
  getSize = (): Size => this.size;

  set(viewport: Viewport): void {
    if (viewport.x === this.viewport.x && viewport.y === this.viewport.y && viewport.zoom === this.viewport.zoom) return;
    this.viewport = viewport;
    this.emit();
  }

  setSize(size: Size): void {
    if (size.width === this.size.width && size.height === this.size.height) return;
    this.size = size;
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
