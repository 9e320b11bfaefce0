import { startBuiltServer, type ChildServer } from '../../harness/childServer';
import { databaseFor } from './server';

export { freePort, type ChildServer } from '../../harness/childServer';

/** The built server as a child process on the suite's store (TEST_STORE), with its data in dataDir. */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ChildServer> {
  const store = env.DATABASE_URL ? {} : await databaseFor(dataDir);
  return startBuiltServer(dataDir, { ...store, ...env }, nodeArgs);
}
