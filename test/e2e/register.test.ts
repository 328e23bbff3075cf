import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, pageErrors, API_KEY, CV_SCREENER, type E2E } from './harness.js';

describe('the register page', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    const res = await fetch(`${e2e.base}/v1/systems`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ profile: CV_SCREENER, asOf: '2026-11-28' }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => e2e?.close());

  it('lists the systems with open evidence and the next deadline once signed in with an API key', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/register?lang=en`);
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('tr', { hasText: 'CV screener' });
    await row.waitFor();
    expect(await row.locator('.badge').first().textContent()).toBe('High-risk AI system');
    expect(await row.locator('summary').textContent()).toMatch(/\d+ open/);
    expect(await row.locator('td').nth(2).textContent()).toMatch(/\d{4}/);
    expect(await page.evaluate(() => sessionStorage.getItem('regkg.apiKey'))).toBe(API_KEY);
    expect(await page.evaluate(() => localStorage.getItem('regkg.apiKey'))).toBeNull();
    await e2e.shot(page, 'register');

    await row.getByRole('button', { name: 'Re-assess: CV screener' }).click();
    await expect.poll(() => page.locator('.register-status').textContent()).toMatch(/^CV screener: /);
    expect(pageErrors(page)).toEqual([]);
  });

  it('says so when the key is refused', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/register?lang=en`);
    await page.getByLabel('API key').fill('not-a-valid-key-000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The API key was not accepted.');
    expect(await page.evaluate(() => sessionStorage.getItem('regkg.apiKey'))).toBeNull();
  });
});
