import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer as createNetServer } from 'node:net';
import { existsSync } from 'node:fs';
import { databaseFor } from './server';

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

// The server as shipped: the bundle `npm run build:server` writes (vitest's global setup builds it).
const SERVER_BUNDLE = 'dist/server/main.js';

/** Runs the built server (dist/server/main.js) as a child process on a free port, with its data in dataDir. */
export async function startChildServer(
  dataDir: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ChildServer> {
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run \`npm run build:server\` first`);
  const store = env.DATABASE_URL ? {} : await databaseFor(dataDir);
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', SERVER_BUNDLE], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...store, ...env },
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

/** A port that was free a moment ago, for restarting a server where its clients expect it. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
