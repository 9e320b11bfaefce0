import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LightSpec, LoadCommand, LoadReply, LoadStats } from './loadgenTypes';

type ReplyOf<T extends LoadReply['type']> = Extract<LoadReply, { type: T }>;

/** The load generator child process, driven command by command. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor() {
    this.child = fork(fileURLToPath(new URL('./loadgen.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  private request<T extends LoadReply['type']>(command: LoadCommand, answer: T): Promise<ReplyOf<T>> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: LoadReply) => {
        if (m.type !== answer) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(m as ReplyOf<T>);
      };
      const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }

  connect(clients: LightSpec[], measure = false): Promise<ReplyOf<'connected'>> {
    return this.request({ type: 'connect', clients, measure }, 'connected');
  }

  async start(hz: number): Promise<void> {
    await this.request({ type: 'start', hz }, 'started');
  }

  async stop(): Promise<number> {
    return (await this.request({ type: 'stop' }, 'stopped')).sends;
  }

  async stats(): Promise<LoadStats> {
    return (await this.request({ type: 'stats' }, 'stats')).stats;
  }

  async closeClients(): Promise<void> {
    await this.request({ type: 'close' }, 'closed');
  }

  async exit(): Promise<void> {
    this.child.disconnect();
    await this.exited;
  }
}

/** A random Yjs-style client id (a 32-bit unsigned integer). */
export function randomClientId(): number {
  return Math.floor(Math.random() * 0xffffffff);
}
