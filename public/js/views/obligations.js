// Look up obligations: search over labels and summaries in all three languages, filters, "in force on" date.
import { h, replace, uid, announce } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { getJson } from '../api.js';
import { href, navigate } from '../router.js';
import { vocabulary, riskClasses, conceptLabel } from '../knowledge.js';
import { citation } from '../legal.js';
import { badge, deonticLabel, errorPanel, loadingText } from '../components.js';

const PAGE = 20;
const FILTERS = ['q', 'role', 'riskClass', 'article', 'deontic', 'asOf'];
const DEONTIC = ['Duty', 'Prohibition', 'Permission', 'Exemption'];

function select(name, label, options, value) {
  const id = uid(name);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, name },
      h('option', { value: '' }, t('filter.any')),
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

function resultItem(ob, vocab, lang) {
  return h('li', { class: 'result' },
    h('h3', {}, h('a', { href: href(`/obligation/${ob.id}`, { lang }) }, ob.label)),
    h('p', { class: 'meta' },
      badge(deonticLabel(ob.deontic), ob.deontic.toLowerCase()), ' ',
      h('span', {}, ob.legalBasis.map((b) => citation(b.iri)).join(', ')), ' · ',
      h('span', {}, ob.bearers.map((r) => conceptLabel(vocab, 'role', r)).join(', '))),
    h('p', { class: 'summary' }, ob.summary));
}

export async function obligationsView(ctx) {
  const { lang } = ctx;
  const [vocab, classes] = await Promise.all([vocabulary(lang), riskClasses(lang)]);
  const p = (k) => ctx.params.get(k) ?? '';
  const roles = vocab.schemes.find((s) => s.id === 'role')?.concepts ?? [];

  const qId = uid('q');
  const articleId = uid('article');
  const asOfId = uid('asof');
  const results = h('div', { class: 'results-area' });
  const status = h('p', { class: 'result-count', role: 'status' });

  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': t('obligations.searchLabel') },
    h('div', { class: 'field field-wide' },
      h('label', { for: qId }, t('obligations.search')),
      h('input', { id: qId, name: 'q', type: 'search', value: p('q'), autocomplete: 'off', placeholder: t('obligations.placeholder'), 'aria-describedby': `${qId}-hint` }),
      h('p', { id: `${qId}-hint`, class: 'hint' }, t('obligations.searchHint'))),
    h('div', { class: 'filters' },
      select('role', t('filter.role'), roles.map((c) => [c.id, c.label]), p('role')),
      select('riskClass', t('filter.riskClass'), classes.concepts.map((c) => [c.id, c.label]), p('riskClass')),
      select('deontic', t('filter.deontic'), DEONTIC.map((d) => [d, deonticLabel(d)]), p('deontic')),
      h('div', { class: 'field field-narrow' },
        h('label', { for: articleId }, t('filter.article')),
        h('input', { id: articleId, name: 'article', type: 'text', inputmode: 'numeric', pattern: '\\d{1,3}[a-z]?', size: 5, value: p('article'), 'aria-describedby': `${articleId}-hint` }),
        h('p', { id: `${articleId}-hint`, class: 'hint' }, t('filter.articleHint'))),
      h('div', { class: 'field' },
        h('label', { for: asOfId }, t('filter.asOf')),
        h('input', { id: asOfId, name: 'asOf', type: 'date', value: p('asOf'), 'aria-describedby': `${asOfId}-hint` }),
        h('p', { id: `${asOfId}-hint`, class: 'hint' }, t('filter.asOfHint')))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('obligations.submit')),
      h('a', { class: 'btn btn-link', href: href('/obligations', { lang }) }, t('obligations.clear'))));

  const formParams = (offset = 0) => {
    const fd = new FormData(form);
    const out = { lang };
    for (const k of FILTERS) out[k] = String(fd.get(k) ?? '').trim();
    if (offset) out.offset = offset;
    return out;
  };
  let timer;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    navigate('/obligations', formParams());
  });
  form.querySelector('input[name=q]').addEventListener('input', () => {
    clearTimeout(timer);
    // Search as you type, unless the search was submitted or the page was left meanwhile (a late timer would
    // otherwise pull the reader back from the obligation they just opened).
    timer = setTimeout(() => {
      if (form.isConnected) navigate('/obligations', formParams(), { replace: true });
    }, 350);
  });
  for (const el of form.querySelectorAll('select, input[type=date]')) {
    el.addEventListener('change', () => navigate('/obligations', formParams(), { replace: true }));
  }

  async function load(c) {
    const q = Object.fromEntries(FILTERS.map((k) => [k, c.params.get(k) ?? '']));
    const offset = Number(c.params.get('offset') ?? 0) || 0;
    for (const k of FILTERS) {
      const el = form.elements.namedItem(k);
      if (el && el !== document.activeElement && el.value !== q[k]) el.value = q[k];
    }
    replace(results, loadingText());
    try {
      const page = await getJson('/v1/obligations', { ...q, lang, offset, limit: PAGE });
      const from = page.total ? page.offset + 1 : 0;
      const to = page.offset + page.items.length;
      status.textContent = t('obligations.count', { count: page.total, total: formatNumber(page.total) });
      const pager = h('nav', { class: 'pager', 'aria-label': t('pager.label') },
        page.offset > 0 ? h('a', { class: 'btn', href: href('/obligations', { ...q, lang, offset: Math.max(0, page.offset - PAGE) }) }, t('pager.previous')) : null,
        page.total ? h('span', {}, t('pager.range', { from, to, total: page.total })) : null,
        to < page.total ? h('a', { class: 'btn', href: href('/obligations', { ...q, lang, offset: to }) }, t('pager.next')) : null);
      replace(results,
        page.items.length
          ? h('ol', { class: 'results', start: from }, page.items.map((ob) => resultItem(ob, vocab, lang)))
          : h('p', { class: 'empty' }, t('obligations.none')),
        page.total > PAGE ? pager : null);
      announce(status.textContent);
    } catch (err) {
      status.textContent = '';
      replace(results, errorPanel(err));
    }
  }

  const node = h('div', { class: 'obligations' },
    h('h1', {}, t('obligations.title')),
    h('p', { class: 'lead' }, t('obligations.lead')),
    form,
    h('section', { 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading', class: 'visually-hidden' }, t('obligations.results')),
      status,
      results));
  await load(ctx);
  return { title: t('obligations.title'), node, update: load };
}
