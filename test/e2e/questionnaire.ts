import type { Page } from 'playwright-core';

/** The answers a test gives: field → concept ids to tick; every other question is passed with "Next". */
export type Answers = Record<string, string[]>;

/** The field of the question on screen ('name' for the first step), or 'done' when no question is left. */
export async function currentStep(page: Page): Promise<string> {
  await page.locator('.step').first().waitFor();
  if (await page.locator('.step[data-done]').count()) return 'done';
  const form = page.locator('form.step').first();
  if ((await form.count()) === 0) {
    // A step that is neither a question nor the end is the page's problem panel: say what the API answered.
    const text = await page.locator('.step').first().innerText().catch(() => '');
    if (text) throw new Error(`the questionnaire shows a problem instead of a question: ${text.slice(0, 500)}`);
  }
  return (await form.getAttribute('data-field')) ?? 'unknown';
}

/** Waits for the next step: every answer is a new route, and an answered field is never asked again. */
export async function stepAfter(page: Page, previous: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const step = await currentStep(page);
    if (step !== previous) return step;
    await page.waitForTimeout(50);
  }
  throw new Error(`the questionnaire stayed on ${previous}`);
}
