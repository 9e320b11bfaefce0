import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { createInterface } from 'node:readline';

// Starting the built server in a child process, for the tests and the bench alike. Nothing here
// knows about either: the test suite adds its store choice, the bench its lifted rate limits.

export interface ChildServer {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  /** Lines the server logged, for asserting on what it said. */
  lines: string[];
  /** The inspector's WebSocket URL when started with an `--inspect` node argument. */
  inspectorUrl: string | null;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const INSPECTOR_CHATTER = /For help, see|Debugger (attached|ending)|Waiting for the debugger/;

// The server as shipped: the bundle `npm run build:server` writes (vitest's global setup and `npm run bench` build it).
const SERVER_BUNDLE = 'dist/server/main.js';

/** Runs the built server (dist/server/main.js) as a child process on a free port, with its data in dataDir. */
export async function startBuiltServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ChildServer> {
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run \`npm run build:server\` first`);
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', SERVER_BUNDLE], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let inspectorUrl: string | null = null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${lines.join('\n')}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = /"url":"(http:[^"]+)".*listening/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (m) inspectorUrl = m[1]!;
      else if (!INSPECTOR_CHATTER.test(line)) lines.push(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${lines.join('\n')}`));
    });
  });
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws') + '/sync',
    child,
    lines,
    inspectorUrl,
    kill(signal = 'SIGKILL') {
      child.kill(signal);
      return exited;
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1, for a server its clients must find again after a restart. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
