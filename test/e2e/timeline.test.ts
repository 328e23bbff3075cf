import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, pageErrors, type E2E } from './harness.js';

const longDate = (iso: string): string => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

describe('the timeline page', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('shows the milestones of the version in force and highlights the next deadline', async () => {
    const { items } = (await (await fetch(`${e2e.base}/v1/timeline`)).json()) as { items: { date: string; lawVersion: string }[] };
    const next = items.filter((m) => m.lawVersion === 'aia-2026' && m.date > '2026-11-28').map((m) => m.date).sort()[0]!;
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/timeline?asOf=2026-11-28&lang=en`);
    const current = page.locator('section.version.current');
    await expect.poll(() => current.locator('h2').textContent()).toContain('2026/1744');
    expect(await current.locator('.is-next time').first().textContent()).toBe(longDate(next));
    expect(await current.locator('.is-next .badge').first().textContent()).toBe('Next deadline');
    expect(await page.locator('details.version summary').textContent()).toContain('2024/1689');
    await e2e.shot(page, 'timeline');
    expect(pageErrors(page)).toEqual([]);
  });

  it('reads the Act as published for a date before the amendment', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/timeline?asOf=2026-01-15&lang=en`);
    await expect.poll(() => page.locator('section.version.current h2').textContent()).toContain('2024/1689');
  });
});
