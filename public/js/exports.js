// Export buttons for an assessment: evidence checklist (CSV), test plan (JSON, OSCAL) from the server's plan
// endpoints, and the assessment itself as JSON. A button whose endpoint the server lacks stays hidden.
import { h, announce } from './dom.js';
import { t } from './i18n.js';
import { postForFile, routeExists, ApiError } from './api.js';
import { saveFile, errorPanel } from './components.js';

const slug = (s) => (String(s ?? 'system').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'system');

/** The export toolbar; endpoints are probed and their buttons shown once known to exist. */
export function exportBar(profile, assessment, { asOf, lang }) {
  const status = h('div', { class: 'export-status', 'aria-live': 'polite' });
  const name = slug(profile.name);
  const server = [
    { path: '/v1/evidence-checklist', params: { format: 'csv' }, label: t('export.checklistCsv'), file: `${name}-evidence-checklist.csv`, id: 'export-checklist' },
    { path: '/v1/plans', params: {}, label: t('export.planJson'), file: `${name}-test-plan.json`, id: 'export-plan' },
    { path: '/v1/plans', params: { format: 'oscal' }, label: t('export.oscal'), file: `${name}-assessment-plan.oscal.json`, id: 'export-oscal' },
  ];
  const buttons = server.map((x) => {
    const b = h('button', { type: 'button', class: 'btn', id: x.id, hidden: true }, x.label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      status.replaceChildren(t('export.preparing'));
      try {
        const { blob } = await postForFile(x.path, profile, { ...x.params, asOf, lang }, x.file);
        saveFile(blob, x.file);
        status.replaceChildren(t('export.saved', { file: x.file }));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
          b.hidden = true;
          status.replaceChildren(t('export.unavailable'));
        } else status.replaceChildren(errorPanel(err));
      } finally {
        b.disabled = false;
      }
    });
    routeExists(x.path).then((ok) => { b.hidden = !ok; });
    return b;
  });
  const json = h('button', { type: 'button', class: 'btn', id: 'export-assessment' }, t('export.assessmentJson'));
  json.addEventListener('click', () => {
    const file = `${name}-assessment.json`;
    saveFile(new Blob([JSON.stringify({ profile, assessment }, null, 2)], { type: 'application/json' }), file);
    status.replaceChildren(t('export.saved', { file }));
    announce(t('export.saved', { file }));
  });
  const print = h('button', { type: 'button', class: 'btn', id: 'print-report', onclick: () => window.print() }, t('export.print'));
  return h('div', { class: 'export-bar no-print', role: 'group', 'aria-label': t('export.label') }, buttons, json, print, status);
}
