// Start page: what regkg does and the three ways in.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { nonAuthoritativeNotice } from '../components.js';

export async function homeView() {
  const card = (path, title, text) => h('li', { class: 'card' },
    h('h2', {}, h('a', { href: href(path) }, title)),
    h('p', {}, text));
  const node = h('div', { class: 'home' },
    h('h1', {}, t('home.title')),
    h('p', { class: 'lead' }, t('home.lead')),
    h('ul', { class: 'cards' },
      card('/obligations', t('home.obligations.title'), t('home.obligations.text')),
      card('/assess', t('home.assess.title'), t('home.assess.text')),
      card('/timeline', t('home.timeline.title'), t('home.timeline.text')),
      card('/register', t('home.register.title'), t('home.register.text'))),
    nonAuthoritativeNotice());
  return { title: t('home.title'), node };
}
