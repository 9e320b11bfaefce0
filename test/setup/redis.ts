import type { TestProject } from 'vitest/node';
import { startRedis } from '../helpers/redisServer';

// One throw-away redis-server for the integration project, stopped when the run ends (also when it fails).

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
