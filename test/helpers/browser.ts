import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FourPathsTestApi } from '../../client/session/testApi';
import type { RoomClient } from './clients';
import { startTestServer, type TestServer } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = 'dist/client';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

function distHasTestApi(): boolean {
  const assets = join(DIST, 'assets');
  if (!existsSync(join(DIST, 'index.html')) || !existsSync(assets)) return false;
  return readdirSync(assets).some((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('__fourPaths'));
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function distIsCurrent(): boolean {
  const built = statSync(join(DIST, 'index.html')).mtimeMs;
  return ['client', 'shared'].every((dir) => newestChange(dir) <= built);
}

/**
 * Browser tests talk to the board through window.__fourPaths, which a production build leaves
 * out. Rebuild with it when dist/client lacks it (e.g. after a plain `vite build`) or is older
 * than the sources.
 */
export function ensureTestBuild(): void {
  if (distHasTestApi() && distIsCurrent()) return;
  // NODE_ENV is 'test' under vitest, which would make Vite bundle React's development build.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', FOUR_PATHS_TEST_API: '1' } });
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export async function newPage(browser: Browser, opts: { viewport?: { width: number; height: number }; touch?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? DESKTOP,
    hasTouch: opts.touch ?? false,
    isMobile: opts.touch ?? false,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  return { context, page };
}

/** Waits until the board is open, connected and synced with the server. */
export async function waitForBoard(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__fourPaths?.connected === true && window.__fourPaths.synced === true, null, { timeout: 20_000 });
}

/** Opens a workshop link, gives a display name and waits for the synced board. */
export async function joinAs(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name, as others will see it').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await waitForBoard(page);
}

/** Calls the board's test API in the page, with an optional JSON argument. */
export function boardApi<T, A = undefined>(page: Page, fn: (api: FourPathsTestApi, arg: A) => T, arg?: A): Promise<Awaited<T>> {
  return page.evaluate(`(${fn.toString()})(window.__fourPaths, ${JSON.stringify(arg ?? null)})`) as Promise<Awaited<T>>;
}

/** Drags with the real mouse, in small steps as a hand would. */
export async function mouseDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 20): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/**
 * Lets a page finish drawing before a screenshot: the notes layer redraws a moment after the
 * view stops moving, and others' cursors arrive by awareness; neither tells the page when it is
 * done. Only for pictures: an assertion waits for its condition.
 */
export function settleForScreenshot(page: Page): Promise<void> {
  return page.waitForTimeout(600);
}

/**
 * Where a screenshot for the docs goes: test-results/ on every run (look at them there), and
 * docs/ only when UPDATE_DOCS=1, so a test run never rewrites tracked files by accident.
 */
export function docScreenshotPath(name: string): string {
  const dir = process.env.UPDATE_DOCS === '1' ? 'docs' : 'test-results';
  mkdirSync(dir, { recursive: true });
  return `${dir}/${name}`;
}

/**
 * One real server and one Chromium for a browser test file, with the contexts and Node clients
 * a test opens closed after it: the setup every browser test file shares.
 */
export function useBrowserSuite(opts: { env?: Record<string, string> } = {}): { readonly server: TestServer; readonly browser: Browser; contexts: BrowserContext[]; clients: RoomClient[] } {
  let server: TestServer | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const clients: RoomClient[] = [];
  beforeAll(async () => {
    ensureTestBuild();
    server = await startTestServer({ env: opts.env });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the browser suite starts its server in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser suite starts Chromium in beforeAll');
      return browser;
    },
    contexts,
    clients,
  };
}
