import { randomUUID } from 'node:crypto';
import type { Bus } from './types';

/** The bus of an instance that runs alone: there is nobody else to tell, so nothing travels. */
export class LocalBus implements Bus {
  readonly instanceId = randomUUID();
  readonly kind = 'local' as const;

  publish(): void {}

  async subscribe(): Promise<() => void> {
    return () => {};
  }

  onReconnect(): () => void {
    return () => {};
  }

  health() {
    return { ok: true, kind: this.kind };
  }

  stats() {
    return { published: 0, received: 0, dropped: 0, reconnects: 0 };
  }

  async close(): Promise<void> {}
}
