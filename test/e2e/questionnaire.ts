import type { Page } from 'playwright-core';

/** The answers a test gives: field → concept ids to tick; every other question is passed with "Next". */
export type Answers = Record<string, string[]>;

/**
 * The field of the question on screen ('name' for the first step), or 'done' when no question is left.
 * The page is read in one evaluation, so a re-render between two reads (question → end) cannot leave
 * the test waiting for a form that is gone.
 */
export async function currentStep(page: Page): Promise<string> {
  const handle = await page.waitForFunction(() => {
    const step = document.querySelector('.step');
    if (!step) return null;
    if (step.hasAttribute('data-done') || document.querySelector('.step[data-done]')) return 'done';
    const form = document.querySelector<HTMLElement>('form.step');
    if (form) return `field:${form.dataset['field'] ?? 'unknown'}`;
    // A step that is neither a question nor the end is the page's problem panel (once it has text).
    const text = (step as HTMLElement).innerText.trim();
    return text ? `problem:${text.slice(0, 500)}` : null;
  }, undefined, { timeout: 30_000, polling: 50 });
  const state = (await handle.jsonValue()) as string;
  if (state.startsWith('problem:')) {
    throw new Error(`the questionnaire shows a problem instead of a question: ${state.slice('problem:'.length)}`);
  }
  return state === 'done' ? 'done' : state.slice('field:'.length);
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
