// Entry point: language, hash routes (every view has a shareable URL), rendering and focus management.
import { h, replace, announce } from './dom.js';
import { LANGS, setLanguage, lang, t, translateShell } from './i18n.js';
import { parseHash, href, setCurrentLang } from './router.js';
import { errorPanel } from './components.js';
import { vocabulary } from './knowledge.js';
import { homeView } from './views/home.js';
import { obligationsView } from './views/obligations.js';
import { obligationView } from './views/obligation.js';
import { assessView } from './views/assess.js';
import { resultView } from './views/result.js';
import { timelineView } from './views/timeline.js';
import { registerView } from './views/register.js';

const ROUTES = [
  { pattern: /^\/?$/, nav: 'home', view: homeView },
  { pattern: /^\/obligations$/, nav: 'obligations', view: obligationsView },
  { pattern: /^\/obligation\/([a-z0-9-]+)$/, nav: 'obligations', view: obligationView },
  { pattern: /^\/assess$/, nav: 'assess', view: assessView },
  { pattern: /^\/result$/, nav: 'assess', view: resultView },
  { pattern: /^\/timeline$/, nav: 'timeline', view: timelineView },
  { pattern: /^\/register$/, nav: 'register', view: registerView },
];

const PREF_KEY = 'regkg.lang';
const main = document.getElementById('main');
const langSelect = document.getElementById('lang-select');
let current = null;
let token = 0;
let first = true;

function preferredLang(params) {
  const asked = params.get('lang');
  if (LANGS.includes(asked)) return asked;
  const stored = localStorage.getItem(PREF_KEY);
  if (LANGS.includes(stored)) return stored;
  for (const l of navigator.languages ?? []) {
    const short = l.slice(0, 2).toLowerCase();
    if (LANGS.includes(short)) return short;
  }
  return 'en';
}

function markNav(nav) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  const { path, params } = parseHash();
  const wanted = preferredLang(params);
  if (!params.has('lang')) {
    // Keep the language in the address so that a copied URL opens the same view in the same language.
    params.set('lang', wanted);
    history.replaceState(history.state, '', href(path, params));
  }
  const langChanged = wanted !== lang() || first;
  if (langChanged) {
    await setLanguage(wanted);
    setCurrentLang(wanted);
    translateShell();
    langSelect.value = wanted;
    vocabulary(wanted).then((v) => { document.getElementById('knowledge-version').textContent = v.knowledgeVersion; }, () => {});
  }
  const r = ROUTES.find((x) => x.pattern.test(path)) ?? null;
  markNav(r?.nav);
  const ctx = { path, params, lang: wanted, match: r ? r.pattern.exec(path) : null };
  const mine = ++token;

  if (r && current && current.route === r && current.path === path && !langChanged && current.instance.update) {
    if ((await current.instance.update(ctx)) !== false) return;
  }
  main.setAttribute('aria-busy', 'true');
  let instance;
  try {
    instance = r ? await r.view(ctx) : { title: t('notFound.title'), node: h('div', {}, h('h1', { tabindex: '-1' }, t('notFound.title')), h('p', {}, h('a', { href: href('/') }, t('notFound.home')))) };
  } catch (err) {
    instance = { title: t('error.title'), node: errorPanel(err, { heading: true }) };
  }
  if (mine !== token) return; // a later navigation won
  replace(main, instance.node);
  main.removeAttribute('aria-busy');
  current = { route: r, path, instance };
  document.title = `${instance.title} — regkg`;
  if (!first || params.has('focus')) {
    const target = main.querySelector(instance.focus ?? 'h1') ?? main;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
    if (!instance.focus) window.scrollTo(0, 0);
    announce(instance.title);
  }
  first = false;
}

langSelect.addEventListener('change', () => {
  const { path, params } = parseHash();
  localStorage.setItem(PREF_KEY, langSelect.value);
  params.set('lang', langSelect.value);
  location.hash = href(path, params).slice(1);
});

// Print: open every collapsed section so a PDF holds the whole report, then restore.
const opened = [];
window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('details:not([open])')) {
    d.open = true;
    opened.push(d);
  }
});
window.addEventListener('afterprint', () => {
  while (opened.length) opened.pop().open = false;
});

// The skip link moves focus without touching the address (the hash holds the route).
document.querySelector('.skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => { route().catch(console.error); });
route().catch((err) => {
  replace(main, errorPanel(err, { heading: true }));
});
