import type { Page } from 'playwright-core';

/** The answers a test gives: field → concept ids to tick; every other question is left for "Next". */
export type Answers = Record<string, string[]>;

/** The field of the question on screen, or 'done' when the questionnaire has no more questions. */
export async function currentStep(page: Page): Promise<string> {
  await page.locator('.step').first().waitFor();
  if (await page.locator('.step[data-done]').count()) return 'done';
  const field = await page.locator('form.step').first().getAttribute('data-field');
  return field ?? 'unknown';
}

/** Waits until the step on screen differs from `previous` (each answer is a new route). */
export async function nextStep(page: Page, previous: string, seen: number): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const steps = await page.evaluate(() => history.length);
    const step = await currentStep(page);
    if (step !== previous || steps > seen) return step;
    await page.waitForTimeout(50);
  }
  throw new Error(`the questionnaire stayed on ${previous}`);
}
