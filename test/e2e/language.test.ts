import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, pageErrors, hashOf, type E2E } from './harness.js';

describe('the interface in French and German', () => {
  let e2e: E2E;
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${e2e.base}${path}`)).json()) as T;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('switches to French: interface text, knowledge labels, lang attribute and address', async () => {
    const fr = await api<{ label: string }>('/v1/obligations/aia-art26-7?lang=fr');
    const page = await e2e.page();
    await page.goto(`${e2e.base}/#/obligation/aia-art26-7?lang=en`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inform workers before using a high-risk system at work');

    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.locator('h1').textContent()).toBe(fr.label);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(hashOf(page)).toContain('lang=fr');
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['Obligations', 'Évaluer un système', 'Calendrier', 'Registre']);
    expect(await page.locator('#dates-h').textContent()).toBe("Date d'application");
    const cite = page.locator('dd a.cite').first();
    expect(await cite.textContent()).toBe('Art. 26, par. 7');
    expect(await cite.getAttribute('href')).toContain('/legal-content/FR/');
    expect(await page.locator('.notes').textContent()).toContain('a reporté la date d\'application du 2 août 2026 au 2 décembre 2027');
    await e2e.shot(page, 'obligation-detail-fr');

    // The language stays with the user from page to page.
    await page.getByRole('link', { name: 'Calendrier' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Calendrier');
    expect(hashOf(page)).toContain('lang=fr');
    expect(pageErrors(page)).toEqual([]);
  });

  it('asks the questionnaire in German with German concept labels', async () => {
    const vocab = await api<{ fields: { path: string; question: string }[]; schemes: { id: string; concepts: { id: string; label: string }[] }[] }>('/v1/vocabulary?lang=de');
    const roles = vocab.fields.find((f) => f.path === 'roles')!.question;
    const deployer = vocab.schemes.find((s) => s.id === 'role')!.concepts.find((c) => c.id === 'deployer')!.label;
    const page = await e2e.page({ locale: 'de-DE' });
    await page.goto(`${e2e.base}/#/assess?p=${encodeURIComponent('{"name":"Bewerberauswahl"}')}&lang=de`);
    await expect.poll(() => page.locator('form.step h2').textContent()).toBe(roles);
    expect(await page.getByLabel(deployer, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Weiter' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await e2e.shot(page, 'questionnaire-de');
  });

  it('opens in the browser language when the address names none', async () => {
    const page = await e2e.page({ locale: 'fr-FR' });
    await page.goto(`${e2e.base}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe("S'orienter dans le règlement européen sur l'IA");
    expect(hashOf(page)).toContain('lang=fr');
  });
});
