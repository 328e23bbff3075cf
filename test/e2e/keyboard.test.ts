import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, pageErrors, type E2E } from './harness.js';
import { currentStep, stepAfter, type Answers } from './questionnaire.js';

/** Presses Tab until the focused element matches a selector (only Tab moves focus here). */
async function tabTo(page: Page, selector: string, max = 200): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedTag = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.tagName ?? '');
const focusRing = (page: Page): Promise<string> => page.evaluate(() => {
  const s = getComputedStyle(document.activeElement!);
  return `${s.outlineStyle} ${s.outlineWidth}`;
});

describe('the questionnaire without a mouse', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('completes an assessment with Tab, Space and Enter only', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/assess?lang=en`);
    expect(await currentStep(page)).toBe('name');

    await tabTo(page, 'input[name=name]');
    await page.keyboard.type('CV screener');
    await tabTo(page, 'form.step button[type=submit]');
    expect(await focusRing(page)).toBe('solid 3px');
    await page.keyboard.press('Enter');

    const answers: Answers = { roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };
    let step = await stepAfter(page, 'name');
    let steps = 0;
    while (step !== 'done') {
      // Each new question takes the focus, so Tab continues from the question, not from the top of the page.
      expect(await focusedTag(page)).toBe('H2');
      for (const id of answers[step] ?? []) {
        await tabTo(page, `form.step input[value="${id}"]`);
        await page.keyboard.press('Space');
        expect(await page.locator(`form.step input[value="${id}"]`).isChecked()).toBe(true);
      }
      await tabTo(page, 'form.step button[type=submit]');
      await page.keyboard.press('Enter');
      step = await stepAfter(page, step);
      steps += 1;
      expect(steps).toBeLessThan(30);
    }

    await tabTo(page, '.step a.btn-primary');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/result/);
    await expect.poll(() => page.locator('.classification .badge').allTextContents()).toEqual(['High-risk AI system']);
    expect(await page.locator('.ob-card[data-id="aia-art26-7"]').count()).toBe(1);
    expect(await focusedTag(page)).toBe('H1');

    // Explanations open from the keyboard too.
    await tabTo(page, '.ob-card[data-id="aia-art26-7"] details.because summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('.ob-card[data-id="aia-art26-7"] details.because').getAttribute('open')).toBe('');
    expect(pageErrors(page)).toEqual([]);
  });

  it('offers a skip link to the main content', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/obligations?lang=en`);
    await page.locator('.result').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(new URL(page.url()).hash).toContain('#/obligations');
  });
});
