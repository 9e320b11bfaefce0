// Preloaded into our server (NODE_OPTIONS=--import) when BENCH_PROFILE_DIR is set: records a
// V8 CPU profile from start and writes it on SIGUSR2, which the bench sends before stopping it.
// SIGWINCH (which a server never gets otherwise) starts the profile afresh: the bench sends it as
// its measuring window opens, so the profile holds the window (and the drain), not start-up.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  process.on('SIGWINCH', () => {
    session.post('Profiler.stop', () => session.post('Profiler.start'));
  });
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      process.send?.('profiled');
      console.log('{"msg":"cpu profile written"}');
    });
  });
}
