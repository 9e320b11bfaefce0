/// <reference types="vite/client" />

import type { FourPathsTestApi, PresentTestApi } from './session/testApi';

declare global {
  /** True in dev and test builds: the small test API on window is installed (see vite.config.ts). */
  const __TEST_API__: boolean;

  interface Window {
    __fourPaths?: FourPathsTestApi;
    __fourPathsPresent?: PresentTestApi;
  }
}
