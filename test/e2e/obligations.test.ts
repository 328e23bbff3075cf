import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, pageErrors, hashOf, type E2E } from './harness.js';

describe('looking up obligations in the browser', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('finds an obligation by keyword and opens it', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/obligations?lang=en`);
    await page.getByLabel('Search', { exact: true }).fill('inform workers');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.result h3 a').allTextContents()).toContain('Inform workers before using a high-risk system at work');
    expect(hashOf(page)).toContain('q=inform+workers');
    await e2e.shot(page, 'obligations-search');

    await page.getByRole('link', { name: 'Inform workers before using a high-risk system at work' }).click();
    await page.waitForURL(/#\/obligation\/aia-art26-7/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inform workers before using a high-risk system at work');
    const eurLex = page.getByRole('link', { name: 'Art 26(7)' });
    expect(await eurLex.getAttribute('href')).toMatch(/^https:\/\/eur-lex\.europa\.eu\/legal-content\/EN\/.*32024R1689/);
    expect(await page.locator('.notice').textContent()).toContain('non-authoritative');
    // The search-as-you-type timer of the list must not pull the reader back once the obligation is open.
    await page.waitForTimeout(600);
    expect(hashOf(page)).toMatch(/^#\/obligation\/aia-art26-7/);
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows the application date under each law version and what the 2026 amendment changed', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/obligation/aia-art26-7?lang=en`);
    const rows = page.locator('section[aria-labelledby=dates-h] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('2 August 2026');
    expect(await rows.nth(1).textContent()).toContain('2 December 2027');
    expect(await page.locator('.notes').textContent()).toContain('moved the application date from 2 August 2026 to 2 December 2027');
    expect(await page.locator('#checks-h').isVisible()).toBe(true);
    await e2e.shot(page, 'obligation-detail');
  });

  it('filters by role, type and article from a shareable address', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/obligations?role=deployer&deontic=Duty&article=26&lang=en`);
    await expect.poll(() => page.locator('.result').count()).toBeGreaterThan(5);
    const metas = await page.locator('.result .meta').allTextContents();
    for (const m of metas) expect(m).toMatch(/Art 26/);
    expect(await page.getByLabel('Role').inputValue()).toBe('deployer');
  });

  it('keeps only obligations that can apply on the "in force on" date', async () => {
    const page = await e2e.page();
    const expected = (await (await fetch(`${e2e.base}/v1/obligations?article=5&asOf=2025-03-01&limit=1`)).json()) as { total: number };
    const all = (await (await fetch(`${e2e.base}/v1/obligations?article=5&limit=1`)).json()) as { total: number };
    expect(expected.total).toBeLessThan(all.total);
    await page.goto(`${e2e.base}/#/obligations?article=5&lang=en`);
    await expect.poll(() => page.locator('.result-count').textContent()).toContain(`${all.total} obligation`);
    await page.getByLabel('In force on').fill('2025-03-01');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toContain(`${expected.total} obligation`);
    expect(hashOf(page)).toContain('asOf=2025-03-01');
  });
});
