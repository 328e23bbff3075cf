import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, pageErrors, CV_SCREENER, type E2E } from './harness.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('at phone width (390 px)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  const pages: [string, string, string][] = [
    ['home', '/#/?lang=en', 'h1'],
    ['obligations', '/#/obligations?q=logs&lang=en', '.result'],
    ['obligation', '/#/obligation/aia-art26-7?lang=en', '#dates-h'],
    ['questionnaire', `/#/assess?p=${encodeURIComponent('{"name":"CV screener","roles":["deployer"]}')}&lang=en`, 'form.step'],
    ['result', `/#/result?p=${encodeURIComponent(JSON.stringify(CV_SCREENER))}&asOf=2026-11-28&lang=en`, '.ob-card'],
    ['timeline', '/#/timeline?asOf=2026-11-28&lang=en', '.timeline'],
  ];

  for (const [name, path, ready] of pages) {
    it(`renders the ${name} page without horizontal scrolling`, async () => {
      const page = await e2e.page(PHONE);
      await page.goto(`${e2e.base}${path}`);
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.getByLabel('Language').isVisible()).toBe(true);
      expect(await page.getByRole('navigation').getByRole('link', { name: 'Obligations' }).isVisible()).toBe(true);
      await e2e.shot(page, `phone-${name}`);
      expect(pageErrors(page)).toEqual([]);
    });
  }
});
