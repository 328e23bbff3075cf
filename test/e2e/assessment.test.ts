import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, pageErrors, hashOf, CV_SCREENER, type E2E } from './harness.js';
import { stepAfter, type Answers } from './questionnaire.js';

const resultUrl = (base: string, lang = 'en'): string =>
  `${base}/#/result?p=${encodeURIComponent(JSON.stringify(CV_SCREENER))}&asOf=2026-11-28&lang=${lang}`;

describe('assessing a system in the browser', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('guides through the questionnaire for a CV-screening tool and finds it high-risk with Art 26 duties', async () => {
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/assess?lang=en`);
    await page.getByLabel('What is the system called?').fill('CV screener');
    await page.getByLabel('Assess as of').fill('2026-11-28');
    await page.getByRole('button', { name: 'Start the questionnaire' }).click();

    const answers: Answers = { roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };
    const asked: string[] = [];
    let step = await stepAfter(page, 'name');
    while (step !== 'done') {
      asked.push(step);
      for (const id of answers[step] ?? []) await page.locator(`form.step input[value="${id}"]`).check();
      if (step === 'annexIIIUseCases') await e2e.shot(page, 'questionnaire-step');
      await page.getByRole('button', { name: 'Next' }).click();
      step = await stepAfter(page, step);
      expect(asked.length).toBeLessThan(30);
    }
    expect(asked).toEqual(expect.arrayContaining(['roles', 'annexIIIUseCases', 'deployerContext']));
    await page.getByRole('link', { name: 'See the result', exact: true }).click();
    await page.waitForURL(/#\/result/);

    await expect.poll(() => page.locator('.classification .badge').allTextContents()).toEqual(['High-risk AI system']);
    const art26 = page.locator('.ob-card[data-id="aia-art26-7"]');
    expect(await art26.locator('.cites').textContent()).toBe('Art 26(7)');
    await art26.locator('details.because summary').click();
    const why = await art26.locator('details.because').textContent();
    expect(why).toContain('Annex III high-risk use cases: Recruitment and selection');
    expect(why).toContain('Employer using the system at the workplace');
    expect(why).toContain('Art 6(2)');
    // Conditions a rule rests on are named by their label, not their id.
    expect(why).toContain('Art 6(3) derogation claimed');
    expect(why).not.toContain('derogation claimed)');
    expect(await page.locator('.ob-card .cites', { hasText: 'Art 26(' }).count()).toBeGreaterThanOrEqual(8);
    await page.evaluate(() => window.scrollTo(0, 0));
    await e2e.shot(page, 'assessment-result-top', false);
    expect(pageErrors(page)).toEqual([]);
  });

  it('answers an Object question through its sub-form', async () => {
    const classes = (await (await fetch(`${e2e.base}/v1/risk-classes?lang=en`)).json()) as { concepts: { id: string; label: string }[] };
    const systemic = classes.concepts.find((c) => c.id === 'gpai-systemic-risk')!.label;
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/assess?p=${encodeURIComponent('{"name":"Foundation model","roles":["provider"]}')}&edit=gpaiModel&asOf=2026-11-28&lang=en`);
    const form = page.locator('form.step[data-field=gpaiModel]');
    await form.getByLabel('Yes').first().check();
    await form.getByLabel('How much cumulative compute (FLOP) was used to train the model?').fill('1e26');
    await form.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/gpaiModel/);
    const p = JSON.parse(new URLSearchParams(hashOf(page).split('?')[1]).get('p')!);
    expect(p.gpaiModel).toEqual({ trainingComputeFlop: 1e26 });
    await expect.poll(() => page.locator('.interim .badge').allTextContents()).toContain(systemic);
  });

  it('groups obligations by deadline and highlights the next one', async () => {
    const page = await e2e.page();
    await page.goto(resultUrl(e2e.base));
    await page.getByRole('button', { name: 'Deadline' }).click();
    await expect.poll(() => page.locator('.ob-group.is-next h3').textContent()).toContain('2 December 2027');
    expect(hashOf(page)).toContain('group=date');
    expect(await page.getByRole('button', { name: 'Deadline' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#tl-h ~ .timeline .is-next').textContent()).toContain('Next deadline');
  });

  it('shows what does not apply and why when an Art 6(3) condition is met', async () => {
    const page = await e2e.page();
    const profile = { name: 'Interview scheduler', roles: ['provider'], annexIIIUseCases: ['annex-iii-4a'], derogationConditions: ['narrow-procedural-task'], profilesNaturalPersons: false };
    await page.goto(`${e2e.base}/#/result?p=${encodeURIComponent(JSON.stringify(profile))}&asOf=2026-11-28&lang=en`);
    const na = page.locator('section[aria-labelledby=na-h] li');
    await expect.poll(() => na.count()).toBeGreaterThan(0);
    expect(await na.first().textContent()).toMatch(/Art 6\(3\)/);
  });

  it('exports the evidence checklist as a CSV download', async () => {
    const page = await e2e.page();
    await page.goto(resultUrl(e2e.base));
    const button = page.locator('#export-checklist');
    await button.waitFor({ state: 'visible' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('cv-screener-evidence-checklist.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/evidence/i);
    expect(csv).toContain('aia-art26-7');
    await e2e.shot(page, 'assessment-result');
  });

  it('downloads the plan, its OSCAL form and the assessment itself', async () => {
    const page = await e2e.page();
    await page.goto(resultUrl(e2e.base));
    await page.locator('#export-plan').waitFor({ state: 'visible' });
    const files: Record<string, string> = {};
    for (const id of ['export-plan', 'export-oscal', 'export-assessment']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id}`).click()]);
      files[download.suggestedFilename()] = readFileSync((await download.path())!, 'utf8');
    }
    expect(JSON.parse(files['cv-screener-test-plan.json']!).suites.length).toBeGreaterThan(0);
    expect(JSON.parse(files['cv-screener-assessment-plan.oscal.json']!)).toHaveProperty('assessment-plan');
    const saved = JSON.parse(files['cv-screener-assessment.json']!);
    expect(saved.profile).toEqual(CV_SCREENER);
    expect(saved.assessment.riskClasses).toEqual(['high-risk']);
  });

  it('prints a clean report without navigation or buttons', async () => {
    const page = await e2e.page();
    await page.goto(resultUrl(e2e.base));
    await page.locator('.ob-card').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.export-bar').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('details:not([open])').count()).toBe(0);
    await e2e.shot(page, 'assessment-print');
    await page.pdf({ path: 'test-output/screenshots/assessment-report.pdf', format: 'A4' });
  });
});
