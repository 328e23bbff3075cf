import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config/config.js';
import { sharedCore } from '../support/core.js';

/** Debian's Chromium; no browser is downloaded. Flags as in the machine notes (closed network, root, no GPU). */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

/** An editor key for the register (REGKG_API_KEYS needs 16+ characters). */
export const API_KEY = 'e2e-editor-key-0123456789abcdef';

/** A CV-screening tool used by an employer: high-risk under Annex III 4(a) with Art 26 duties for the deployer. */
export const CV_SCREENER = { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };

export interface E2E {
  app: FastifyInstance;
  base: string;
  browser: Browser;
  page(options?: BrowserContextOptions): Promise<Page>;
  shot(page: Page, name: string, fullPage?: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server on a free port (register in memory, one editor key) and a real headless Chromium. Pages collect
 * uncaught errors in `page.errors` so a test can assert the UI ran cleanly.
 */
export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's browser (apt-get install -y chromium)`);
  const app = await buildApp({
    config: testConfig({ REGKG_STORE: 'memory', REGKG_API_KEYS: `${API_KEY}:editor:e2e`, ...overrides }),
    core: sharedCore(),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const contexts: { close(): Promise<void> }[] = [];
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    browser,
    async page(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true, ...options });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      Object.assign(page, { errors });
      return page;
    },
    async shot(page, name, fullPage = true) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
    },
  };
}

/** Uncaught errors the page raised (collected by startE2E). */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

/** The route part of an address: `#/obligation/aia-art26-7?lang=fr`. */
export function hashOf(page: Page): string {
  return new URL(page.url()).hash;
}
