#!/usr/bin/env node
// Time-to-ready and resident memory of a server start command, for docs/performance.md.
// usage: node scripts/measure-start.mjs <command> [args…]   (e.g. node dist/server/main.js)
// Ready = the "listening" log line (wall time, and CPU time spent until then); RSS = the sum over the started process and its descendants,
// read once the server has answered /healthz. Runs 5 times and prints the medians.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/measure-start.mjs <command> [args…]');
  process.exit(2);
}

function treeRssKb(rootPid) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, rss, comm]) => ({ pid: Number(pid), ppid: Number(ppid), rss: Number(rss), comm }));
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (tree.has(r.ppid) && !tree.has(r.pid)) (tree.add(r.pid), (grew = true));
  }
  const members = rows.filter((r) => tree.has(r.pid));
  return { kb: members.reduce((s, r) => s + r.rss, 0), processes: members.map((r) => r.comm), members };
}

// CPU time (user + system, including reaped children) of the processes, in ms: less load-sensitive than wall time.
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks * 10;
}

async function once() {
  const dataDir = mkdtempSync(join(tmpdir(), 'four-paths-measure-'));
  const started = performance.now();
  const child = spawn(cmd, args, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group, so a launcher (npm, tsx) and what it started are stopped together.
    detached: true,
  });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /"url":"(http:[^"]+)".*listening/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  const readyMs = performance.now() - started;
  const readyCpuMs = cpuMs(treeRssKb(child.pid).members.map((m) => m.pid));
  await (await fetch(`${url}/healthz`)).text();
  await new Promise((r) => setTimeout(r, 500));
  const rss = treeRssKb(child.pid);
  const exited = new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
  process.kill(-child.pid, 'SIGKILL');
  await exited;
  child.stdout.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  return { readyMs, readyCpuMs, rssMb: rss.kb / 1024, processes: rss.processes };
}

const runs = [];
for (let i = 0; i < 5; i++) runs.push(await once());
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    command: [cmd, ...args].join(' '),
    processes: runs[0].processes,
    readyMsMedian: Math.round(median(runs.map((r) => r.readyMs))),
    cpuMsToReadyMedian: median(runs.map((r) => r.readyCpuMs)),
    rssMbMedian: Math.round(median(runs.map((r) => r.rssMb))),
  }),
);
