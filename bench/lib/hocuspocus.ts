import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { freePort } from '../../harness/childServer';
import type { Target } from './servers';

/** Hocuspocus 4.7 in its default setup, in a child process of its own. */
export async function startHocuspocus(): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./hocuspocusMain.mjs', import.meta.url))], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Hocuspocus did not start')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('hocuspocus listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`Hocuspocus exited with ${code}`)));
  });
  return {
    kind: 'hocuspocus',
    pid: child.pid!,
    httpUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Hocuspocus's own provider, which speaks its protocol (document name on every message, auth first). */
export function openHocuspocusProvider(target: Target, room: string, doc: Y.Doc): { awareness: Awareness; readonly synced: boolean; destroy(): void } {
  const socket = new HocuspocusProviderWebsocket({ url: target.wsBase, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc, token: 'bench' });
  provider.attach();
  return {
    awareness: provider.awareness!,
    get synced() {
      return provider.synced;
    },
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}
